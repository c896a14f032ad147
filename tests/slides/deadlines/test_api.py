"""The deadline API: a talk's extensions (list, create) and the reminders sent for it, for organisers
only (403 for someone who may see the conference, 404 for someone who may not), with JSON field
errors, events, and constant query counts."""

import datetime as dt

import pytest

from events.models import OutboxEvent
from slides.models import DeadlineExtension, Status, TalkSlides
from slides.services.lateness import deadline_extend, talk_flag_late
from slides.services.reminders import deadlines_tick
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, london

pytestmark = pytest.mark.django_db

SIZES = [1, 3]
# Draft reminders go 7 and 2 days before the draft deadline and on the day (the default "7,2,0").
REMINDER_TICKS = [london(9, 9, 9), london(9, 14, 9), london(9, 16, 9)]


def extensions_url(conference, code: str) -> str:
    return f"/api/conferences/{conference.slug}/slides/talks/{code}/extensions/"


def reminders_url(conference, code: str) -> str:
    return f"/api/conferences/{conference.slug}/slides/talks/{code}/reminders/"


def test_api_organiser_lists_a_talks_extensions_newest_first(organiser_api, conference, talk, organiser):
    first = deadline_extend(submission=talk, kind="draft", until=london(9, 20, 18), by=organiser, now=london(9, 1))
    second = deadline_extend(
        submission=talk, kind="final", until=london(9, 29, 22), reason="Travelling", by=organiser, now=london(9, 2)
    )

    response = organiser_api.get(extensions_url(conference, talk.code))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [second.pk, first.pk]
    assert response.json()[0] == {
        "id": second.pk,
        "kind": "final",
        "until": "2030-09-29T21:00:00Z",
        "reason": "Travelling",
        "granted_by": organiser.pk,
        "created_at": response.json()[0]["created_at"],
    }


def test_api_organiser_extends_a_late_talk_and_it_is_no_longer_late(organiser_api, conference, talk, organiser):
    talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(minutes=1))

    response = organiser_api.post(
        extensions_url(conference, talk.code),
        {"kind": "draft", "until": "2030-09-20T18:00:00+01:00", "reason": "Visa trouble"},
        format="json",
    )

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["until"]) == ("draft", "2030-09-20T17:00:00Z")
    assert (response.json()["reason"], response.json()["granted_by"]) == ("Visa trouble", organiser.pk)
    record = TalkSlides.objects.get(submission=talk)
    assert (record.draft_due_extended_to, record.status) == (london(9, 20, 18), Status.MISSING)
    event = OutboxEvent.objects.get(type="summit.slides.deadline.extended.v1")
    assert (event.data["extension_id"], event.data["status"]) == (response.json()["id"], "missing")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"until": "2030-09-20T18:00:00+01:00"}, "kind"),
        ({"kind": "slides", "until": "2030-09-20T18:00:00+01:00"}, "kind"),
        ({"kind": "final"}, "until"),
        ({"kind": "final", "until": "next week"}, "until"),
        ({"kind": "final", "until": "2030-09-20T18:00:00+01:00", "reason": "x" * 301}, "reason"),
    ],
    ids=["no-kind", "unknown-kind", "no-until", "not-a-time", "reason-too-long"],
)
def test_api_extension_with_bad_input_is_a_field_error(organiser_api, conference, talk, payload, field):
    response = organiser_api.post(extensions_url(conference, talk.code), payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize(
    ("until", "message_start"),
    [
        ("2020-01-01T10:00:00Z", "The new deadline must be in the future."),
        ("2030-09-30T11:00:00+01:00", "Uploads lock when the talk starts, "),
    ],
    ids=["past", "after-the-talk-starts"],
)
def test_api_extension_the_service_refuses_is_an_error_on_until(organiser_api, conference, talk, until, message_start):
    response = organiser_api.post(extensions_url(conference, talk.code), {"kind": "final", "until": until})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["until"]
    assert response.json()["fields"]["until"][0].startswith(message_start)
    assert not DeadlineExtension.objects.exists()


def test_api_site_admin_may_extend(api_client_for, site_admin, conference, talk):
    response = api_client_for(site_admin).post(
        extensions_url(conference, talk.code), {"kind": "final", "until": "2030-09-29T20:00:00+01:00"}
    )

    assert response.status_code == 201


@pytest.mark.parametrize("who", ["reviewer", "other_organiser", "outsider", "ada"])
def test_api_extensions_and_reminders_are_forbidden_to_everyone_else(api_client_for, person, conference, talk, who):
    client = api_client_for(person(who))

    assert client.get(extensions_url(conference, talk.code)).status_code == 403
    posted = client.post(extensions_url(conference, talk.code), {"kind": "final", "until": "2030-09-20T10:00:00Z"})
    assert posted.status_code == 403
    assert client.get(reminders_url(conference, talk.code)).status_code == 403
    # The refusal is the same for a talk that does not exist: it tells nothing about the talk codes.
    assert client.get(extensions_url(conference, "ZZZZZZZZ")).status_code == 403
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["other_organiser", "outsider", "ada"])
def test_api_extensions_and_reminders_of_a_private_conference_are_not_found(
    api_client_for, person, conference, talk, who
):
    conference.is_public = False
    conference.save()
    client = api_client_for(person(who))

    assert client.get(extensions_url(conference, talk.code)).status_code == 404
    posted = client.post(extensions_url(conference, talk.code), {"kind": "final", "until": "2030-09-20T10:00:00Z"})
    assert posted.status_code == 404
    assert client.get(reminders_url(conference, talk.code)).status_code == 404
    assert not DeadlineExtension.objects.exists()


