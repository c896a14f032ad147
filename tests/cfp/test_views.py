"""The speaker portal: who gets in, and what good and bad input do to a proposal."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertFormError, assertNotContains, assertRedirects

from cfp.models import CoSpeakerInvitation, Submission
from events.models import OutboxEvent
from tests.factories import SpeakerProfileFactory
from tests.factories.cfp import (
    CfpSettingsFactory,
    CoSpeakerInvitationFactory,
    LateAccessCodeFactory,
    QuestionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db
CONFIRMED = {"confirmed": "yes"}  # the second step of an action that cannot be undone

State = Submission.State

LONG_ABSTRACT = "Exactly-once delivery, measured. " * 40  # about 1,300 characters: long, but allowed
NOT_THE_SPEAKER = ["other_speaker", "reviewer", "mentor", "attendee", "other_organiser"]


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


# --- Who gets in: the speaker portal --------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "speaker", "outsider", "reviewer", "mentor", "attendee", "other_organiser", "organiser"]
)
def test_cfp_landing_public_conference_is_open_to_everyone(client_for, person, conference, who):
    response = client_for(person(who)).get(reverse("cfp:landing", args=[conference.slug]))

    assertContains(response, "Submit a proposal")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("outsider", 404), ("attendee", 404), ("reviewer", 200), ("mentor", 200), ("organiser", 200)],
)
def test_cfp_landing_private_conference_only_for_its_team(client_for, person, conference, who, status):
    conference.is_public = False
    conference.save(update_fields=["is_public"])

    response = client_for(person(who)).get(reverse("cfp:landing", args=[conference.slug]))

    assert response.status_code == status


def test_cfp_landing_unknown_conference_is_not_found(client):
    assert client.get(reverse("cfp:landing", args=["no-such-summit"])).status_code == 404


def test_cfp_landing_closed_offers_late_code(client, conference, close_cfp):
    close_cfp()

    response = client.get(reverse("cfp:landing", args=[conference.slug]))

    assertContains(response, "The call for papers has closed.")
    assertContains(response, "Submit with a late-submission code")


def test_submission_new_anonymous_is_sent_to_login(client, conference):
    url = reverse("cfp:create", args=[conference.slug])

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


@pytest.mark.parametrize(
    "who", ["speaker", "outsider", "reviewer", "mentor", "attendee", "other_organiser", "organiser"]
)
def test_submission_new_public_conference_any_signed_in_person_may_submit(client_for, person, conference, who):
    response = client_for(person(who)).get(reverse("cfp:create", args=[conference.slug]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("attendee", 404), ("staff", 403), ("reviewer", 200), ("organiser", 200)]
)
def test_submission_new_private_conference_only_for_its_team(client_for, person, conference, who, status):
    conference.is_public = False
    conference.save(update_fields=["is_public"])

    response = client_for(person(who)).get(reverse("cfp:create", args=[conference.slug]))

    assert response.status_code == status


def test_my_submissions_anonymous_is_sent_to_login(client):
    url = reverse("cfp:mine")

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


def test_my_submissions_lists_own_proposals_only(client_for, speaker, other_speaker, conference, catalogue, draft):
    SubmissionFactory(conference=conference, speakers=[other_speaker], title="Not mine", **catalogue)
    co_speaking = SubmissionFactory(conference=conference, speakers=[other_speaker, speaker], **catalogue)

    response = client_for(speaker).get(reverse("cfp:mine"))

    assert [s.code for s in response.context["submissions"]] == [co_speaking.code, draft.code]
    assertNotContains(response, "Not mine")


@pytest.mark.parametrize("who", [*NOT_THE_SPEAKER, "outsider", "organiser", "site_admin"])
def test_my_submissions_of_someone_else_lists_none_of_the_speakers(client_for, person, submitted, who):
    response = client_for(person(who)).get(reverse("cfp:mine"))

    assert list(response.context["submissions"]) == []
    assertContains(response, "You have not submitted anything yet.")


def test_submission_detail_anonymous_is_sent_to_login(client, submitted):
    url = reverse("cfp:submission", args=[submitted.code])

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


def test_submission_detail_speaker_sees_it_editable(client_for, speaker, submitted):
    response = client_for(speaker).get(reverse("cfp:submission", args=[submitted.code]))

    assertContains(response, "Consumer lag explained")
    assertContains(response, "Save changes")
    assertContains(response, "Withdraw this proposal")


@pytest.mark.parametrize("who", NOT_THE_SPEAKER)
def test_submission_detail_someone_else_gets_not_found(client_for, person, submitted, who):
    response = client_for(person(who)).get(reverse("cfp:submission", args=[submitted.code]))

    assert response.status_code == 404


def test_submission_detail_unknown_code_is_not_found(client_for, speaker):
    assert client_for(speaker).get(reverse("cfp:submission", args=["ZZZZZZZZ"])).status_code == 404


@pytest.mark.parametrize("who", ["organiser", "staff"])
def test_submission_detail_organiser_reads_without_edit_controls(client_for, person, submitted, who):
    response = client_for(person(who)).get(reverse("cfp:submission", args=[submitted.code]))

    assertContains(response, "Consumer lag explained")
    assert response.context["form"] is None
    assertNotContains(response, "Withdraw this proposal")
    assertNotContains(response, "Invite")


@pytest.mark.parametrize(("who", "status"), [("organiser", 403), ("other_speaker", 404), ("reviewer", 404)])
def test_submission_edit_by_someone_else_is_refused(client_for, person, submitted, form_data, who, status):
    response = client_for(person(who)).post(
        reverse("cfp:submission", args=[submitted.code]), form_data(title="Hijacked", action="save")
    )

    submitted.refresh_from_db()
    assert response.status_code == status
    assert submitted.title == "Consumer lag explained"


@pytest.mark.parametrize("name", ["cfp:withdraw", "cfp:invite"])
def test_submission_action_anonymous_is_sent_to_login(client, submitted, name):
    url = reverse(name, args=[submitted.code])

    assertRedirects(client.post(url), login_url(url), fetch_redirect_response=False)


@pytest.mark.parametrize("who", [*NOT_THE_SPEAKER, "organiser"])
@pytest.mark.parametrize("name", ["cfp:withdraw", "cfp:invite"])
def test_submission_action_by_someone_else_is_not_found(client_for, person, submitted, name, who):
    response = client_for(person(who)).post(reverse(name, args=[submitted.code]), {"email": "x@summit.test"})

    submitted.refresh_from_db()
    assert response.status_code == 404
    assert submitted.state == State.SUBMITTED
    assert CoSpeakerInvitation.objects.count() == 0


@pytest.mark.parametrize("name", ["cfp:withdraw", "cfp:invite"])
def test_submission_action_get_is_not_allowed(client_for, speaker, submitted, name):
    assert client_for(speaker).get(reverse(name, args=[submitted.code])).status_code == 405


def test_invitation_anonymous_is_sent_to_login(client, submitted):
    url = reverse("cfp:invitation", args=[CoSpeakerInvitationFactory(submission=submitted).token])

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


@pytest.mark.parametrize("who", ["other_speaker", "reviewer", "attendee", "organiser"])
def test_invitation_link_works_for_whoever_signed_in_holds_it(client_for, person, submitted, who):
    # The token is the secret, mailed to the address invited: the invitee may sign in with another one.
    invitation = CoSpeakerInvitationFactory(submission=submitted)

    response = client_for(person(who)).get(reverse("cfp:invitation", args=[invitation.token]))

    assertContains(response, "Accept and join")


def test_invitation_signed_in_invitee_sees_it(client_for, co_speaker, submitted):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)

    response = client_for(co_speaker).get(reverse("cfp:invitation", args=[invitation.token]))

    assertContains(response, "Ada Lovelace invites you to co-present “Consumer lag explained”")
    assertContains(response, "You will join as co-speaker@summit.test.")


def test_invitation_unknown_token_is_not_found(client_for, co_speaker):
    assert client_for(co_speaker).get(reverse("cfp:invitation", args=["not-a-token"])).status_code == 404


def test_invitation_used_is_not_found(client_for, co_speaker, other_speaker, submitted):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)
    client_for(co_speaker).post(reverse("cfp:invitation", args=[invitation.token]))

    response = client_for(other_speaker).post(reverse("cfp:invitation", args=[invitation.token]))

    assert response.status_code == 404
    assert submitted.speaker_links.count() == 2


# --- Writing a proposal ---------------------------------------------------------------------------


def test_submission_new_save_draft_redirects_to_it(client_for, speaker, conference, form_data):
    response = client_for(speaker).post(reverse("cfp:create", args=[conference.slug]), form_data())

    submission = Submission.objects.get()
    assertRedirects(response, reverse("cfp:submission", args=[submission.code]), fetch_redirect_response=False)
    assert (submission.state, submission.title) == (State.DRAFT, "Exactly-once in practice")
    assert OutboxEvent.objects.get().type == "summit.cfp.submission.created.v1"


def test_submission_new_submit_submits_and_mails(
    django_capture_on_commit_callbacks, client_for, speaker, conference, form_data
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(speaker).post(
            reverse("cfp:create", args=[conference.slug]), form_data(action="submit"), follow=True
        )

    assertContains(response, "Your proposal is submitted. We sent you a confirmation e-mail.")
    assert Submission.objects.get().state == State.SUBMITTED
    assert [message.to for message in mail.outbox] == [["speaker@summit.test"]]


def test_submission_new_empty_title_keeps_what_was_typed(client_for, speaker, conference, form_data):
    response = client_for(speaker).post(
        reverse("cfp:create", args=[conference.slug]), form_data(title="", abstract=LONG_ABSTRACT)
    )

    assert response.status_code == 200
    assertFormError(response.context["form"], "title", "This field is required.")
    assertContains(response, LONG_ABSTRACT.strip())
    assertContains(response, "Nothing was saved yet; your input is kept.")
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_submission_new_abstract_too_long_is_refused(client_for, speaker, conference, form_data):
    response = client_for(speaker).post(reverse("cfp:create", args=[conference.slug]), form_data(abstract="x" * 1501))

    assertFormError(
        response.context["form"], "abstract", "Ensure this value has at most 1500 characters (it has 1501)."
    )
    assertContains(response, "Exactly-once in practice")
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("url", ["not a link", "javascript:alert(1)"])
def test_submission_new_invalid_video_url_is_refused(client_for, speaker, conference, form_data, url):
    response = client_for(speaker).post(reverse("cfp:create", args=[conference.slug]), form_data(video_url=url))

    assertFormError(response.context["form"], "video_url", "Enter a valid URL.")
    assert Submission.objects.count() == 0


def test_submission_new_after_close_with_late_code_submits(client_for, speaker, conference, form_data, close_cfp):
    close_cfp()
    code = LateAccessCodeFactory(conference=conference, code="ada-late")

    client_for(speaker).post(
        reverse("cfp:create", args=[conference.slug]), form_data(action="submit", late_code="ada-late")
    )

    code.refresh_from_db()
    assert (Submission.objects.get().state, code.uses) == (State.SUBMITTED, 1)


def test_submission_new_submit_without_code_of_conduct_saves_nothing(client_for, speaker, conference, form_data):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    response = client_for(speaker).post(
        reverse("cfp:create", args=[conference.slug]), form_data(abstract=LONG_ABSTRACT, action="submit")
    )

    assertFormError(response.context["form"], "code_of_conduct", "Please accept the code of conduct to submit.")
    assertContains(response, LONG_ABSTRACT.strip())
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_submission_new_code_of_conduct_error_comes_with_the_others(client_for, speaker, conference, form_data):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    response = client_for(speaker).post(
        reverse("cfp:create", args=[conference.slug]), form_data(title="", action="submit")
    )

    form = response.context["form"]
    assert sorted(form.errors) == ["code_of_conduct", "title"]
    assert form.errors["code_of_conduct"] == ["Please accept the code of conduct to submit."]


def test_submission_new_draft_needs_no_code_of_conduct(client_for, speaker, conference, form_data):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    client_for(speaker).post(reverse("cfp:create", args=[conference.slug]), form_data(action="save"))

    assert Submission.objects.get().state == State.DRAFT


def test_submission_edit_keeps_the_accepted_code_of_conduct_checked(client_for, speaker, submitted):
    CfpSettingsFactory(conference=submitted.conference, code_of_conduct="Be excellent to each other.")
    Submission.objects.filter(pk=submitted.pk).update(code_of_conduct_accepted_at=submitted.submitted_at)

    response = client_for(speaker).get(reverse("cfp:submission", args=[submitted.code]))

    assert response.context["form"]["code_of_conduct"].value() is True
    assertContains(response, 'name="code_of_conduct" id="id_code_of_conduct" checked')


@pytest.mark.parametrize("first_time", [True, False])
def test_submission_new_takes_first_talk_from_the_profile(client_for, speaker, conference, first_time):
    SpeakerProfileFactory(user=speaker, is_first_time_speaker=first_time)

    response = client_for(speaker).get(reverse("cfp:create", args=[conference.slug]))

    assert response.context["form"]["is_first_time_speaker"].value() is first_time


def test_submission_new_beyond_hourly_rate_says_so(
    django_capture_on_commit_callbacks, client_for, speaker, conference, form_data
):
    CfpSettingsFactory(conference=conference, max_submissions_per_hour=1)
    client = client_for(speaker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cfp:create", args=[conference.slug]), form_data())

    response = client.post(reverse("cfp:create", args=[conference.slug]), form_data(title="Another idea"))

    assertFormError(
        response.context["form"],
        None,
        "You have started 1 submission in the last hour. Please wait a little before starting another.",
    )
    assertContains(response, "Another idea")
    assert Submission.objects.count() == 1


def test_submission_new_failed_tries_do_not_use_up_hourly_rate(
    django_capture_on_commit_callbacks, client_for, speaker, conference, form_data
):
    CfpSettingsFactory(conference=conference, max_submissions_per_hour=1, code_of_conduct="Be kind.")
    client = client_for(speaker)
    with django_capture_on_commit_callbacks(execute=True):
        for _try in range(2):
            client.post(reverse("cfp:create", args=[conference.slug]), form_data(action="submit"))

        client.post(reverse("cfp:create", args=[conference.slug]), form_data(action="submit", code_of_conduct="on"))

    assert Submission.objects.get().state == State.SUBMITTED


def test_submission_new_shows_questions_of_the_chosen_track(client_for, speaker, conference, track, other_track):
    QuestionFactory(conference=conference, text="Which stream processor?", tracks=[track], required=True)
    QuestionFactory(conference=conference, text="Which Kafka version?", tracks=[other_track])

    response = client_for(speaker).get(reverse("cfp:create", args=[conference.slug]))

    # Before a track is chosen only questions for every track apply; neither of these does.
    assertNotContains(response, "Which stream processor?")


def test_submission_new_answers_questions_of_the_chosen_track(client_for, speaker, conference, track, form_data):
    question = QuestionFactory(conference=conference, text="Which stream processor?", tracks=[track], required=True)

    client_for(speaker).post(
        reverse("cfp:create", args=[conference.slug]),
        form_data(action="submit", **{f"question_{question.pk}": "Apache Flink"}),
    )

    submission = Submission.objects.get()
    assert submission.state == State.SUBMITTED
    assert list(submission.answers.values_list("value", flat=True)) == ["Apache Flink"]


def test_submission_new_required_question_unanswered_on_submit_says_which(
    client_for, speaker, conference, track, form_data
):
    QuestionFactory(conference=conference, text="Which stream processor?", tracks=[track], required=True)

    response = client_for(speaker).post(reverse("cfp:create", args=[conference.slug]), form_data(action="submit"))

    assertFormError(response.context["form"], None, "Please answer: Which stream processor?")
    assert Submission.objects.count() == 0


# --- Editing, withdrawing, co-speakers ------------------------------------------------------------


def test_submission_edit_draft_then_submit(client_for, speaker, draft, form_data):
    response = client_for(speaker).post(
        reverse("cfp:submission", args=[draft.code]), form_data(title="Exactly-once, for real", action="submit")
    )

    draft.refresh_from_db()
    assertRedirects(response, reverse("cfp:submission", args=[draft.code]), fetch_redirect_response=False)
    assert (draft.title, draft.state) == ("Exactly-once, for real", State.SUBMITTED)


def test_submission_edit_submitted_saves_changes(client_for, speaker, submitted, form_data):
    client_for(speaker).post(
        reverse("cfp:submission", args=[submitted.code]), form_data(title="Lag, explained", action="save")
    )

    submitted.refresh_from_db()
    assert (submitted.title, submitted.state) == ("Lag, explained", State.SUBMITTED)
    assert OutboxEvent.objects.get().data["changed_fields"] == ["abstract", "title"]


def test_submission_edit_empty_title_keeps_text_and_changes_nothing(client_for, speaker, submitted, form_data):
    response = client_for(speaker).post(
        reverse("cfp:submission", args=[submitted.code]), form_data(title="", abstract=LONG_ABSTRACT, action="save")
    )

    submitted.refresh_from_db()
    assertFormError(response.context["form"], "title", "This field is required.")
    assertContains(response, LONG_ABSTRACT.strip())
    assert submitted.title == "Consumer lag explained"


def test_submission_submit_draft_after_close_says_so_and_saves_nothing(
    client_for, speaker, draft, form_data, close_cfp
):
    close_cfp()
    saved_abstract = draft.abstract

    response = client_for(speaker).post(
        reverse("cfp:submission", args=[draft.code]), form_data(abstract=LONG_ABSTRACT, action="submit")
    )

    draft.refresh_from_db()
    assertContains(
        response, "The call for papers has closed. Ask the organisers for a late-submission code if you were invited."
    )
    assertContains(response, LONG_ABSTRACT.strip())
    assert (draft.state, draft.abstract) == (State.DRAFT, saved_abstract)
    assert OutboxEvent.objects.count() == 0


def test_submission_detail_submitted_after_close_is_read_only(client_for, speaker, submitted, form_data, close_cfp):
    close_cfp()
    client = client_for(speaker)

    page = client.get(reverse("cfp:submission", args=[submitted.code]))
    response = client.post(reverse("cfp:submission", args=[submitted.code]), form_data(title="Too late"))

    assert page.context["form"] is None
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.title == "Consumer lag explained"


def test_submission_withdraw_asks_first_and_keeps_the_proposal(client_for, speaker, submitted):
    response = client_for(speaker).post(reverse("cfp:withdraw", args=[submitted.code]))

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assertContains(response, f"Withdraw “{submitted.title}”?")
    assertContains(response, '<input type="hidden" name="confirmed" value="yes">', html=True)


def test_submission_withdraw_withdraws(client_for, speaker, submitted):
    response = client_for(speaker).post(reverse("cfp:withdraw", args=[submitted.code]), CONFIRMED, follow=True)

    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN
    assertContains(response, "Your proposal is withdrawn.")


def test_submission_withdraw_accepted_says_why_not(client_for, speaker, conference, catalogue):
    accepted = SubmissionFactory(conference=conference, state=State.ACCEPTED, speakers=[speaker], **catalogue)

    response = client_for(speaker).post(reverse("cfp:withdraw", args=[accepted.code]), CONFIRMED, follow=True)

    accepted.refresh_from_db()
    assert accepted.state == State.ACCEPTED
    assertContains(response, "A submission that is Accepted cannot become Withdrawn.")


def test_submission_invite_sends_the_invitation(django_capture_on_commit_callbacks, client_for, speaker, submitted):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(speaker).post(
            reverse("cfp:invite", args=[submitted.code]), {"email": "grace@summit.test"}, follow=True
        )

    invitation = CoSpeakerInvitation.objects.get()
    assertContains(response, "The invitation is on its way to grace@summit.test.")
    assertContains(response, "Invited: grace@summit.test")
    assert [message.to for message in mail.outbox] == [["grace@summit.test"]]
    assert f"/me/invitations/{invitation.token}/" in mail.outbox[0].body


def test_submission_detail_withdrawn_offers_no_invitation(client_for, speaker, conference, catalogue):
    withdrawn = SubmissionFactory(conference=conference, state=State.WITHDRAWN, speakers=[speaker], **catalogue)

    response = client_for(speaker).get(reverse("cfp:submission", args=[withdrawn.code]))

    assertNotContains(response, "Co-speaker's e-mail address")
    assertNotContains(response, "Withdraw this proposal")


def test_submission_invite_bad_address_says_so(client_for, speaker, submitted):
    response = client_for(speaker).post(reverse("cfp:invite", args=[submitted.code]), {"email": "grace"}, follow=True)

    assertContains(response, "Please enter a valid e-mail address.")
    assert CoSpeakerInvitation.objects.count() == 0


def test_submission_invite_self_says_so(client_for, speaker, submitted):
    response = client_for(speaker).post(
        reverse("cfp:invite", args=[submitted.code]), {"email": speaker.email}, follow=True
    )

    assertContains(response, "This person is already a speaker of this submission.")


def test_invitation_accept_joins_the_proposal(client_for, co_speaker, submitted):
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)

    response = client_for(co_speaker).post(reverse("cfp:invitation", args=[invitation.token]), follow=True)

    assertContains(response, "You are now a speaker of this proposal.")
    assert sorted(submitted.speakers.values_list("email", flat=True)) == [
        "co-speaker@summit.test",
        "speaker@summit.test",
    ]


def test_invitation_accept_beyond_cap_says_why(client_for, co_speaker, submitted, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[co_speaker], **catalogue)
    invitation = CoSpeakerInvitationFactory(submission=submitted, email=co_speaker.email)

    response = client_for(co_speaker).post(reverse("cfp:invitation", args=[invitation.token]))

    assertContains(response, "Grace Hopper already has 1 submission in this call for papers, the most allowed.")
    assert submitted.speaker_links.count() == 1
