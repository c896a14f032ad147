"""Submissions: drafts, edits, submission, withdrawal, and the one state-transition function."""

from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cfp import states, windows
from cfp.models import Answer, LateAccessCode, Question, Submission, SubmissionSpeaker
from cfp.selectors import applicable_questions, cfp_settings_for
from cfp.tasks import send_submission_received
from common.queueing import enqueue_on_commit
from conference.models import Conference
from events.services import emit

EDITABLE_FIELDS = [
    "title",
    "abstract",
    "description",
    "submission_type",
    "track",
    "level",
    "language",
    "notes",
    "video_url",
    "slides_url",
    "is_first_time_speaker",
]
DUPLICATE_SIMILARITY = 0.85


def submission_event_data(submission: Submission) -> dict[str, Any]:
    return {
        "code": submission.code,
        "conference": submission.conference.slug,
        "title": submission.title,
        "state": submission.state,
        "track": submission.track.slug,
        "submission_type": submission.submission_type.name,
        "level": submission.level.slug,
        "language": submission.language,
        "speaker_ids": sorted(link.user_id for link in submission.speaker_links.all()),
        "is_first_time_speaker": submission.is_first_time_speaker,
        "submitted_at": submission.submitted_at,
    }


def _emit(submission: Submission, happened: str, by, extra: dict[str, Any] | None = None) -> None:
    emit(
        f"summit.cfp.submission.{happened}.v1",
        subject=submission.subject,
        data=submission_event_data(submission) | (extra or {}),
        conference_slug=submission.conference.slug,
        actor=by,
    )


def _check_rate(conference: Conference, user) -> None:
    limit = cfp_settings_for(conference).max_submissions_per_hour
    key = f"cfp:new-submissions:{conference.pk}:{user.pk}:{timezone.now():%Y%m%d%H}"
    if cache.get(key, 0) >= limit:
        raise ValidationError(
            ngettext(
                "You have started %(limit)s submission in the last hour. Please wait a little before starting another.",
                "You have started %(limit)s submissions in the last hour. "
                "Please wait a little before starting another.",
                limit,
            )
            % {"limit": limit},
            code="rate_limited",
        )
    # Counted once the draft is committed: a try that rolls back (say, submitting without accepting
    # the code of conduct) must not use up the speaker's allowance.
    transaction.on_commit(lambda: _count_new_submission(key))


def _count_new_submission(key: str) -> None:
    cache.add(key, 0, timeout=3600)
    cache.incr(key)


def _check_catalogue(conference: Conference, fields: dict[str, Any]) -> None:
    errors = {}
    for field in ("submission_type", "track", "level"):
        value = fields.get(field)
        if value is not None and value.conference_id != conference.pk:
            errors[field] = _("Choose one of this conference's options.")
    if errors:
        raise ValidationError(errors)


def _save_answers(submission: Submission, answers: dict[int, Any], speaker) -> bool:
    """Saves the answers given; True when one of them is new or different."""
    changed = False
    for question in applicable_questions(
        submission.conference, track=submission.track, type=submission.submission_type
    ):
        if question.pk not in answers:
            continue
        value = answers[question.pk]
        about = {"submission": submission} if question.target == Question.Target.SUBMISSION else {"speaker": speaker}
        answer, created = Answer.objects.get_or_create(question=question, **about, defaults={"value": value})
        if created:
            changed = True
        elif answer.value != value:
            answer.value = value
            answer.save(update_fields=["value"])
            changed = True
    return changed


@transaction.atomic
def submission_create_draft(
    *,
    conference: Conference,
    by,
    answers: dict[int, Any] | None = None,
    late_code: str = "",
    now: datetime | None = None,
    **fields: Any,
) -> Submission:
    """`now` exists for importing historical data (the demo's 2019 call); requests never pass it."""
    now = now or timezone.now()
    if windows.cfp_has_closed(conference, now) and windows.usable_late_code(conference, late_code, now) is None:
        raise ValidationError(_("The call for papers has closed."), code="cfp_closed")
    if conference.cfp_opens_at is None or now < conference.cfp_opens_at:
        raise ValidationError(_("The call for papers is not open yet."), code="cfp_not_open")
    _check_catalogue(conference, fields)
    _check_rate(conference, by)
    submission = Submission(conference=conference, **{f: fields[f] for f in EDITABLE_FIELDS if f in fields})
    submission.full_clean()
    submission.save()
    SubmissionSpeaker.objects.create(submission=submission, user=by, is_primary=True)
    _save_answers(submission, answers or {}, by)
    _emit(submission, "created", by)
    return submission


def _editable_or_raise(submission: Submission) -> None:
    if windows.speakers_may_edit(submission):
        return
    if submission.state in states.EDITABLE_STATES:
        raise ValidationError(_("The call for papers has closed; submissions can no longer be edited."), code="closed")
    raise ValidationError(
        _("A submission that is %(state)s can no longer be edited.") % {"state": submission.get_state_display()},
        code="not_editable",
    )


@transaction.atomic
def submission_update(
    *, submission: Submission, by, answers: dict[int, Any] | None = None, **fields: Any
) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _editable_or_raise(submission)
    _check_catalogue(submission.conference, fields)
    changed = [f for f in EDITABLE_FIELDS if f in fields and getattr(submission, f) != fields[f]]
    for field in changed:
        setattr(submission, field, fields[field])
    if changed:
        submission.full_clean()
        submission.save(update_fields=[*changed, "updated_at"])
    answers_changed = _save_answers(submission, answers or {}, by)
    if changed or answers_changed:
        _emit(submission, "updated", by, {"changed_fields": sorted(changed) or ["answers"]})
    return submission