def test_api_extensions_need_a_signed_in_caller(api_client_for, conference, talk):
    assert api_client_for(None).get(extensions_url(conference, talk.code)).status_code == 401


def test_api_talk_not_accepted_or_of_another_conference_is_404(organiser_api, conference, other_conference, track):
    rejected = SubmissionFactory(conference=conference, track=track, state="rejected")
    elsewhere = SubmissionFactory(conference=other_conference, state="accepted")

    for code in (rejected.code, elsewhere.code, "ZZZZZZZZ"):
        assert organiser_api.get(extensions_url(conference, code)).status_code == 404
        assert organiser_api.get(reminders_url(conference, code)).status_code == 404


def test_api_organiser_lists_the_reminders_sent_newest_first(organiser_api, conference, talk):
    for now in REMINDER_TICKS:
        deadlines_tick(now=now)

    response = organiser_api.get(reminders_url(conference, talk.code))

    assert response.status_code == 200
    rows = response.json()
    assert [(row["kind"], row["days_before"], row["deadline"]) for row in rows] == [
        ("draft", 0, "2030-09-16T17:00:00Z"),
        ("draft", 2, "2030-09-16T17:00:00Z"),
        ("draft", 7, "2030-09-16T17:00:00Z"),
    ]
    assert set(rows[0]) == {"id", "kind", "days_before", "deadline", "sent_at"}


@pytest.mark.parametrize("size", SIZES)
def test_api_extension_list_queries_do_not_grow(
    django_assert_num_queries, organiser_api, conference, talk, organiser, size
):
    for n in range(size):
        deadline_extend(submission=talk, kind="final", until=london(9, 29, 20 + n), by=organiser, now=london(9, 1))

    # The token, the conference (the access policy), the caller's roles, the talk, the extensions.
    with django_assert_num_queries(5):
        response = organiser_api.get(extensions_url(conference, talk.code))

    assert len(response.json()) == size


@pytest.mark.parametrize("size", SIZES)
def test_api_reminder_list_queries_do_not_grow(django_assert_num_queries, organiser_api, conference, talk, size):
    for now in REMINDER_TICKS[:size]:
        deadlines_tick(now=now)

    with django_assert_num_queries(5):
        response = organiser_api.get(reminders_url(conference, talk.code))

    assert len(response.json()) == size
