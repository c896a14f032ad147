"""The new-proposal page outside the call's window: a speaker sees when it opens, or that it has
closed and where a late-submission code goes, with no form to fill in vain; a POST is refused with
nothing saved and nothing lost. Organisers, site admins and late-code holders keep their access."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertFormError, assertNotContains

from cfp.models import Submission
from events.models import OutboxEvent
from tests.factories.cfp import LateAccessCodeFactory

pytestmark = pytest.mark.django_db

State = Submission.State
LONG_ABSTRACT = "Exactly-once delivery, measured. " * 40


@pytest.fixture
def not_yet_open(conference):
    """The call opens on 1 March 2040 at 09:00 in London (the conference's time zone), for a month."""
    conference.timezone = "Europe/London"
    conference.cfp_opens_at = dt.datetime(2040, 3, 1, 9, 0, tzinfo=dt.UTC)  # 09:00 GMT: London is on UTC in March
    conference.cfp_closes_at = conference.cfp_opens_at + dt.timedelta(days=30)
    conference.save(update_fields=["timezone", "cfp_opens_at", "cfp_closes_at"])
    return conference


@pytest.fixture
def closed(conference):
    """The call closed on 2 June 2020 at 18:00 in Los Angeles (the conference's time zone)."""
    conference.timezone = "America/Los_Angeles"
    conference.cfp_opens_at = dt.datetime(2020, 5, 1, tzinfo=dt.UTC)
    conference.cfp_closes_at = dt.datetime(2020, 6, 3, 1, 0, tzinfo=dt.UTC)  # 18:00 PDT the day before
    conference.save(update_fields=["timezone", "cfp_opens_at", "cfp_closes_at"])
    return conference


def new_url(conference) -> str:
    return reverse("cfp:create", args=[conference.slug])


# --- Before the call opens --------------------------------------------------------------------------


def test_submission_new_before_cfp_opens_says_when_in_conference_time_without_a_form(client_for, speaker, not_yet_open):
    response = client_for(speaker).get(new_url(not_yet_open))

    assert response.status_code == 200
    assertContains(response, "The call for papers opens on 1 Mar 2040, 09:00 GMT (Europe/London).")
    assertNotContains(response, 'name="title"')
    assertNotContains(response, "Submit proposal")


def test_submission_new_without_dates_says_they_are_not_announced(client_for, speaker, conference):
    conference.cfp_opens_at = conference.cfp_closes_at = None
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])

    response = client_for(speaker).get(new_url(conference))

    assertContains(response, "The dates of the call for papers are not announced yet.")
    assertNotContains(response, 'name="title"')


def test_submission_new_post_before_cfp_opens_is_refused_saving_nothing_and_keeping_the_text(
    client_for, speaker, not_yet_open, form_data
):
    response = client_for(speaker).post(new_url(not_yet_open), form_data(abstract=LONG_ABSTRACT, action="submit"))

    assert response.status_code == 403
    assertContains(response, "Nothing was saved: this call for papers is not taking proposals now.", status_code=403)
    assertContains(response, "The call for papers opens on 1 Mar 2040, 09:00 GMT (Europe/London).", status_code=403)
    assertContains(response, LONG_ABSTRACT.strip(), status_code=403)
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_submission_new_late_code_before_cfp_opens_gives_no_form(client_for, speaker, not_yet_open):
    LateAccessCodeFactory(conference=not_yet_open, code="ada-late")

    response = client_for(speaker).get(new_url(not_yet_open), {"late_code": "ada-late"})

    assertNotContains(response, 'name="title"')


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
def test_submission_new_before_cfp_opens_organisers_still_preview_the_form(client_for, person, not_yet_open, who):
    response = client_for(person(who)).get(new_url(not_yet_open))

    assertContains(response, "The call for papers is not open yet.")
    assertContains(response, "Submit proposal")


# --- After the call closes --------------------------------------------------------------------------


def test_submission_new_after_close_says_when_and_asks_only_for_a_late_code(client_for, speaker, closed):
    response = client_for(speaker).get(new_url(closed))

    assert response.status_code == 200
    assertContains(response, "The call for papers closed on 2 Jun 2020, 18:00 PDT (America/Los_Angeles).")
    assertContains(response, '<form method="get"')
    assertContains(response, 'name="late_code"')
    assertNotContains(response, 'name="title"')


def test_submission_new_after_close_with_a_usable_late_code_shows_the_form(client_for, speaker, closed):
    LateAccessCodeFactory(conference=closed, code="ada-late")

    response = client_for(speaker).get(new_url(closed), {"late_code": "ada-late"})

    assertContains(response, "Submit proposal")
    assert response.context["form"]["late_code"].value() == "ada-late"


@pytest.mark.parametrize("code", ["no-such-code", "expired", "used-up"])
def test_submission_new_after_close_with_an_unusable_late_code_says_so(client_for, speaker, closed, code):
    LateAccessCodeFactory(conference=closed, code="expired", valid_until=timezone.now() - dt.timedelta(hours=1))
    LateAccessCodeFactory(conference=closed, code="used-up", uses=1)

    response = client_for(speaker).get(new_url(closed), {"late_code": code})

    assertContains(response, "This late-submission code is not valid, has expired or has been used up.")
    assertNotContains(response, 'name="title"')


def test_submission_new_post_after_close_is_refused_keeping_the_text_in_the_form(
    client_for, speaker, closed, form_data
):
    response = client_for(speaker).post(new_url(closed), form_data(abstract=LONG_ABSTRACT, action="submit"))

    assert response.status_code == 403
    assertFormError(
        response.context["form"],
        None,
        "The call for papers has closed: nothing was saved. Enter a late-submission code from the organisers to "
        "save your proposal.",
    )
    assertContains(response, LONG_ABSTRACT.strip(), status_code=403)
    assertContains(response, 'name="late_code"', status_code=403)
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_submission_new_post_after_close_with_a_wrong_code_says_which_field(client_for, speaker, closed, form_data):
    response = client_for(speaker).post(new_url(closed), form_data(action="submit", late_code="guess"))

    assert response.status_code == 403
    assertFormError(
        response.context["form"],
        "late_code",
        "This late-submission code is not valid, has expired or has been used up.",
    )
    assert Submission.objects.count() == 0


def test_submission_new_post_after_close_with_late_code_submits(client_for, speaker, closed, form_data):
    code = LateAccessCodeFactory(conference=closed, code="ada-late")

    client_for(speaker).post(new_url(closed), form_data(action="submit", late_code="ada-late"))

    code.refresh_from_db()
    assert (Submission.objects.get().state, code.uses) == (State.SUBMITTED, 1)


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
def test_submission_new_after_close_organisers_still_see_the_form(client_for, person, closed, who):
    response = client_for(person(who)).get(new_url(closed))

    assertContains(response, "you need a late-submission code from the organisers to submit")
    assertContains(response, "Submit proposal")


# --- The rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
def test_preview_submission_form_organiser_or_site_admin_is_allowed(person, conference, who):
    assert person(who).has_perm("cfp.preview_submission_form", conference)


@pytest.mark.parametrize("who", ["speaker", "outsider", "reviewer", "mentor", "attendee", "other_organiser"])
def test_preview_submission_form_anyone_else_is_denied(person, conference, who):
    assert not person(who).has_perm("cfp.preview_submission_form", conference)
