"""Home, public conference pages, the reviewer and mentor homes, the navigation and the French UI."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import ConferenceFactory, ConferenceRoleFactory, RoomFactory, TrackFactory

pytestmark = pytest.mark.django_db

TEAM_HOMES = [("reviewing:home", "reviewer"), ("office_hours:mentor-home", "mentor")]


def test_home_anonymous_lists_public_conferences_only(client, conference):
    ConferenceFactory(name="Hidden Summit", is_public=False)

    response = client.get(reverse("home"))

    assert list(response.context["public_conferences"]) == [conference]
    assertNotContains(response, "Hidden Summit")


def test_home_member_lists_their_conferences_with_roles(client_for, conference, reviewer):
    ConferenceRoleFactory(conference=conference, user=reviewer, role="mentor")

    response = client_for(reviewer).get(reverse("home"))

    assert response.context["my_conferences"] == [(conference, ["mentor", "reviewer"])]


def test_public_conference_page_anonymous_sees_tracks_and_rooms(client, conference):
    TrackFactory(conference=conference, name="Stream Processing")
    RoomFactory(conference=conference, name="Grand Ballroom", is_plenary=True)

    response = client.get(reverse("public:conference", args=[conference.slug]))

    assertContains(response, "Stream Processing")
    assertContains(response, "Grand Ballroom")


@pytest.mark.parametrize("who", ["anonymous", "organiser"])
def test_public_conference_page_not_public_is_not_found(client_for, person, conference, who):
    conference.is_public = False
    conference.save()

    response = client_for(person(who)).get(reverse("public:conference", args=[conference.slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name, role", TEAM_HOMES)
def test_team_home_anonymous_is_sent_to_login(client, conference, url_name, role):
    url = reverse(url_name, args=[conference.slug])

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize("url_name, role", TEAM_HOMES)
@pytest.mark.parametrize("who", ["outsider", "organiser", "attendee", "other_organiser"])
def test_team_home_without_the_role_is_forbidden(client_for, person, conference, url_name, role, who):
    response = client_for(person(who)).get(reverse(url_name, args=[conference.slug]))

    assert response.status_code == 403


@pytest.mark.parametrize("url_name, role", TEAM_HOMES)
def test_team_home_with_the_role_is_shown(client_for, person, conference, url_name, role):
    response = client_for(person(role)).get(reverse(url_name, args=[conference.slug]))

    assert response.status_code == 200


def test_reviewer_home_mentor_is_forbidden(client_for, conference, mentor):
    response = client_for(mentor).get(reverse("reviewing:home", args=[conference.slug]))

    assert response.status_code == 403


def test_mentor_home_reviewer_is_forbidden(client_for, conference, reviewer):
    response = client_for(reviewer).get(reverse("office_hours:mentor-home", args=[conference.slug]))

    assert response.status_code == 403


@pytest.mark.parametrize("url_name, role", TEAM_HOMES)
def test_team_home_unknown_conference_is_not_found(client_for, reviewer, url_name, role):
    response = client_for(reviewer).get(reverse(url_name, args=["no-such-summit"]))

    assert response.status_code == 404


def test_reviewer_home_scoped_reviewer_sees_their_tracks_only(client_for, conference):
    core = TrackFactory(conference=conference, name="Core")
    TrackFactory(conference=conference, name="Use Case")
    scoped = ConferenceRoleFactory(conference=conference, role="reviewer", tracks=[core]).user

    response = client_for(scoped).get(reverse("reviewing:home", args=[conference.slug]))

    assert list(response.context["tracks"]) == [core]
    assert response.context["all_tracks"] is False


def test_reviewer_home_unscoped_reviewer_sees_all_tracks(client_for, conference, reviewer):
    tracks = [TrackFactory(conference=conference, position=n) for n in range(2)]

    response = client_for(reviewer).get(reverse("reviewing:home", args=[conference.slug]))

    assert list(response.context["tracks"]) == tracks
    assert response.context["all_tracks"] is True


# --- Navigation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, link, url_name",
    [
        ("organiser", "Back office: Kafka Summit Test", "conference:dashboard"),
        ("reviewer", "Reviewing: Kafka Summit Test", "reviewing:home"),
        ("mentor", "Mentoring: Kafka Summit Test", "office_hours:mentor-home"),
    ],
)
def test_navigation_shows_the_link_of_each_role(client_for, person, conference, who, link, url_name):
    response = client_for(person(who)).get(reverse("home"))

    assertContains(response, f'<a href="{reverse(url_name, args=[conference.slug])}">{link}</a>', html=True)


@pytest.mark.parametrize("who", ["attendee", "outsider"])
def test_navigation_without_team_role_shows_no_team_links(client_for, person, conference, who):
    response = client_for(person(who)).get(reverse("home"))

    assertNotContains(response, "Back office:")
    assertNotContains(response, "Reviewing:")
    assertNotContains(response, "Mentoring:")


def test_navigation_site_admin_sees_all_conferences_link(client_for, site_admin):
    response = client_for(site_admin).get(reverse("home"))

    assertContains(response, f'<a href="{reverse("conference:list")}">All conferences</a>', html=True)


def test_navigation_anonymous_sees_sign_in(client):
    response = client.get(reverse("home"))

    assertContains(response, f'<a href="{reverse("account_login")}">Sign in</a>', html=True)


# --- French -------------------------------------------------------------------------------------


def test_french_from_accept_language_header(client):
    response = client.get(reverse("home"), headers={"accept-language": "fr"})

    assertContains(response, '<html lang="fr">')
    assertContains(response, "Aller au contenu")  # "Skip to content", from locale/fr


def test_french_chosen_with_the_language_form_sticks(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    response = client.get(reverse("home"))

    assertContains(response, '<html lang="fr">')
    assertContains(response, "Aller au contenu")


def test_french_back_office_is_translated(client_for, organiser, conference):
    response = client_for(organiser).get(
        reverse("conference:dashboard", args=[conference.slug]), headers={"accept-language": "fr"}
    )

    assertContains(response, '<html lang="fr">')
    assertContains(response, "Administration : Kafka Summit Test")


def test_english_is_the_default(client):
    response = client.get(reverse("home"))

    assertContains(response, '<html lang="en">')
    assertContains(response, "Skip to content")
