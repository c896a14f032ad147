"""The REST API for conferences and their lists: who reads, who writes, and the shape of its errors."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conference.models import Conference, ConferenceRole, Track
from events.models import OutboxEvent
from tests.factories import ConferenceFactory, LevelFactory, RoomFactory, SubmissionTypeFactory, TrackFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db

LISTS = [
    ("tracks", TrackFactory),
    ("rooms", RoomFactory),
    ("submission-types", SubmissionTypeFactory),
    ("levels", LevelFactory),
]
LIST_PREFIXES = [prefix for prefix, _ in LISTS]
NEW_ITEMS = {
    "tracks": ({"name": "Core", "slug": "core", "colour": "#0a58ca"}, "track"),
    "rooms": ({"name": "Grand Ballroom", "capacity": 1500, "is_plenary": True}, "room"),
    "submission-types": ({"name": "Talk", "duration_minutes": 40}, "submission_type"),
    "levels": ({"name": "Advanced", "slug": "advanced"}, "level"),
}


def conference_url(slug: str) -> str:
    return reverse("conference-detail", args=[slug])


def list_url(conference, prefix: str) -> str:
    return reverse(f"conference-{prefix}-list", kwargs={"conference_slug": conference.slug})


def item_url(item, prefix: str) -> str:
    return reverse(f"conference-{prefix}-detail", kwargs={"conference_slug": item.conference.slug, "pk": item.pk})


@pytest.fixture
def private(conference):
    conference.is_public = False
    conference.save()
    return conference


# --- Reading ------------------------------------------------------------------------------------


def test_conference_list_anonymous_sees_public_conferences_only(api_client_for, conference):
    ConferenceFactory(slug="hidden-summit", is_public=False)

    response = api_client_for(None).get(reverse("conference-list"))

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [conference.slug]


def test_conference_detail_public_is_readable_anonymously(api_client_for, conference):
    response = api_client_for(None).get(conference_url(conference.slug))

    assert response.status_code == 200
    assert response.json()["name"] == "Kafka Summit Test"


@pytest.mark.parametrize("prefix, factory", LISTS)
def test_catalogue_list_public_is_readable_anonymously(api_client_for, conference, prefix, factory):
    item = factory(conference=conference)
    factory(conference=ConferenceFactory())  # another conference's item stays out

    response = api_client_for(None).get(list_url(conference, prefix))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [item.pk]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "attendee", "other_organiser"])
def test_conference_detail_private_is_not_found_for_outsiders(api_client_for, person, private, who):
    response = api_client_for(person(who)).get(conference_url(private.slug))

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "Not found.", "fields": {}}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "attendee"])
def test_conference_list_private_is_hidden_from_outsiders(api_client_for, person, private, who):
    response = api_client_for(person(who)).get(reverse("conference-list"))

    assert response.json()["results"] == []


@pytest.mark.parametrize("prefix", LIST_PREFIXES)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "attendee"])
def test_catalogue_list_private_is_not_found_for_outsiders(api_client_for, person, private, prefix, who):
    response = api_client_for(person(who)).get(list_url(private, prefix))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["organiser", "reviewer", "mentor", "site_admin"])
def test_conference_detail_private_is_visible_to_its_team(api_client_for, person, private, who):
    response = api_client_for(person(who)).get(conference_url(private.slug))

    assert response.status_code == 200


@pytest.mark.parametrize("prefix", LIST_PREFIXES)
@pytest.mark.parametrize("who", ["organiser", "reviewer", "mentor"])
def test_catalogue_list_private_is_visible_to_its_team(api_client_for, person, private, prefix, who):
    response = api_client_for(person(who)).get(list_url(private, prefix))

    assert response.status_code == 200


# --- Writing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", LIST_PREFIXES)
def test_catalogue_create_by_organiser_goes_through_the_service(organiser_api, conference, prefix):
    data, event_name = NEW_ITEMS[prefix]

    response = organiser_api.post(list_url(conference, prefix), data, format="json")

    assert response.status_code == 201
    event = OutboxEvent.objects.get()
    assert event.type == f"summit.conference.{event_name}.created.v1"
    assert event.subject == f"{event_name}/{response.json()['id']}"


def test_catalogue_create_anonymous_is_unauthorised(api_client_for, conference):
    response = api_client_for(None).post(list_url(conference, "tracks"), NEW_ITEMS["tracks"][0], format="json")

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert Track.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", "reviewer", "mentor", "attendee", "other_organiser"])
def test_catalogue_create_without_organiser_role_is_forbidden(api_client_for, person, conference, who):
    response = api_client_for(person(who)).post(list_url(conference, "tracks"), NEW_ITEMS["tracks"][0], format="json")

    assert response.status_code == 403
    assert response.json() == {
        "error": "permission_denied",
        "message": "You do not have permission to perform this action.",
        "fields": {},
    }
    assert Track.objects.count() == 0


def test_catalogue_update_by_organiser_emits_changed_fields(organiser_api, conference):
    track = TrackFactory(conference=conference, name="Core")

    response = organiser_api.patch(item_url(track, "tracks"), {"name": "Core Kafka"}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Core Kafka"
    assert OutboxEvent.objects.get().data["changed_fields"] == ["name"]


@pytest.mark.parametrize("who", ["reviewer", "other_organiser"])
def test_catalogue_update_without_organiser_role_is_forbidden(api_client_for, person, conference, who):
    track = TrackFactory(conference=conference, name="Core")

    response = api_client_for(person(who)).patch(item_url(track, "tracks"), {"name": "Mine"}, format="json")

    assert response.status_code == 403
    track.refresh_from_db()
    assert track.name == "Core"


def test_catalogue_delete_by_organiser_emits_deleted(organiser_api, conference):
    room = RoomFactory(conference=conference)

    response = organiser_api.delete(item_url(room, "rooms"))

    assert response.status_code == 204
    assert list(OutboxEvent.objects.values_list("type", flat=True)) == ["summit.conference.room.deleted.v1"]


def test_catalogue_delete_by_reviewer_is_forbidden(api_client_for, reviewer, conference):
    room = RoomFactory(conference=conference)

    response = api_client_for(reviewer).delete(item_url(room, "rooms"))

    assert response.status_code == 403
    assert conference.rooms.count() == 1


def test_conference_update_by_organiser_emits_changed_fields(organiser_api, conference):
    response = organiser_api.patch(conference_url(conference.slug), {"venue": "Moscone West"}, format="json")

    assert response.status_code == 200
    event = OutboxEvent.objects.get()
    assert event.type == "summit.conference.conference.updated.v1"
    assert event.data["changed_fields"] == ["venue"]


@pytest.mark.parametrize("who, status", [("anonymous", 401), ("reviewer", 403), ("other_organiser", 403)])
def test_conference_update_without_organiser_role_is_refused(api_client_for, person, conference, who, status):
    response = api_client_for(person(who)).patch(conference_url(conference.slug), {"venue": "Mine"}, format="json")

    assert response.status_code == status
    assert OutboxEvent.objects.count() == 0


def test_conference_create_by_site_admin_makes_them_organiser(api_client_for, site_admin):
    data = {"name": "Current 2030", "slug": "current-2030", "start_date": "2030-05-14", "end_date": "2030-05-15"}

    response = api_client_for(site_admin).post(reverse("conference-list"), data, format="json")

    assert response.status_code == 201
    conference = Conference.objects.get(slug="current-2030")
    assert list(conference.roles.values_list("user", "role")) == [(site_admin.pk, ConferenceRole.Role.ORGANISER)]
    assert list(OutboxEvent.objects.values_list("type", flat=True)) == ["summit.conference.conference.created.v1"]


def test_conference_create_by_organiser_is_forbidden(organiser_api):
    data = {"name": "Mine", "slug": "mine", "start_date": "2030-05-14", "end_date": "2030-05-15"}

    response = organiser_api.post(reverse("conference-list"), data, format="json")

    assert response.status_code == 403
    assert Conference.objects.filter(slug="mine").exists() is False


# --- Errors -------------------------------------------------------------------------------------


def test_catalogue_create_bad_colour_reports_the_field(organiser_api, conference):
    data = {"name": "Core", "slug": "core", "colour": "blue"}

    response = organiser_api.post(list_url(conference, "tracks"), data, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "The request has invalid fields.",
        "fields": {"colour": ["Use a hex colour such as #1f6feb."]},
    }
    assert OutboxEvent.objects.count() == 0


def test_catalogue_create_duplicate_slug_reports_the_field(organiser_api, conference):
    TrackFactory(conference=conference, slug="core")

    response = organiser_api.post(list_url(conference, "tracks"), {"name": "Core 2", "slug": "core"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"slug": ["Track with this Short name already exists."]}
    assert conference.tracks.count() == 1


def test_conference_update_cfp_closing_before_opening_reports_the_field(organiser_api, conference):
    data = {"cfp_opens_at": "2030-06-01T09:00:00Z", "cfp_closes_at": "2030-03-01T09:00:00Z"}

    response = organiser_api.patch(conference_url(conference.slug), data, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"cfp_closes_at": ["The call for papers must close after it opens."]}
    conference.refresh_from_db()
    assert conference.cfp_opens_at is None


def test_conference_create_unknown_timezone_reports_the_field(api_client_for, site_admin):
    data = {
        "name": "Mars 2030",
        "slug": "mars-2030",
        "timezone": "Mars/Olympus_Mons",
        "start_date": "2030-05-14",
        "end_date": "2030-05-15",
    }

    response = api_client_for(site_admin).post(reverse("conference-list"), data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["timezone"]


# --- Authentication -----------------------------------------------------------------------------


def test_token_auth_identifies_the_organiser(organiser_api, private):
    response = organiser_api.get(conference_url(private.slug))

    assert response.status_code == 200


def test_token_auth_with_unknown_token_is_unauthorised(conference):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get(conference_url(conference.slug))

    assert response.status_code == 401
    assert response.json() == {
        "error": "authentication_failed",
        "message": "Invalid, expired or revoked token.",
        "fields": {},
    }


def test_unknown_api_url_answers_json_not_found(api_client_for):
    response = api_client_for(None).get("/api/conferences/Not-A-Slug/tracks/")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "Not found.", "fields": {}}


@pytest.mark.parametrize("path", ["/api/nope/", "/api/conferences/Not-A-Slug/tracks/", "/api/v2/anything"])
def test_unknown_api_url_answers_json_not_found_with_debug_on_too(api_client_for, settings, path):
    # The demo runs with DEBUG on, where Django answered its HTML debugging page instead of handler404.
    settings.DEBUG = True

    response = api_client_for(None).get(path)

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"error": "not_found", "message": "Not found.", "fields": {}}


def test_unknown_page_url_answers_html_not_found(client):
    response = client.get("/manage/no-such-summit/tracks/1/nope/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_catalogue_delete_track_in_use_reports_why(organiser_api, conference):
    track = TrackFactory(conference=conference, name="Core")
    SubmissionFactory(conference=conference, track=track)

    response = organiser_api.delete(item_url(track, "tracks"))

    assert response.status_code == 409
    assert response.json() == {
        "error": "in_use",
        "message": "Core is still in use and cannot be deleted.",
        "fields": {},
    }
    assert conference.tracks.count() == 1
