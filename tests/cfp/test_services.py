"""Proposals through the services: drafts, submission, edits, withdrawal, and the events they write."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cfp.models import Answer, LateAccessCode, Question, Submission
from cfp.services.speakers import speaker_accept_invitation, speaker_invite
from cfp.services.submissions import (
    submission_create_draft,
    submission_submit,
    submission_update,
    submission_withdraw,
)
from events.models import OutboxEvent
from events.registry import validate_envelope
from tests.factories import EmailAddressFactory, LevelFactory, TrackFactory, UserFactory
from tests.factories.cfp import (
    CfpSettingsFactory,
    LateAccessCodeFactory,
    QuestionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

State = Submission.State

PROPOSAL = {
    "title": "Exactly-once in practice",
    "abstract": "What exactly-once delivery costs in a real payments pipeline, and when it is worth it.",
}


@pytest.fixture
def new_draft(conference, catalogue, speaker):
    """`new_draft(**fields)`: a draft started through the service, as the speaker portal does."""

    def create(**fields) -> Submission:
        return submission_create_draft(conference=conference, by=speaker, **(PROPOSAL | catalogue | fields))

    return create


def _open_cfp_in(conference, *, opens_in: dt.timedelta) -> None:
    now = timezone.now()
    conference.cfp_opens_at = now + opens_in
    conference.cfp_closes_at = now + opens_in + dt.timedelta(days=30)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])


def _raised(call) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value


# --- submission_create_draft ----------------------------------------------------------------------


def test_create_draft_open_cfp_saves_draft_with_primary_speaker(new_draft, speaker):
    submission = new_draft()

    assert (submission.state, submission.title, submission.submitted_at) == (State.DRAFT, PROPOSAL["title"], None)
    assert list(submission.speaker_links.values_list("user", "is_primary")) == [(speaker.pk, True)]


def test_create_draft_emits_created(new_draft, conference, speaker, track, talk, level):
    submission = new_draft()

    event = OutboxEvent.objects.get()
    assert event.type == "summit.cfp.submission.created.v1"
    assert event.subject == f"submission/{submission.code}"
    assert event.data == {
        "code": submission.code,
        "conference": conference.slug,
        "title": PROPOSAL["title"],
        "state": "draft",
        "track": track.slug,
        "submission_type": talk.name,
        "level": level.slug,
        "language": "en",
        "speaker_ids": [speaker.pk],
        "is_first_time_speaker": False,
        "submitted_at": None,
    }


def test_create_draft_before_cfp_opens_is_refused(new_draft, conference):
    _open_cfp_in(conference, opens_in=dt.timedelta(days=2))

    error = _raised(new_draft)

    assert (error.code, error.messages) == ("cfp_not_open", ["The call for papers is not open yet."])
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_create_draft_without_cfp_dates_is_refused(new_draft, conference):
    conference.cfp_opens_at = conference.cfp_closes_at = None
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])

    error = _raised(new_draft)

    assert error.code == "cfp_not_open"
    assert Submission.objects.count() == 0


def test_create_draft_after_close_is_refused(new_draft, close_cfp):
    close_cfp()

    error = _raised(new_draft)

    assert (error.code, error.messages) == ("cfp_closed", ["The call for papers has closed."])
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_create_draft_after_close_with_late_code_is_created(new_draft, close_cfp, conference):
    close_cfp()
    code = LateAccessCodeFactory(conference=conference, code="ada-late")

    submission = new_draft(late_code=" ada-late ")

    code.refresh_from_db()
    assert submission.state == State.DRAFT
    assert code.uses == 0  # claimed when the proposal is submitted, not when it is started


def test_create_draft_after_close_with_expired_late_code_is_refused(new_draft, close_cfp, conference):
    close_cfp()
    LateAccessCodeFactory(conference=conference, code="ada-late", valid_until=timezone.now() - dt.timedelta(hours=1))

    error = _raised(lambda: new_draft(late_code="ada-late"))

    assert error.code == "cfp_closed"


def test_create_draft_after_close_with_other_conference_late_code_is_refused(new_draft, close_cfp, other_conference):
    close_cfp()
    LateAccessCodeFactory(conference=other_conference, code="other-late")

    error = _raised(lambda: new_draft(late_code="other-late"))

    assert error.code == "cfp_closed"


def test_create_draft_with_historical_now_inside_window_is_created(new_draft, close_cfp, conference):
    close_cfp()

    submission = new_draft(now=conference.cfp_opens_at + dt.timedelta(days=1))

    assert submission.state == State.DRAFT


def test_create_draft_with_other_conference_track_is_field_error(new_draft, other_conference):
    foreign_track = TrackFactory(conference=other_conference)

    error = _raised(lambda: new_draft(track=foreign_track))

    assert error.message_dict == {"track": ["Choose one of this conference's options."]}
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_create_draft_saves_answers_about_talk_and_speaker(new_draft, conference, speaker):
    about_talk = QuestionFactory(conference=conference, text="Given before?", kind=Question.Kind.BOOLEAN)
    about_speaker = QuestionFactory(conference=conference, text="T-shirt size?", target=Question.Target.SPEAKER)

    submission = new_draft(answers={about_talk.pk: True, about_speaker.pk: "M"})

    assert Answer.objects.get(question=about_talk).submission == submission
    assert Answer.objects.get(question=about_speaker).speaker == speaker
    assert Answer.objects.get(question=about_speaker).value == "M"


def test_create_draft_beyond_hourly_rate_is_refused(django_capture_on_commit_callbacks, new_draft, conference):
    CfpSettingsFactory(conference=conference, max_submissions_per_hour=2)
    with django_capture_on_commit_callbacks(execute=True):
        new_draft()
        new_draft(title="Second idea")

    error = _raised(lambda: new_draft(title="Third idea"))

    assert error.code == "rate_limited"
    assert error.messages == [
        "You have started 2 submissions in the last hour. Please wait a little before starting another."
    ]
    assert Submission.objects.count() == 2


def test_create_draft_hourly_rate_counts_each_speaker_apart(
    django_capture_on_commit_callbacks, new_draft, conference, catalogue, other_speaker
):
    CfpSettingsFactory(conference=conference, max_submissions_per_hour=1)
    with django_capture_on_commit_callbacks(execute=True):
        new_draft()

    submission = submission_create_draft(conference=conference, by=other_speaker, **(PROPOSAL | catalogue))

    assert submission.state == State.DRAFT


def test_create_draft_rolled_back_does_not_count_towards_hourly_rate(
    django_capture_on_commit_callbacks, new_draft, conference
):
    CfpSettingsFactory(conference=conference, max_submissions_per_hour=1)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError), transaction.atomic():
            new_draft()
            raise ValidationError("Submitting it failed, so the draft is rolled back too.")

        submission = new_draft()

    assert submission.state == State.DRAFT


# --- submission_submit ----------------------------------------------------------------------------


def test_submit_open_cfp_submits_and_stamps_time(draft, speaker):
    before = timezone.now()

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.submitted_at >= before
    assert draft.possible_duplicate_of is None


def test_submit_emits_submitted_with_previous_state(draft, speaker):
    submission_submit(submission=draft, by=speaker)

    event = OutboxEvent.objects.get()
    assert event.type == "summit.cfp.submission.submitted.v1"
    assert (event.data["state"], event.data["previous_state"]) == ("submitted", "draft")
    assert "possible_duplicate_of" not in event.data


def test_submit_mails_every_speaker_after_commit(django_capture_on_commit_callbacks, conference, catalogue):
    first, second = UserFactory(email="first@summit.test"), UserFactory(email="second@summit.test")
    submission = SubmissionFactory(conference=conference, state=State.DRAFT, speakers=[first, second], **catalogue)

    with django_capture_on_commit_callbacks(execute=True):
        submission_submit(submission=submission, by=first)

    assert sorted(message.to[0] for message in mail.outbox) == ["first@summit.test", "second@summit.test"]
    assert mail.outbox[0].subject == f"[{conference.name}] We received “{submission.title}”"
    assert f"/me/submissions/{submission.code}/" in mail.outbox[0].body


def test_submit_mails_nothing_before_commit(django_capture_on_commit_callbacks, draft, speaker):
    with django_capture_on_commit_callbacks(execute=False):
        submission_submit(submission=draft, by=speaker)

    assert mail.outbox == []


def test_submit_after_close_is_refused_with_clear_message(draft, speaker, close_cfp):
    close_cfp()

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    draft.refresh_from_db()
    assert error.messages == [
        "The call for papers has closed. Ask the organisers for a late-submission code if you were invited."
    ]
    assert (draft.state, draft.submitted_at) == (State.DRAFT, None)
    assert OutboxEvent.objects.count() == 0


def test_submit_before_open_is_refused(draft, speaker, conference):
    _open_cfp_in(conference, opens_in=dt.timedelta(days=1))

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    assert error.messages == ["The call for papers is not open yet."]


def test_submit_after_close_with_late_code_uses_it(draft, speaker, close_cfp, conference):
    close_cfp()
    code = LateAccessCodeFactory(conference=conference, code="ada-late")

    submission_submit(submission=draft, by=speaker, late_code="ada-late")

    draft.refresh_from_db()
    code.refresh_from_db()
    assert (draft.state, draft.late_access_code) == (State.SUBMITTED, code)
    assert code.uses == 1


def test_submit_late_code_used_up_is_refused(conference, catalogue, speaker, other_speaker, close_cfp):
    close_cfp()
    LateAccessCodeFactory(conference=conference, code="one-use", max_uses=1)
    first = SubmissionFactory(conference=conference, state=State.DRAFT, speakers=[speaker], **catalogue)
    second = SubmissionFactory(conference=conference, state=State.DRAFT, speakers=[other_speaker], **catalogue)
    submission_submit(submission=first, by=speaker, late_code="one-use")

    error = _raised(lambda: submission_submit(submission=second, by=other_speaker, late_code="one-use"))

    second.refresh_from_db()
    assert error.code == "cfp_closed"
    assert second.state == State.DRAFT
    assert LateAccessCode.objects.get().uses == 1


def test_submit_without_accepting_code_of_conduct_is_refused(draft, speaker, conference):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    draft.refresh_from_db()
    assert error.message_dict == {"code_of_conduct": ["Please accept the code of conduct to submit."]}
    assert draft.state == State.DRAFT


def test_submit_accepting_code_of_conduct_records_when(draft, speaker, conference):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    submission_submit(submission=draft, by=speaker, code_of_conduct_accepted=True)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.code_of_conduct_accepted_at == draft.submitted_at


def test_submit_with_required_question_unanswered_is_refused(draft, speaker, conference):
    QuestionFactory(conference=conference, text="Which stream processor?", required=True)

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    draft.refresh_from_db()
    assert (error.code, error.messages) == ("answers_missing", ["Please answer: Which stream processor?"])
    assert draft.state == State.DRAFT


def test_submit_with_required_question_answered_submits(draft, speaker, conference):
    question = QuestionFactory(conference=conference, required=True)
    Answer.objects.create(question=question, submission=draft, value="Flink")

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_with_required_speaker_question_answered_by_speaker_submits(draft, speaker, conference):
    question = QuestionFactory(conference=conference, required=True, target=Question.Target.SPEAKER)
    Answer.objects.create(question=question, speaker=speaker, value="M")

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_required_question_of_other_track_does_not_apply(draft, speaker, conference, other_track):
    QuestionFactory(conference=conference, required=True, tracks=[other_track])

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_beyond_speaker_cap_is_refused(draft, speaker, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[speaker], **catalogue)

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    draft.refresh_from_db()
    assert error.code == "cap_reached"
    assert error.messages == ["Ada Lovelace already has 1 submission in this call for papers, the most allowed."]
    assert draft.state == State.DRAFT


def test_submit_speaker_cap_ignores_drafts_and_withdrawn(draft, speaker, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, state=State.DRAFT, speakers=[speaker], **catalogue)
    SubmissionFactory(conference=conference, state=State.WITHDRAWN, speakers=[speaker], **catalogue)

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_speaker_cap_ignores_other_conferences(draft, speaker, other_conference):
    CfpSettingsFactory(conference=draft.conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=other_conference, speakers=[speaker])

    submission_submit(submission=draft, by=speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_speaker_cap_counts_co_speaking(draft, speaker, other_speaker, conference, catalogue):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[other_speaker, speaker], **catalogue)

    error = _raised(lambda: submission_submit(submission=draft, by=speaker))

    assert error.code == "cap_reached"


def test_submit_speaker_cap_applies_to_every_co_speaker(conference, catalogue, speaker, co_speaker):
    CfpSettingsFactory(conference=conference, max_submissions_per_speaker=1)
    SubmissionFactory(conference=conference, speakers=[co_speaker], **catalogue)
    shared = SubmissionFactory(conference=conference, state=State.DRAFT, speakers=[speaker, co_speaker], **catalogue)

    error = _raised(lambda: submission_submit(submission=shared, by=speaker))

    assert error.messages == ["Grace Hopper already has 1 submission in this call for papers, the most allowed."]


def test_submit_near_identical_second_proposal_is_flagged(conference, catalogue, speaker, submitted):
    copy = SubmissionFactory(
        conference=conference,
        state=State.DRAFT,
        speakers=[speaker],
        title="Consumer lag, explained",
        abstract=submitted.abstract,
        **catalogue,
    )

    submission_submit(submission=copy, by=speaker)

    copy.refresh_from_db()
    assert copy.possible_duplicate_of == submitted
    assert OutboxEvent.objects.get().data["possible_duplicate_of"] == submitted.code


def test_submit_different_proposal_is_not_flagged(conference, catalogue, speaker, submitted):
    other = SubmissionFactory(
        conference=conference,
        state=State.DRAFT,
        speakers=[speaker],
        title="Tiered storage in production",
        abstract="Two years of moving cold partitions to object storage, and the bill before and after.",
        **catalogue,
    )

    submission_submit(submission=other, by=speaker)

    other.refresh_from_db()
    assert other.possible_duplicate_of is None


def test_submit_near_identical_to_own_draft_is_not_flagged(conference, catalogue, speaker, draft):
    copy = SubmissionFactory(
        conference=conference,
        state=State.DRAFT,
        speakers=[speaker],
        title=draft.title,
        abstract=draft.abstract,
        **catalogue,
    )

    submission_submit(submission=copy, by=speaker)

    copy.refresh_from_db()
    assert copy.possible_duplicate_of is None


def test_submit_near_identical_proposal_by_someone_else_is_not_flagged(conference, catalogue, other_speaker, submitted):
    copy = SubmissionFactory(
        conference=conference,
        state=State.DRAFT,
        speakers=[other_speaker],
        title=submitted.title,
        abstract=submitted.abstract,
        **catalogue,
    )

    submission_submit(submission=copy, by=other_speaker)

    copy.refresh_from_db()
    assert copy.possible_duplicate_of is None


def test_submit_already_submitted_is_refused(submitted, speaker):
    error = _raised(lambda: submission_submit(submission=submitted, by=speaker))

    assert error.code == "invalid_transition"
    assert OutboxEvent.objects.count() == 0


# --- submission_update ----------------------------------------------------------------------------


def test_update_draft_saves_and_emits_changed_fields(draft, speaker):
    submission_update(submission=draft, by=speaker, title="Exactly-once, in practice", abstract=draft.abstract)

    draft.refresh_from_db()
    event = OutboxEvent.objects.get()
    assert draft.title == "Exactly-once, in practice"
    assert event.type == "summit.cfp.submission.updated.v1"
    assert event.data["changed_fields"] == ["title"]


def test_update_lists_every_changed_field_sorted(draft, speaker, other_track):
    submission_update(submission=draft, by=speaker, track=other_track, abstract="A new abstract.", notes="Hi")

    assert OutboxEvent.objects.get().data["changed_fields"] == ["abstract", "notes", "track"]


def test_update_submitted_while_open_is_saved(submitted, speaker):
    submission_update(submission=submitted, by=speaker, title="Consumer lag, explained again")

    submitted.refresh_from_db()
    assert submitted.title == "Consumer lag, explained again"


def test_update_submitted_after_close_is_refused(submitted, speaker, close_cfp):
    close_cfp()

    error = _raised(lambda: submission_update(submission=submitted, by=speaker, title="Too late"))

    submitted.refresh_from_db()
    assert error.code == "closed"
    assert submitted.title == "Consumer lag explained"
    assert OutboxEvent.objects.count() == 0


def test_update_draft_after_close_is_saved(draft, speaker, close_cfp):
    close_cfp()

    submission_update(submission=draft, by=speaker, title="Still polishing")

    draft.refresh_from_db()
    assert draft.title == "Still polishing"


@pytest.mark.parametrize("state", [State.UNDER_REVIEW, State.ACCEPTED, State.WITHDRAWN])
def test_update_after_submission_phase_is_refused(conference, catalogue, speaker, state):
    submission = SubmissionFactory(conference=conference, state=state, speakers=[speaker], **catalogue)

    error = _raised(lambda: submission_update(submission=submission, by=speaker, title="Changed"))

    assert error.code == "not_editable"
    assert OutboxEvent.objects.count() == 0


def test_update_without_changes_emits_nothing(draft, speaker, track):
    submission_update(submission=draft, by=speaker, title=draft.title, abstract=draft.abstract, track=track)

    assert OutboxEvent.objects.count() == 0


def test_update_with_same_answers_emits_nothing(draft, speaker, conference):
    question = QuestionFactory(conference=conference)
    Answer.objects.create(question=question, submission=draft, value="Flink")

    submission_update(submission=draft, by=speaker, title=draft.title, answers={question.pk: "Flink"})

    assert OutboxEvent.objects.count() == 0


def test_update_with_new_answer_emits_answers_changed(draft, speaker, conference):
    question = QuestionFactory(conference=conference)

    submission_update(submission=draft, by=speaker, answers={question.pk: "Flink"})

    assert Answer.objects.get(submission=draft).value == "Flink"
    assert OutboxEvent.objects.get().data["changed_fields"] == ["answers"]


def test_update_with_other_conference_level_is_field_error(draft, speaker, other_conference):
    error = _raised(
        lambda: submission_update(submission=draft, by=speaker, level=LevelFactory(conference=other_conference))
    )

    assert error.message_dict == {"level": ["Choose one of this conference's options."]}


def test_update_with_abstract_too_long_changes_nothing(draft, speaker):
    error = _raised(lambda: submission_update(submission=draft, by=speaker, abstract="x" * 1501))

    draft.refresh_from_db()
    assert list(error.message_dict) == ["abstract"]
    assert len(draft.abstract) < 1501
    assert OutboxEvent.objects.count() == 0


# --- submission_withdraw --------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.WAITLISTED])
def test_withdraw_before_decision_emits_withdrawn(conference, catalogue, speaker, state):
    submission = SubmissionFactory(conference=conference, state=state, speakers=[speaker], **catalogue)

    submission_withdraw(submission=submission, by=speaker)

    submission.refresh_from_db()
    event = OutboxEvent.objects.get()
    assert submission.state == State.WITHDRAWN
    assert (event.type, event.data["previous_state"]) == ("summit.cfp.submission.withdrawn.v1", state)


@pytest.mark.parametrize("state", [State.ACCEPTED, State.REJECTED, State.CONFIRMED, State.WITHDRAWN])
def test_withdraw_after_decision_is_refused(conference, catalogue, speaker, state):
    submission = SubmissionFactory(conference=conference, state=state, speakers=[speaker], **catalogue)

    error = _raised(lambda: submission_withdraw(submission=submission, by=speaker))

    submission.refresh_from_db()
    assert error.code == "invalid_transition"
    assert submission.state == state


# --- every event, end to end ----------------------------------------------------------------------


def test_speaker_journey_emits_valid_cloudevents(django_capture_on_commit_callbacks, new_draft, speaker, conference):
    grace = EmailAddressFactory(user__email="grace@summit.test").user
    with django_capture_on_commit_callbacks(execute=True):
        submission = new_draft()
        submission_update(submission=submission, by=speaker, title="Exactly-once, for real")
        invitation = speaker_invite(submission=submission, email=grace.email, by=speaker)
        speaker_accept_invitation(invitation=invitation, user=grace)
        submission_submit(submission=submission, by=speaker)
        submission_withdraw(submission=submission, by=grace)

    events = list(OutboxEvent.objects.order_by("id"))
    for event in events:
        validate_envelope(event.as_cloudevent())
    assert [event.type.split(".")[3] for event in events] == [
        "created",
        "updated",
        "speaker_invited",
        "speaker_joined",
        "submitted",
        "withdrawn",
    ]
    assert {event.subject for event in events} == {f"submission/{submission.code}"}
    assert {event.source for event in events} == {f"/summit/{conference.slug}"}
