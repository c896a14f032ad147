"""The organiser back office: who gets in, and what bad input does to a form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertFormError, assertNotContains, assertRedirects

from conference.models import Conference, ConferenceRole, Track
from events.models import OutboxEvent, ParkedEvent
from tests.events.support import publish_up_to
from tests.factories import ConferenceRoleFactory, RoomFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db

Role = ConferenceRole.Role

OUTSIDERS = ["outsider", "reviewer", "mentor", "attendee", "other_organiser"]


@pytest.fixture
def track(conference):
    return TrackFactory(conference=conference, name="Core", slug="core", colour="#0a58ca")


@pytest.fixture
def back_office_urls(conference, track):
    slug = conference.slug
    return {
        "dashboard": reverse("conference:dashboard", args=[slug]),
        "settings": reverse("conference:edit", args=[slug]),
        "team": reverse("conference:team", args=[slug]),
        "events": reverse("conference:events", args=[slug]),
        "tracks": reverse("conference:catalogue", args=[slug, "tracks"]),
        "rooms": reverse("conference:catalogue", args=[slug, "rooms"]),
        "types": reverse("conference:catalogue", args=[slug, "types"]),
        "levels": reverse("conference:catalogue", args=[slug, "levels"]),
        "track-edit": reverse("conference:catalogue-edit", args=[slug, "tracks", track.pk]),
    }


PAGES = ["dashboard", "settings", "team", "events", "tracks", "rooms", "types", "levels", "track-edit"]


def events_written() -> list[str]:
    return list(OutboxEvent.objects.values_list("type", flat=True))


# --- Who gets in --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_back_office_page_anonymous_is_sent_to_login(client, back_office_urls, page):
    url = back_office_urls[page]

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page", PAGES)
def test_back_office_page_without_organiser_role_is_forbidden(client_for, person, back_office_urls, page, who):
    response = client_for(person(who)).get(back_office_urls[page])

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
@pytest.mark.parametrize("page", PAGES)
def test_back_office_page_organiser_or_site_admin_sees_it(client_for, person, back_office_urls, page, who):
    response = client_for(person(who)).get(back_office_urls[page])

    assert response.status_code == 200


def test_back_office_unknown_conference_is_not_found(organiser_client):
    response = organiser_client.get(reverse("conference:dashboard", args=["no-such-summit"]))

    assert response.status_code == 404


def test_catalogue_unknown_kind_is_not_found(organiser_client, conference):
    response = organiser_client.get(reverse("conference:catalogue", args=[conference.slug, "sponsors"]))

    assert response.status_code == 404


def test_catalogue_edit_item_of_another_conference_is_not_found(organiser_client, conference, other_conference):
    foreign = TrackFactory(conference=other_conference)

    response = organiser_client.get(reverse("conference:catalogue-edit", args=[conference.slug, "tracks", foreign.pk]))

    assert response.status_code == 404


def test_conference_list_anonymous_is_sent_to_login(client):
    response = client.get(reverse("conference:list"))

    assertRedirects(response, f"{reverse('account_login')}?next=/manage/", fetch_redirect_response=False)


def test_conference_list_organiser_sees_own_conferences_only(organiser_client, conference, other_conference):
    response = organiser_client.get(reverse("conference:list"))

    assert [c for c, _ in response.context["conferences"]] == [conference]
    assert response.context["can_create"] is False


def test_conference_create_page_site_admin_sees_it(client_for, site_admin):
    response = client_for(site_admin).get(reverse("conference:create"))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["outsider", "organiser"])
def test_conference_create_page_non_admin_is_forbidden(client_for, person, who):
    response = client_for(person(who)).get(reverse("conference:create"))

    assert response.status_code == 403


def test_conference_create_page_anonymous_is_sent_to_login(client):
    response = client.get(reverse("conference:create"))

    assert response.status_code == 302


# --- Conference settings --------------------------------------------------------------------------


def conference_form_data(conference: Conference, **overrides) -> dict:
    data = {
        "name": conference.name,
        "slug": conference.slug,
        "timezone": conference.timezone,
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
        "venue": conference.venue,
        "venue_address": conference.venue_address,
        "website": conference.website,
        "is_public": "on" if conference.is_public else "",
        "cfp_opens_at": "",
        "cfp_closes_at": "",
        "review_opens_at": "",
        "review_closes_at": "",
        "notification_date": "",
        "slides_draft_deadline": "",
        "slides_final_days_before": str(conference.slides_final_days_before),
        "slides_final_time": conference.slides_final_time.strftime("%H:%M"),
        "pass_value": str(conference.pass_value),
        "currency": conference.currency,
    }
    return data | overrides


def test_conference_settings_post_saves_and_emits_update(organiser_client, conference):
    data = conference_form_data(conference, name="Kafka Summit Renamed", venue="Moscone West")

    response = organiser_client.post(reverse("conference:edit", args=[conference.slug]), data)

    assertRedirects(response, reverse("conference:dashboard", args=[conference.slug]))
    conference.refresh_from_db()
    assert conference.name == "Kafka Summit Renamed"
    assert OutboxEvent.objects.get().data["changed_fields"] == ["name", "venue"]


def test_conference_settings_post_unchanged_emits_nothing(organiser_client, conference):
    response = organiser_client.post(
        reverse("conference:edit", args=[conference.slug]), conference_form_data(conference)
    )

    assert response.status_code == 302
    assert events_written() == []


def test_conference_settings_cfp_closing_before_opening_keeps_input_and_saves_nothing(organiser_client, conference):
    data = conference_form_data(
        conference, name="Typed But Not Saved", cfp_opens_at="2030-06-01T09:00", cfp_closes_at="2030-03-01T09:00"
    )

    response = organiser_client.post(reverse("conference:edit", args=[conference.slug]), data)

    assert response.status_code == 200
    assertFormError(response.context["form"], "cfp_closes_at", ["The call for papers must close after it opens."])
    assertContains(response, 'id="id_cfp_closes_at_error"')
    assertContains(response, 'value="Typed But Not Saved"')
    assertContains(response, 'value="2030-06-01T09:00"')
    conference.refresh_from_db()
    assert conference.name == "Kafka Summit Test"
    assert conference.cfp_opens_at is None
    assert events_written() == []


@pytest.mark.parametrize(
    "field, value",
    [
        pytest.param("slug", "2030-summit", id="slug-digit-first"),
        pytest.param("currency", "euro", id="currency"),
        pytest.param("timezone", "Mars/Olympus_Mons", id="timezone"),
        pytest.param("end_date", "2030-01-01", id="end-before-start"),
    ],
)
def test_conference_settings_bad_value_shows_field_error(organiser_client, conference, field, value):
    data = conference_form_data(conference, **{field: value})

    response = organiser_client.post(reverse("conference:edit", args=[conference.slug]), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assertContains(response, f'id="id_{field}_error"')
    assert events_written() == []


def test_conference_settings_duplicate_slug_shows_field_error(organiser_client, conference, other_conference):
    data = conference_form_data(conference, slug=other_conference.slug)

    response = organiser_client.post(reverse("conference:edit", args=[conference.slug]), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["slug"]


@pytest.mark.parametrize(
    "typed, stored_utc",
    [
        pytest.param("2030-03-01T09:00", dt.datetime(2030, 3, 1, 17, 0, tzinfo=dt.UTC), id="winter-pst"),
        pytest.param("2030-06-01T09:00", dt.datetime(2030, 6, 1, 16, 0, tzinfo=dt.UTC), id="summer-pdt"),
    ],
)
def test_conference_settings_datetime_is_read_in_conference_time_zone(organiser_client, conference, typed, stored_utc):
    data = conference_form_data(conference, timezone="America/Los_Angeles", cfp_opens_at=typed)

    organiser_client.post(reverse("conference:edit", args=[conference.slug]), data)

    conference.refresh_from_db()
    assert conference.cfp_opens_at == stored_utc


def test_conference_settings_datetime_is_shown_in_conference_time_zone(organiser_client, conference):
    conference.timezone = "America/Los_Angeles"
    conference.cfp_opens_at = dt.datetime(2030, 3, 1, 17, 0, tzinfo=dt.UTC)
    conference.save()

    response = organiser_client.get(reverse("conference:edit", args=[conference.slug]))

    assertContains(response, 'value="2030-03-01T09:00"')


def test_conference_create_post_by_site_admin_makes_them_organiser(client_for, site_admin):
    data = {
        "name": "Current 2030",
        "slug": "current-2030",
        "timezone": "Europe/London",
        "start_date": "2030-05-14",
        "end_date": "2030-05-15",
        "cfp_opens_at": "2030-01-10T09:00",
        "slides_final_days_before": "1",
        "slides_final_time": "18:00",
        "pass_value": "0",
        "currency": "GBP",
    }

    response = client_for(site_admin).post(reverse("conference:create"), data)

    assertRedirects(response, reverse("conference:dashboard", args=["current-2030"]))
    conference = Conference.objects.get(slug="current-2030")
    assert conference.cfp_opens_at == dt.datetime(2030, 1, 10, 9, 0, tzinfo=dt.UTC)  # GMT in January
    assert list(conference.roles.values_list("user", "role")) == [(site_admin.pk, Role.ORGANISER)]
    assert events_written() == ["summit.conference.conference.created.v1"]


# --- Tracks, rooms, submission types, levels -----------------------------------------------------


@pytest.mark.parametrize(
    "kind, data, model_name",
    [
        ("tracks", {"name": "Core", "slug": "core", "colour": "#0a58ca", "position": "0"}, "track"),
        ("rooms", {"name": "Grand Ballroom", "capacity": "1500", "position": "0", "is_plenary": "on"}, "room"),
        ("types", {"name": "Talk", "duration_minutes": "40", "position": "0"}, "submission_type"),
        ("levels", {"name": "Advanced", "slug": "advanced", "position": "0"}, "level"),
    ],
)
def test_catalogue_add_saves_and_emits_created(client_for, organiser, other_conference, kind, data, model_name):
    # A conference without the `track` fixture, so the new track is the only one.
    ConferenceRoleFactory(conference=other_conference, user=organiser)
    url = reverse("conference:catalogue", args=[other_conference.slug, kind])

    response = client_for(organiser).post(url, data)

    assertRedirects(response, url)
    assert events_written() == [f"summit.conference.{model_name}.created.v1"]
    assertContains(client_for(organiser).get(url), data["name"])


def test_catalogue_add_duplicate_track_slug_shows_error_and_keeps_input(organiser_client, conference, track):
    url = reverse("conference:catalogue", args=[conference.slug, "tracks"])
    data = {"name": "Core Again", "slug": "core", "colour": "#8250df", "position": "1"}

    response = organiser_client.post(url, data)

    assert response.status_code == 200
    assertFormError(response.context["form"], "slug", ["Track with this Short name already exists."])
    assertContains(response, 'id="id_slug_error"')
    assertContains(response, 'value="Core Again"')
    assert Track.objects.count() == 1
    assert events_written() == []


def test_catalogue_add_duplicate_room_name_shows_error(organiser_client, conference):
    RoomFactory(conference=conference, name="Yosemite")
    url = reverse("conference:catalogue", args=[conference.slug, "rooms"])

    response = organiser_client.post(url, {"name": "Yosemite", "capacity": "200", "position": "0"})

    assert response.status_code == 200
    assertFormError(response.context["form"], "name", ["Room with this Name already exists."])
    assert events_written() == []


def test_catalogue_add_bad_colour_shows_field_error(organiser_client, conference):
    url = reverse("conference:catalogue", args=[conference.slug, "tracks"])

    response = organiser_client.post(url, {"name": "Core", "slug": "core", "colour": "blue", "position": "0"})

    assert response.status_code == 200
    assertFormError(response.context["form"], "colour", ["Use a hex colour such as #1f6feb."])
    assert Track.objects.count() == 0


def test_catalogue_edit_saves_and_emits_updated(organiser_client, conference, track):
    url = reverse("conference:catalogue-edit", args=[conference.slug, "tracks", track.pk])
    data = {"name": "Core Kafka", "slug": "core", "colour": "#0a58ca", "description": "", "position": "0"}

    response = organiser_client.post(url, data)

    assertRedirects(response, reverse("conference:catalogue", args=[conference.slug, "tracks"]))
    track.refresh_from_db()
    assert track.name == "Core Kafka"
    assert OutboxEvent.objects.get().data["changed_fields"] == ["name"]


def test_catalogue_edit_duplicate_slug_shows_error_and_keeps_title(organiser_client, conference, track):
    other = TrackFactory(conference=conference, name="Streams", slug="streams")
    url = reverse("conference:catalogue-edit", args=[conference.slug, "tracks", other.pk])
    data = {"name": "Streams Renamed", "slug": "core", "colour": "#0a58ca", "description": "", "position": "0"}

    response = organiser_client.post(url, data)

    assert response.status_code == 200
    assertFormError(response.context["form"], "slug", ["Track with this Short name already exists."])
    assertContains(response, 'value="Streams Renamed"')
    assertContains(response, "<title>Streams · Summit</title>", html=False)
    other.refresh_from_db()
    assert other.slug == "streams"


def test_catalogue_delete_removes_and_emits_deleted(organiser_client, conference, track):
    url = reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk])

    response = organiser_client.post(url)

    assertRedirects(response, reverse("conference:catalogue", args=[conference.slug, "tracks"]))
    assert Track.objects.count() == 0
    assert events_written() == ["summit.conference.track.deleted.v1"]


def test_catalogue_delete_by_get_is_not_allowed(organiser_client, conference, track):
    url = reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk])

    response = organiser_client.get(url)

    assert response.status_code == 405
    assert Track.objects.count() == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_catalogue_delete_without_organiser_role_is_forbidden(client_for, person, conference, track, who):
    url = reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk])

    response = client_for(person(who)).post(url)

    assert response.status_code == 403
    assert Track.objects.count() == 1


def test_catalogue_delete_anonymous_is_sent_to_login(client, conference, track):
    response = client.post(reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk]))

    assert response.status_code == 302
    assert Track.objects.count() == 1


# --- Team -----------------------------------------------------------------------------------------


def test_team_grant_role_to_existing_account(organiser_client, conference):
    person = UserFactory(email="new.mentor@summit.test")
    url = reverse("conference:team", args=[conference.slug])

    response = organiser_client.post(url, {"email": "New.Mentor@summit.test", "role": "mentor"})

    assertRedirects(response, url)
    assert list(person.conference_roles.values_list("role", flat=True)) == ["mentor"]
    assert events_written() == ["summit.conference.role.granted.v1"]


def test_team_grant_unknown_email_shows_field_error(organiser_client, conference):
    response = organiser_client.post(
        reverse("conference:team", args=[conference.slug]), {"email": "nobody@summit.test", "role": "mentor"}
    )

    assert response.status_code == 200
    assertFormError(
        response.context["form"], "email", ["No account uses this address. Ask the person to sign up first."]
    )
    assertContains(response, 'value="nobody@summit.test"')


def test_team_grant_tracks_to_mentor_shows_tracks_error(organiser_client, conference, track):
    UserFactory(email="new.mentor@summit.test")

    response = organiser_client.post(
        reverse("conference:team", args=[conference.slug]),
        {"email": "new.mentor@summit.test", "role": "mentor", "tracks": [track.pk]},
    )

    assert response.status_code == 200
    assertFormError(response.context["form"], "tracks", ["Only reviewers are scoped to tracks."])
    assert events_written() == []


def test_team_revoke_removes_member(organiser_client, conference, reviewer):
    membership = reviewer.conference_roles.get()

    response = organiser_client.post(reverse("conference:team-revoke", args=[conference.slug, membership.pk]))

    assertRedirects(response, reverse("conference:team", args=[conference.slug]))
    assert reviewer.conference_roles.count() == 0


def test_team_revoke_last_organiser_shows_error(organiser_client, conference, organiser):
    membership = organiser.conference_roles.get()

    response = organiser_client.post(
        reverse("conference:team-revoke", args=[conference.slug, membership.pk]), follow=True
    )

    assertContains(response, "A conference keeps at least one organiser.")
    assert organiser.conference_roles.count() == 1


@pytest.mark.parametrize("who", OUTSIDERS)
def test_team_revoke_without_organiser_role_is_forbidden(client_for, person, conference, organiser, who):
    membership = organiser.conference_roles.get()

    response = client_for(person(who)).post(reverse("conference:team-revoke", args=[conference.slug, membership.pk]))

    assert response.status_code == 403
    assert organiser.conference_roles.count() == 1


# --- Event log ----------------------------------------------------------------------------------


def test_event_log_lists_this_conference_events_filtered_by_type(organiser_client, conference, track):
    organiser_client.post(reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk]))
    organiser_client.post(
        reverse("conference:catalogue", args=[conference.slug, "levels"]),
        {"name": "Advanced", "slug": "advanced", "position": "0"},
    )
    url = reverse("conference:events", args=[conference.slug])

    response = organiser_client.get(url, {"type": "summit.conference.level.created.v1"})

    assert [event.type for event in response.context["events"]] == ["summit.conference.level.created.v1"]
    assert response.context["event_types"] == [
        "summit.conference.level.created.v1",
        "summit.conference.track.deleted.v1",
    ]


def test_event_log_shows_each_event_published_parked_or_waiting_with_why(organiser_client, conference):
    for name in ("Beginner", "Intermediate", "Advanced"):
        organiser_client.post(
            reverse("conference:catalogue", args=[conference.slug, "levels"]),
            {"name": name, "slug": name.lower(), "position": "0"},
        )
    published, parked, waiting = OutboxEvent.objects.filter(type="summit.conference.level.created.v1").order_by("id")
    ParkedEvent.objects.create(
        event=parked, subject=parked.subject, error="Broker: Message size too large", parked_at=timezone.now()
    )
    publish_up_to(parked.pk, blocked_event_id=waiting.pk, last_error="Local: Message timed out")

    response = organiser_client.get(reverse("conference:events", args=[conference.slug]))

    states = {event.pk: event.published for event in response.context["events"]}
    assert (states[published.pk], states[parked.pk], states[waiting.pk]) == (True, False, False)
    assertContains(response, "parked: Kafka refused it")
    assertContains(response, "Broker: Message size too large")
    assertContains(response, "Local: Message timed out")


def test_event_log_shows_data_as_indented_json(organiser_client, conference):
    organiser_client.post(
        reverse("conference:catalogue", args=[conference.slug, "levels"]),
        {"name": "Très avancé", "slug": "advanced", "position": "0"},
    )

    response = organiser_client.get(reverse("conference:events", args=[conference.slug]))

    assertContains(
        response, '<pre class="event-data" tabindex="0">{\n  &quot;conference&quot;: &quot;kafka-summit-test&quot;,'
    )
    assertContains(response, "&quot;name&quot;: &quot;Très avancé&quot;,")
    assertNotContains(response, "{&#x27;")


def test_catalogue_delete_track_in_use_shows_error_and_keeps_it(organiser_client, conference, track):
    SubmissionFactory(conference=conference, track=track)
    url = reverse("conference:catalogue-delete", args=[conference.slug, "tracks", track.pk])

    response = organiser_client.post(url, follow=True)

    assertContains(response, "Core is still in use and cannot be deleted.")
    assert Track.objects.filter(pk=track.pk).exists() is True
    assert events_written() == []
