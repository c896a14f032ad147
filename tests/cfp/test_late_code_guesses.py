"""Guessing late-submission codes: a few wrong ones, then a refusal that says when to try again, on
the page (the speaker's text kept) and in the API (429); past the limit the right code is refused
alike, so a refusal never tells which codes exist."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertFormError

from cfp.models import Submission
from tests.factories.cfp import LateAccessCodeFactory

pytestmark = pytest.mark.django_db

LONG_ABSTRACT = "Exactly-once delivery, measured. " * 40
TOO_MANY = "Too many wrong codes were tried from here. Try again in 10 minutes."


@pytest.fixture
def closed(conference, close_cfp):
    close_cfp()
    LateAccessCodeFactory(conference=conference, code="ada-late")
    return conference


@pytest.fixture
def three_guesses(settings):
    settings.ATTEMPT_LIMITS = settings.ATTEMPT_LIMITS | {"late_code": "3/10m"}


def new_url(conference) -> str:
    return reverse("cfp:create", args=[conference.slug])


def test_wrong_late_codes_then_a_clear_refusal_keeping_the_code(three_guesses, client_for, speaker, closed):
    client = client_for(speaker)
    wrong = [client.get(new_url(closed), {"late_code": f"guess-{n}"}) for n in range(4)]

    assert [answer.status_code for answer in wrong] == [200, 200, 200, 429]
    assertContains(wrong[3], TOO_MANY, status_code=429)
    assertContains(wrong[3], 'value="guess-3"', status_code=429)
    assert 9 * 60 < int(wrong[3]["Retry-After"]) <= 600


def test_past_the_limit_the_right_code_is_refused_too(three_guesses, client_for, speaker, closed):
    client = client_for(speaker)
    for n in range(3):
        client.get(new_url(closed), {"late_code": f"guess-{n}"})

    right = client.get(new_url(closed), {"late_code": "ada-late"})

    assertContains(right, TOO_MANY, status_code=429)
    assert "form" not in right.context or right.context["form"] is None


def test_a_refused_post_keeps_the_proposal_text_and_shows_when(three_guesses, client_for, speaker, closed, form_data):
    client = client_for(speaker)
    for n in range(3):
        client.post(new_url(closed), form_data(action="submit", late_code=f"guess-{n}"))

    refused = client.post(new_url(closed), form_data(abstract=LONG_ABSTRACT, action="submit", late_code="ada-late"))

    assert refused.status_code == 429
    assertFormError(refused.context["form"], "late_code", TOO_MANY)
    assertContains(refused, LONG_ABSTRACT.strip(), status_code=429)
    assert refused.context["form"]["late_code"].value() == "ada-late"
    assert Submission.objects.count() == 0


def test_the_limit_is_per_account_and_per_address(three_guesses, client_for, speaker, other_speaker, closed):
    for n in range(3):
        client_for(speaker).get(new_url(closed), {"late_code": f"guess-{n}"})

    same_account_elsewhere = client_for(speaker).get(new_url(closed), {"late_code": "x"}, REMOTE_ADDR="198.51.100.3")
    other_account_here = client_for(other_speaker).get(new_url(closed), {"late_code": "ada-late"})
    other_account_elsewhere = client_for(other_speaker).get(
        new_url(closed), {"late_code": "ada-late"}, REMOTE_ADDR="198.51.100.3"
    )

    assert same_account_elsewhere.status_code == 429
    assert other_account_here.status_code == 429
    assertContains(other_account_elsewhere, "Submit proposal")


def test_submitting_a_draft_with_wrong_codes_is_refused_on_the_field(
    three_guesses, client_for, speaker, draft, closed, form_data
):
    client = client_for(speaker)
    page = reverse("cfp:submission", kwargs={"code": draft.code})
    answers = [client.post(page, form_data(action="submit", late_code=f"guess-{n}")) for n in range(4)]

    assertFormError(
        answers[2].context["form"],
        None,
        "The call for papers has closed. Ask the organisers for a late-submission code if you were invited.",
    )
    assertFormError(answers[3].context["form"], "late_code", TOO_MANY)
    draft.refresh_from_db()
    assert draft.state == Submission.State.DRAFT


def test_api_submit_with_wrong_late_codes_answers_429_with_when(three_guesses, api_client_for, speaker, draft, closed):
    client = api_client_for(speaker)
    path = reverse("submission-submit", kwargs={"conference_slug": closed.slug, "code": draft.code})

    wrong = [client.post(path, {"late_code": f"guess-{n}"}, format="json") for n in range(3)]
    right = client.post(path, {"late_code": "ada-late"}, format="json")

    assert [answer.status_code for answer in wrong] == [400, 400, 400]
    assert right.status_code == 429
    assert right.json()["error"] == "throttled"
    assert right.json()["message"].startswith(TOO_MANY)
    assert 9 * 60 < int(right["Retry-After"]) <= 600
