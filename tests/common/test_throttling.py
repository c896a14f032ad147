"""The API's throttles: anonymous calls per address, signed-in calls per account, bad tokens per
address, refused calls counted too, 429 in the API's error format with Retry-After."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from common.checks import rates_parse
from summit.settings import base
from tests.events.support import free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """`rates(anon="3/min")`: these API rates, the others as the suite's (unlimited)."""

    def apply(**scopes: str) -> None:
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": current | scopes}

    return apply


def statuses(client: APIClient, calls: int, path: str | None = None, **extra) -> list[int]:
    return [client.get(path or reverse("conference-list"), **extra).status_code for _ in range(calls)]


def test_anonymous_calls_get_429_past_the_rate_in_the_api_error_format(rates, conference):
    rates(anon="5/min")
    client = APIClient()

    assert statuses(client, 5) == [200] * 5
    refused = client.get(reverse("conference-list"))

    assert refused.status_code == 429
    assert refused.json()["error"] == "throttled"
    assert refused.json()["fields"] == {}
    assert 0 < int(refused["Retry-After"]) <= 60


def test_anonymous_rate_is_per_address(rates, conference):
    rates(anon="2/min")
    statuses(APIClient(), 2, REMOTE_ADDR="198.51.100.1")

    assert statuses(APIClient(), 1, REMOTE_ADDR="198.51.100.1") == [429]
    assert statuses(APIClient(), 1, REMOTE_ADDR="198.51.100.2") == [200]


def test_forged_forwarded_for_does_not_give_a_fresh_budget(rates, conference):
    rates(anon="3/min")
    client = APIClient()

    answers = [
        client.get(reverse("conference-list"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)
    ]

    assert answers == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_its_entry_is_the_address(rates, settings, conference):
    settings.TRUSTED_PROXY_COUNT = 1
    rates(anon="2/min")
    # The proxy (REMOTE_ADDR 10.0.0.2) appends the client it saw; what comes before is the client's own.
    forged = [f"203.0.113.{n}, 198.51.100.7" for n in range(3)]

    answers = [
        APIClient().get(reverse("conference-list"), HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR="10.0.0.2").status_code
        for xff in forged
    ]
    other = APIClient().get(reverse("conference-list"), HTTP_X_FORWARDED_FOR="198.51.100.8", REMOTE_ADDR="10.0.0.2")

    assert answers == [200, 200, 429]
    assert other.status_code == 200


def test_signed_in_rate_is_per_account_independent_between_users(rates, api_client_for, conference):
    rates(user="4/min")
    ada, grace = api_client_for(UserFactory()), api_client_for(UserFactory())

    assert statuses(ada, 5) == [200, 200, 200, 200, 429]
    assert statuses(grace, 4) == [200] * 4


def test_anonymous_calls_refused_by_permissions_count_too(rates, conference):
    # DRF checks permissions before throttles: without counting them, 401s would come for ever.
    rates(anon="3/min")
    client = APIClient()
    path = reverse("submission-list", kwargs={"conference_slug": conference.slug})

    answers = [client.post(path, {}, format="json").status_code for _ in range(5)]

    assert answers == [401, 401, 401, 429, 429]


def test_writes_have_a_tighter_budget_than_reads(rates, organiser_api, conference):
    rates(write="2/min")
    path = reverse("conference-tracks-list", kwargs={"conference_slug": conference.slug})

    writes = [
        organiser_api.post(path, {"name": f"T{n}", "slug": f"t{n}", "colour": "#0a58ca"}, format="json").status_code
        for n in range(3)
    ]

    assert writes == [201, 201, 429]
    assert organiser_api.get(path).status_code == 200


def test_bad_tokens_are_counted_per_address_and_then_every_token_waits(settings, api_client_for, conference, organiser):
    settings.ATTEMPT_LIMITS = settings.ATTEMPT_LIMITS | {"api_token": "5/10m"}
    good = api_client_for(organiser)

    bad = [statuses(APIClient(), 1, HTTP_AUTHORIZATION=f"Token bad{n:036d}")[0] for n in range(7)]
    # Past the limit a good token from that address is refused the same way: a lucky guess is not told apart.
    good_here = good.get(reverse("conference-list"))
    good_elsewhere = good.get(reverse("conference-list"), REMOTE_ADDR="198.51.100.9")
    anonymous_here = APIClient().get(reverse("conference-list"))

    assert bad == [401] * 5 + [429] * 2
    assert good_here.status_code == 429 and good_here.json()["error"] == "throttled"
    assert 9 * 60 < int(good_here["Retry-After"]) <= 600
    assert good_elsewhere.status_code == 200
    assert anonymous_here.status_code == 200


def test_bad_tokens_of_a_probe_meet_429_well_before_the_end(settings, conference):
    # The production limit: 200 bad tokens from one address.
    settings.ATTEMPT_LIMITS = base.ATTEMPT_LIMITS
    answers = [statuses(APIClient(), 1, HTTP_AUTHORIZATION=f"Token probe{n:035d}")[0] for n in range(200)]
    settings_limit = int(base.ATTEMPT_LIMITS["api_token"].split("/")[0])

    assert answers.index(429) == settings_limit
    assert answers[settings_limit:] == [429] * (200 - settings_limit)


@pytest.fixture
def dead_redis(settings):
    """The cache on a Redis port nobody listens on: every cache call fails to connect."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }


def test_throttles_fail_open_with_one_warning_when_redis_is_down(rates, dead_redis, caplog, conference):
    rates(anon="1/min")

    with caplog.at_level(logging.WARNING, logger="common.attempts"):
        answers = statuses(APIClient(), 2)

    assert answers == [200, 200]
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "API throttling not applied",
        "API throttling not applied",
    ]


def test_bad_tokens_fail_open_when_redis_is_down(dead_redis, caplog, conference):
    with caplog.at_level(logging.WARNING, logger="common.attempts"):
        answer = APIClient().get(reverse("conference-list"), HTTP_AUTHORIZATION="Token " + "0" * 40)

    assert answer.status_code == 401
    assert [record.name for record in caplog.records if record.name.startswith("common")] == ["common.attempts"]


def test_a_mistyped_rate_is_reported_by_the_system_check(settings):
    settings.ATTEMPT_LIMITS = settings.ATTEMPT_LIMITS | {"late_code": "5 per 10 minutes"}

    errors = rates_parse(None)

    assert [error.id for error in errors] == ["common.E001"]
    assert "attempt limit late_code" in errors[0].msg


def test_the_production_rates_pass_the_system_check(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": base.API_THROTTLE_RATES}
    settings.ATTEMPT_LIMITS, settings.ACCOUNT_RATE_LIMITS = base.ATTEMPT_LIMITS, base.ACCOUNT_RATE_LIMITS

    assert rates_parse(None) == []
