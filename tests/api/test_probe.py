"""The attacker's probe of issue #22, replayed under the production limits from one address: 800
rapid calls, interleaved: 300 anonymous reads, 200 bad tokens, 300 pass-code guesses."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from summit.settings import base

pytestmark = pytest.mark.django_db
WRONG_CODES = [f"ABCDEFGHJKMN{n:04d}".replace("0", "P").replace("1", "Q") for n in range(300)]


@pytest.fixture
def production_limits(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": base.API_THROTTLE_RATES}
    settings.ATTEMPT_LIMITS = base.ATTEMPT_LIMITS


def probe(conference, guesser: APIClient) -> dict[str, list[int]]:
    """Each kind's answers, in the order sent; the kinds take turns: read, read, read, token, token, guess ×3."""
    reader, forger = APIClient(), APIClient()
    answers: dict[str, list[int]] = {"read": [], "token": [], "guess": [], "all": []}
    reads, tokens, guesses = iter(range(300)), iter(range(200)), iter(WRONG_CODES)
    for n in range(800):
        kind = ["read", "read", "read", "token", "token", "guess", "guess", "guess"][n % 8]
        if kind == "read":
            next(reads)
            status = reader.get(reverse("conference-list")).status_code
        elif kind == "token":
            key = f"{next(tokens):040d}"
            status = forger.get(reverse("conference-list"), HTTP_AUTHORIZATION=f"Token {key}").status_code
        else:
            path = reverse("pass-code-redeem", kwargs={"conference_slug": conference.slug, "code": next(guesses)})
            status = guesser.post(path, {}, format="json").status_code
        answers[kind].append(status)
        answers["all"].append(status)
    return answers


def test_probe_with_an_organisers_token_is_stopped(production_limits, conference, organiser_api):
    answers = probe(conference, organiser_api)

    assert answers["token"][:20] == [401] * 20 and set(answers["token"][20:]) == {429}
    # The guesses carry a (good) token from the same address: at most the pass-code limit is looked up.
    assert answers["guess"].count(404) <= 10 and answers["guess"].count(200) == 0
    assert answers["all"].index(429) < 100
    assert answers["all"].count(429) >= 800 - 300 - 20 - 10


def test_probe_with_anonymous_guesses_is_stopped(production_limits, conference):
    answers = probe(conference, APIClient())

    assert set(answers["guess"][120:]) == {429}  # the pass-code endpoint's own rate
    assert answers["read"].count(200) + answers["guess"].count(401) + answers["token"].count(401) <= 600 + 20
