"""Guessing pass codes through the API: a few wrong ones, then 429 with when to come back, for the
address and the account; past the limit the right code is refused alike, so nothing is told apart."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conference.models import ConferenceRole
from review.services.codes import pass_code_issue
from tests.factories import ConferenceRoleFactory

pytestmark = pytest.mark.django_db
WRONG = ["ABCDEFGHJKMNPQR" + letter for letter in "STUVWXYZ"]


def redeem_url(conference, code: str) -> str:
    return reverse("pass-code-redeem", kwargs={"conference_slug": conference.slug, "code": code})


def detail_url(conference, code: str) -> str:
    return reverse("pass-code-detail", kwargs={"conference_slug": conference.slug, "code": code})


@pytest.fixture
def three_guesses(settings):
    settings.ATTEMPT_LIMITS = settings.ATTEMPT_LIMITS | {"pass_code": "3/10m"}


@pytest.fixture
def pass_code(submitted, speaker, organiser):
    return pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser).code


def test_wrong_pass_codes_are_refused_with_when_to_retry(three_guesses, organiser_api, conference, pass_code):
    wrong = [organiser_api.post(redeem_url(conference, code), {}, format="json") for code in WRONG[:4]]
    right = organiser_api.post(redeem_url(conference, pass_code), {}, format="json")

    assert [answer.status_code for answer in wrong] == [404, 404, 404, 429]
    assert wrong[3].json()["error"] == "throttled"
    assert wrong[3].json()["message"].startswith("Too many wrong codes were tried from here. Try again in 10 minutes.")
    assert 9 * 60 < int(wrong[3]["Retry-After"]) <= 600
    # The right code gets the same answer: the refusal says nothing about which codes exist.
    assert (right.status_code, right.json()["error"]) == (429, "throttled")


def test_looking_codes_up_counts_as_guessing(three_guesses, organiser_api, conference, pass_code):
    answers = [organiser_api.get(detail_url(conference, code)).status_code for code in WRONG[:3]]

    assert answers == [404, 404, 404]
    assert organiser_api.get(detail_url(conference, pass_code)).status_code == 429


def test_the_limit_follows_the_account_to_another_address(three_guesses, organiser_api, conference, pass_code):
    for code in WRONG[:3]:
        organiser_api.post(redeem_url(conference, code), {}, format="json")

    elsewhere = organiser_api.post(redeem_url(conference, pass_code), {}, format="json", REMOTE_ADDR="198.51.100.4")

    assert elsewhere.status_code == 429


def test_another_account_elsewhere_still_redeems(three_guesses, organiser_api, api_client_for, conference, pass_code):
    for code in WRONG[:3]:
        organiser_api.post(redeem_url(conference, code), {}, format="json")
    box_office = ConferenceRoleFactory(conference=conference, role=ConferenceRole.Role.ORGANISER).user

    answer = api_client_for(box_office).post(
        redeem_url(conference, pass_code), {"reference": "ORDER-7"}, format="json", REMOTE_ADDR="198.51.100.5"
    )

    assert answer.status_code == 200 and answer.json()["redeemed_reference"] == "ORDER-7"


def test_right_codes_do_not_count(three_guesses, organiser_api, conference, submitted, speaker, organiser):
    codes = [pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser).code] + [
        pass_code_issue(submission=submitted, speaker=speaker, kind="discount", discount_percent=50, by=organiser).code
    ]

    answers = [organiser_api.get(detail_url(conference, code)).status_code for code in codes * 3]

    assert answers == [200] * 6


def test_calls_refused_for_the_role_are_throttled_by_the_endpoint_scope(settings, api_client_for, speaker, conference):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] | {"pass_codes": "4/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    speaker_api, anonymous = api_client_for(speaker), APIClient()

    as_speaker = [speaker_api.post(redeem_url(conference, code), {}, format="json").status_code for code in WRONG[:5]]
    as_anonymous = [
        anonymous.post(redeem_url(conference, code), {}, format="json", REMOTE_ADDR="198.51.100.6").status_code
        for code in WRONG[:5]
    ]

    assert as_speaker == [403] * 4 + [429]
    assert as_anonymous == [401] * 4 + [429]