def _missing_required_answers(submission: Submission) -> list[Question]:
    questions = applicable_questions(submission.conference, track=submission.track, type=submission.submission_type)
    speaker_ids = [link.user_id for link in submission.speaker_links.all()]
    answered_submission = set(submission.answers.values_list("question_id", flat=True))
    answered_speaker = set(
        Answer.objects.filter(speaker_id__in=speaker_ids[:1], question__conference=submission.conference).values_list(
            "question_id", flat=True
        )
    )
    missing = []
    for question in questions:
        if not question.required:
            continue
        answered = answered_submission if question.target == Question.Target.SUBMISSION else answered_speaker
        if question.pk not in answered:
            missing.append(question)
    return missing


def check_speaker_cap(submission: Submission, users) -> None:
    cap = cfp_settings_for(submission.conference).max_submissions_per_speaker
    for user in users:
        counted = (
            Submission.objects.filter(conference=submission.conference, speaker_links__user=user)
            .filter(state__in=states.COUNTED_STATES)
            .exclude(pk=submission.pk)
            .count()
        )
        if counted >= cap:
            raise ValidationError(
                ngettext(
                    "%(speaker)s already has %(cap)s submission in this call for papers, the most allowed.",
                    "%(speaker)s already has %(cap)s submissions in this call for papers, the most allowed.",
                    cap,
                )
                % {"speaker": user, "cap": cap},
                code="cap_reached",
            )


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def find_possible_duplicate(submission: Submission) -> Submission | None:
    """Another submitted, not withdrawn proposal by one of the same speakers with a very similar text."""
    speaker_ids = [link.user_id for link in submission.speaker_links.all()]
    candidates = (
        Submission.objects.filter(conference=submission.conference, speaker_links__user_id__in=speaker_ids)
        .exclude(pk=submission.pk)
        .exclude(state__in=[Submission.State.DRAFT, Submission.State.WITHDRAWN])
        .distinct()
        .only("id", "title", "abstract")
    )
    text = _normalised(f"{submission.title} {submission.abstract}")
    for candidate in candidates:
        other = _normalised(f"{candidate.title} {candidate.abstract}")
        if SequenceMatcher(None, text, other).ratio() >= DUPLICATE_SIMILARITY:
            return candidate
    return None


@transaction.atomic
def submission_submit(
    *,
    submission: Submission,
    by,
    code_of_conduct_accepted: bool = False,
    late_code: str = "",
    now: datetime | None = None,
) -> Submission:
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().select_related("conference").get(pk=submission.pk)
    conference = submission.conference
    code: LateAccessCode | None = None
    if not windows.cfp_is_open(conference, now):
        code = windows.usable_late_code(conference, late_code, now)
        if code is None:
            message = (
                _("The call for papers has closed. Ask the organisers for a late-submission code if you were invited.")
                if windows.cfp_has_closed(conference, now)
                else _("The call for papers is not open yet.")
            )
            raise ValidationError(message, code="cfp_closed")
    cfp_settings = cfp_settings_for(conference)
    if cfp_settings.code_of_conduct and not (code_of_conduct_accepted or submission.code_of_conduct_accepted_at):
        raise ValidationError(
            {"code_of_conduct": _("Please accept the code of conduct to submit.")}, code="code_of_conduct"
        )
    missing = _missing_required_answers(submission)
    if missing:
        raise ValidationError(
            _("Please answer: %(questions)s") % {"questions": "; ".join(q.text for q in missing)},
            code="answers_missing",
        )
    check_speaker_cap(submission, [link.user for link in submission.speaker_links.select_related("user")])
    if code is not None and not windows.claim_late_code(code):
        raise ValidationError(_("This late-submission code has been used up."), code="late_code_used")
    submission.code_of_conduct_accepted_at = submission.code_of_conduct_accepted_at or now
    submission.submitted_at = now
    submission.late_access_code = code
    submission.possible_duplicate_of = find_possible_duplicate(submission)
    submission.save(
        update_fields=["code_of_conduct_accepted_at", "submitted_at", "late_access_code", "possible_duplicate_of"]
    )
    submission_transition(submission=submission, to_state=Submission.State.SUBMITTED, by=by)
    enqueue_on_commit(send_submission_received, submission.code)
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission, by) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    return submission_transition(submission=submission, to_state=Submission.State.WITHDRAWN, by=by)


@transaction.atomic
def submission_transition(*, submission: Submission, to_state: str, by, reason: str = "") -> Submission:
    """The only code that changes `Submission.state`: checks the transition, saves, emits."""
    if not states.can_transition(submission.state, to_state):
        raise ValidationError(
            _("A submission that is %(state)s cannot become %(target)s.")
            % {"state": submission.get_state_display(), "target": Submission.State(to_state).label},
            code="invalid_transition",
        )
    previous = submission.state
    submission.state = to_state
    submission.save(update_fields=["state", "updated_at"])
    extra = {"previous_state": previous}
    if to_state == Submission.State.SUBMITTED and submission.possible_duplicate_of:
        extra["possible_duplicate_of"] = submission.possible_duplicate_of.code
    _emit(submission, states.EVENT_NAMES[to_state], by, extra)
    return submission
