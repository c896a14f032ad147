"""Real use is never throttled under the production rates: an organiser's busy editing session, by
the editor's htmx calls and through the API, and the attendees' reads, all go through."""

import pytest

from schedule.services.slots import slot_place_talk
from summit.settings import base

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_limits(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": base.API_THROTTLE_RATES}
    settings.ATTEMPT_LIMITS = base.ATTEMPT_LIMITS


def test_sixty_editor_moves_then_sixty_through_the_api_are_not_throttled(
    production_limits, organiser_client, organiser_api, conference, rooms, talk, organiser, at
):
    slot, _ = slot_place_talk(
        conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )
    editor = [
        organiser_client.post(
            f"/manage/{conference.slug}/schedule/place/",
            {"item": f"slot:{slot.pk}", "day": "2030-09-30", "room": rooms[1 + n % 2].pk, "start": f"{10 + n % 6}:00"},
            HTTP_HX_REQUEST="true",
        ).status_code
        for n in range(60)
    ]
    api = [
        organiser_api.patch(
            f"/api/conferences/{conference.slug}/schedule/slots/{slot.pk}/",
            {"room": rooms[1 + n % 2].pk, "starts_at": f"2030-09-30T{10 + n % 6}:20:00-07:00"},
            format="json",
        ).status_code
        for n in range(60)
    ] + [organiser_api.get(f"/api/conferences/{conference.slug}/schedule/slots/").status_code for _ in range(60)]

    assert 429 not in editor and set(editor) <= {200, 302}
    assert api == [200] * 120


def test_an_attendee_app_reading_the_schedule_is_not_throttled(production_limits, api_client_for, conference, released):
    client = api_client_for(None)
    paths = [f"/api/conferences/{conference.slug}/schedule/{rest}" for rest in ("", "talks/", "speakers/")]

    answers = [client.get(paths[n % 3]).status_code for n in range(150)]

    assert answers == [200] * 150
