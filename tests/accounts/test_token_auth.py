"""API tokens at the door: the two header schemes, what stops a token (expiry, revocation, a
deactivated account, a wrong secret), its scope (read or write, one conference or all) and its
"last used" time, written at most once a minute."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import token_secrets
from accounts.models import ApiToken
from accounts.services import api_token_revoke
from conference.models import ConferenceRole, Track
from tests.factories import ApiTokenFactory, ConferenceFactory, ConferenceRoleFactory

pytestmark = pytest.mark.django_db

NEW_TRACK = {"name": "Streaming", "slug": "streaming", "colour": "#1f6feb"}


def client_with(authorization: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client


def tracks_url(conference) -> str:
    return reverse("conference-tracks-list", kwargs={"conference_slug": conference.slug})


@pytest.fixture
def private_other(organiser):
    """A private conference the organiser also organises: their session may see it, a token of
    the first conference may not."""
    other = ConferenceFactory(slug="private-other", name="Private Other", is_public=False)
    ConferenceRoleFactory(conference=other, user=organiser, role=ConferenceRole.Role.ORGANISER)
    return other


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
def test_token_authenticates_with_either_scheme(organiser, conference, scheme):
    token = ApiTokenFactory(user=organiser)

    response = client_with(f"{scheme} {token.secret}").post(tracks_url(conference), NEW_TRACK, format="json")

    assert response.status_code == 201
    assert Track.objects.get(slug="streaming").conference == conference


def test_token_database_keeps_no_secret(organiser):
    token = ApiTokenFactory(user=organiser)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert token.secret not in str(stored)
    assert stored["secret_hash"] == token_secrets.digest(token.secret)
    assert token.secret.startswith(f"smt_{stored['prefix']}_")


@pytest.mark.parametrize(
    "presented",
    [
        "smt_000000000000_wrong",  # no such prefix
        "not-a-token",
        "a" * 40,  # the shape of a former DRF key, unknown
    ],
)
def test_token_unknown_is_unauthorised(conference, presented):
    response = client_with(f"Bearer {presented}").get(tracks_url(conference))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "error": "authentication_failed",
        "message": "Invalid, expired or revoked token.",
        "fields": {},
    }


def test_token_with_right_prefix_and_wrong_secret_is_unauthorised(organiser, conference):
    token = ApiTokenFactory(user=organiser)
    forged = f"smt_{token.prefix}_{'x' * 43}"

    response = client_with(f"Bearer {forged}").get(tracks_url(conference))

    assert response.status_code == 401


def test_token_header_with_extra_words_is_unauthorised(organiser, conference):
    token = ApiTokenFactory(user=organiser)

    response = client_with(f"Bearer {token.secret} extra").get(tracks_url(conference))

    assert response.status_code == 401
    assert response.json()["message"] == "Send the token as `Authorization: Bearer <token>`."


def test_token_expired_is_unauthorised(organiser, conference):
    token = ApiTokenFactory(user=organiser, expires_at=timezone.now() - timedelta(seconds=1))

    response = client_with(f"Bearer {token.secret}").get(tracks_url(conference))

    assert response.status_code == 401


def test_token_before_its_expiry_authenticates(organiser, conference):
    token = ApiTokenFactory(user=organiser, expires_at=timezone.now() + timedelta(hours=1))

    response = client_with(f"Bearer {token.secret}").post(tracks_url(conference), NEW_TRACK, format="json")

    assert response.status_code == 201


def test_token_revoked_is_unauthorised(organiser, conference):
    token = ApiTokenFactory(user=organiser)
    client = client_with(f"Bearer {token.secret}")
    assert client.get(tracks_url(conference)).status_code == 200

    api_token_revoke(token=token, by=organiser)

    assert client.get(tracks_url(conference)).status_code == 401


def test_token_of_deactivated_account_is_unauthorised(organiser, conference):
    token = ApiTokenFactory(user=organiser)
    organiser.is_active = False
    organiser.save(update_fields=["is_active"])

    response = client_with(f"Bearer {token.secret}").get(tracks_url(conference))

    assert response.status_code == 401


# --- Read or write --------------------------------------------------------------------------------


def test_read_only_token_reads(organiser, private):
    token = ApiTokenFactory(user=organiser, access=ApiToken.Access.READ)

    response = client_with(f"Bearer {token.secret}").get(tracks_url(private))

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_token_is_refused_every_write(organiser, conference, method):
    token = ApiTokenFactory(user=organiser, access=ApiToken.Access.READ)

    response = getattr(client_with(f"Bearer {token.secret}"), method)(tracks_url(conference), NEW_TRACK, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "error": "token_read_only",
        "message": "This token may only read: make a read and write token to change data.",
        "fields": {},
    }
    assert Track.objects.count() == 0


def test_write_token_cannot_do_more_than_its_owner(attendee, conference):
    token = ApiTokenFactory(user=attendee, access=ApiToken.Access.WRITE)

    response = client_with(f"Bearer {token.secret}").post(tracks_url(conference), NEW_TRACK, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"


# --- One conference --------------------------------------------------------------------------------


@pytest.fixture
def private(conference):
    conference.is_public = False
    conference.save(update_fields=["is_public"])
    return conference


def test_conference_token_acts_on_its_conference(organiser, conference):
    token = ApiTokenFactory(user=organiser, conference=conference)

    response = client_with(f"Bearer {token.secret}").post(tracks_url(conference), NEW_TRACK, format="json")

    assert response.status_code == 201


def test_conference_token_cannot_write_to_another_conference(organiser, conference, private_other):
    token = ApiTokenFactory(user=organiser, conference=conference)

    response = client_with(f"Bearer {token.secret}").post(tracks_url(private_other), NEW_TRACK, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "error": "token_out_of_scope",
        "message": "This token is limited to another conference.",
        "fields": {},
    }
    assert Track.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        lambda other: reverse("conference-detail", args=[other.slug]),
        lambda other: tracks_url(other),
        lambda other: reverse("submission-list", kwargs={"conference_slug": other.slug}),
    ],
    ids=["detail", "tracks", "submissions"],
)
def test_conference_token_cannot_read_another_conference(organiser, conference, private_other, url):
    token = ApiTokenFactory(user=organiser, conference=conference)
    client = client_with(f"Bearer {token.secret}")

    response = client.get(url(private_other))

    assert response.status_code == 403
    assert response.json()["error"] == "token_out_of_scope"
    assert api_client_session(organiser).get(url(private_other)).status_code == 200  # the person may


def api_client_session(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_conference_token_answers_the_same_for_a_conference_that_does_not_exist(organiser, conference):
    token = ApiTokenFactory(user=organiser, conference=conference)

    response = client_with(f"Bearer {token.secret}").get(reverse("conference-detail", args=["no-such-summit"]))

    assert response.status_code == 403


def test_conference_token_lists_public_conferences_and_its_own(organiser, private, private_other):
    public = ConferenceFactory(slug="public-summit", is_public=True)
    token = ApiTokenFactory(user=organiser, conference=private)

    response = client_with(f"Bearer {token.secret}").get(reverse("conference-list"))

    assert sorted(row["slug"] for row in response.json()["results"]) == [private.slug, public.slug]


def test_token_of_every_conference_lists_all_its_owner_sees(organiser, private, private_other):
    token = ApiTokenFactory(user=organiser)

    response = client_with(f"Bearer {token.secret}").get(reverse("conference-list"))

    assert sorted(row["slug"] for row in response.json()["results"]) == [private.slug, private_other.slug]


def test_conference_token_cannot_create_a_conference(site_admin, conference):
    token = ApiTokenFactory(user=site_admin, conference=conference)
    data = {"name": "Current 2030", "slug": "current-2030", "start_date": "2030-05-14", "end_date": "2030-05-15"}

    response = client_with(f"Bearer {token.secret}").post(reverse("conference-list"), data, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "token_out_of_scope"


def test_conference_token_follows_its_conference_renamed(organiser, conference):
    token = ApiTokenFactory(user=organiser, conference=conference)
    conference.slug = "renamed-summit"
    conference.save(update_fields=["slug"])

    response = client_with(f"Bearer {token.secret}").get(tracks_url(conference))

    assert response.status_code == 200


# --- Last used -------------------------------------------------------------------------------------


def test_token_first_use_is_recorded(organiser, conference):
    token = ApiTokenFactory(user=organiser)
    before = timezone.now()

    client_with(f"Bearer {token.secret}").get(tracks_url(conference))

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= before


def test_token_use_within_a_minute_writes_nothing(django_assert_num_queries, organiser, conference):
    recently = timezone.now() - timedelta(seconds=30)
    token = ApiTokenFactory(user=organiser, last_used_at=recently)
    client = client_with(f"Bearer {token.secret}")

    with django_assert_num_queries(3) as captured:  # the token (with its user), then what the list costs
        client.get(tracks_url(conference))

    assert not any(query["sql"].startswith("UPDATE") for query in captured.captured_queries)
    token.refresh_from_db()
    assert token.last_used_at == recently


def test_token_use_after_a_minute_is_recorded_once(django_assert_num_queries, organiser, conference):
    long_ago = timezone.now() - timedelta(minutes=5)
    token = ApiTokenFactory(user=organiser, last_used_at=long_ago)
    client = client_with(f"Bearer {token.secret}")

    with django_assert_num_queries(4):  # one more than within the minute: the UPDATE
        client.get(tracks_url(conference))
    with django_assert_num_queries(3):
        client.get(tracks_url(conference))

    token.refresh_from_db()
    assert token.last_used_at > long_ago
