"""Shared fixtures: one conference with a person per role, clients signed in as them, an API client."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db.models.signals import post_save
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from conference.models import ConferenceRole
from events import registry
from events.models import OutboxEvent
from tests.browser import browser, open_page  # noqa: F401  (the browser tests' fixtures, for every app)
from tests.factories import ApiTokenFactory, ConferenceFactory, ConferenceRoleFactory, UserFactory

Role = ConferenceRole.Role
# A cheap hasher keeps sign-in tests and the demo's users fast.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No other test should meet an API throttle or a guess limit; the tests of limits set their own.
UNLIMITED = "1000000/day"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Uploads (slide decks included) go to a throwaway folder; whitenoise wants STATIC_ROOT to
    # exist; allauth's rate limits count in the cache, so each test starts with none used.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "slides": {**settings.STORAGES["slides"], "OPTIONS": {"location": tmp_path / "slides"}},
    }
    settings.STATIC_ROOT = tmp_path
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], UNLIMITED),
    }
    settings.ATTEMPT_LIMITS = dict.fromkeys(settings.ATTEMPT_LIMITS, UNLIMITED)
    cache.clear()


@contextmanager
def outbox_rows_checked():
    """Lists, as `invalid`, each outbox row written in the block that fails its schema or CloudEvents 1.0."""
    invalid: list[str] = []

    def check(sender, instance: OutboxEvent, created: bool, **kwargs) -> None:
        if created:
            try:
                registry.validate_envelope(instance.as_cloudevent())
            except (registry.InvalidEventData, registry.UnknownEventType) as error:
                invalid.append(f"{instance.type}: {error}")

    post_save.connect(check, sender=OutboxEvent, dispatch_uid="tests-events-are-valid")
    try:
        yield invalid
    finally:
        post_save.disconnect(sender=OutboxEvent, dispatch_uid="tests-events-are-valid")


@pytest.fixture
def events_are_valid():
    """Checks every outbox row written during the test against its own schema and CloudEvents 1.0."""
    with outbox_rows_checked() as invalid:
        yield
    assert invalid == []


@pytest.fixture
def conference(db):
    return ConferenceFactory(name="Kafka Summit Test", slug="kafka-summit-test", is_public=True)


@pytest.fixture
def other_conference(db):
    return ConferenceFactory(name="Other Summit", slug="other-summit", is_public=True)


def _member(conference, role: str, email: str):
    return ConferenceRoleFactory(conference=conference, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def organiser(conference):
    return _member(conference, Role.ORGANISER, "organiser@summit.test")


@pytest.fixture
def reviewer(conference):
    return _member(conference, Role.REVIEWER, "reviewer@summit.test")


@pytest.fixture
def mentor(conference):
    return _member(conference, Role.MENTOR, "mentor@summit.test")


@pytest.fixture
def attendee(conference):
    return _member(conference, Role.ATTENDEE, "attendee@summit.test")


@pytest.fixture
def outsider(db):
    """Signed up, but has no role anywhere."""
    return UserFactory(email="outsider@summit.test")


@pytest.fixture
def other_organiser(other_conference):
    return _member(other_conference, Role.ORGANISER, "other-organiser@summit.test")


@pytest.fixture
def site_admin(db):
    return UserFactory(email="admin@summit.test", is_staff=True, is_superuser=True)


@pytest.fixture
def staff(db):
    """Staff without superuser: a site admin by the rules, but Django grants them nothing by itself."""
    return UserFactory(email="staff@summit.test", is_staff=True)


@pytest.fixture
def person(request):
    """`person("reviewer")`: the user of that fixture; `person("anonymous")` is None."""

    def get(who: str):
        return None if who == "anonymous" else request.getfixturevalue(who)

    return get


@pytest.fixture
def client_for():
    """A fresh test client signed in as `user` (or anonymous for None), so tests can hold several."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def organiser_client(client_for, organiser) -> Client:
    return client_for(organiser)


@pytest.fixture
def api_header(db):
    """`api_header(user, **fields)`: the Authorization header of a new API token of `user`, of full
    scope unless `fields` (ApiTokenFactory's: access, conference, expires_at…) say otherwise."""

    def make(user, **fields) -> dict[str, str]:
        # Made as if just used: its "last used" write, once a minute, would otherwise land in the
        # first request of every query budget, which measure what a request costs in steady use.
        fields.setdefault("last_used_at", timezone.now())
        return {"Authorization": f"Bearer {ApiTokenFactory(user=user, **fields).secret}"}

    return make


@pytest.fixture
def api_client_for(api_header):
    """An API client authenticated by an API token of full scope, as other services call the API."""

    def make(user, **fields) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=api_header(user, **fields)["Authorization"])
        return client

    return make


@pytest.fixture
def organiser_api(api_client_for, organiser) -> APIClient:
    return api_client_for(organiser)


@pytest.fixture(autouse=True)
def _fresh_programmes():
    """Each process keeps recent releases read back (schedule.views); a test database may reuse a
    release id, so a test that publishes must not be served the programme an earlier test cached."""
    from schedule import views

    views._programmes.clear()
    yield
    views._programmes.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language. LocaleMiddleware activates the language of each
    request and leaves it active in the thread, so a test that fetched a page in French would
    otherwise hand French to the next test of its worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
