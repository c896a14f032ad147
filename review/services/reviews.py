"""Reviews (scores per category and comments) and the clarification questions to speakers."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp.models import Submission
from common.queueing import enqueue_on_commit
from events.services import emit
from review import selectors
from review.models import Clarification, Review, Score, ScoreCategory
from review.tasks import send_clarification_asked


def weighted_total(scores: dict[ScoreCategory, int]) -> Decimal:
    """The weighted mean of the scores, each scaled to 0–10, so scales of 1–5 and 0–10 mix fairly."""
    weights = sum(category.weight for category in scores)
    scaled = sum(
        category.weight * Decimal(value - category.min_score) / Decimal(category.max_score - category.min_score)
        for category, value in scores.items()
    )
    return (Decimal(10) * scaled / weights).quantize(Decimal("0.01"))


def _validated_scores(submission: Submission, scores: dict[int, int]) -> dict[ScoreCategory, int]:
    categories = selectors.categories_for(submission.conference, submission.track)
    if not categories:
        raise ValidationError(_("The organisers have not set up any score categories yet."), code="no_categories")
    errors = {}
    result = {}
    for category in categories:
        value = scores.get(category.pk)
        if value is None:
            errors[f"score_{category.pk}"] = _("Please score %(category)s.") % {"category": category.name}
        elif not category.min_score <= value <= category.max_score:
            errors[f"score_{category.pk}"] = _("Choose a score from %(low)s to %(high)s.") % {
                "low": category.min_score,
                "high": category.max_score,
            }
        else:
            result[category] = value
    unknown = set(scores) - {category.pk for category in categories}
    if unknown:
        errors["scores"] = _("These categories do not apply to this submission: %(ids)s") % {
            "ids": ", ".join(str(pk) for pk in sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def review_submit(
    *, reviewer, submission: Submission, scores: dict[int, int], comment: str = "", comment_to_speaker: str = ""
) -> Review:
    """Writes the reviewer's review, or replaces their earlier one."""
    # Locked and read afresh: a decision taken meanwhile closes the reviews.
    submission = Submission.objects.select_for_update().select_related("conference", "track").get(pk=submission.pk)
    if submission.state not in selectors.OPEN_STATES:
        raise ValidationError(_("This submission has been decided; its reviews are closed."), code="decided")
    checked = _validated_scores(submission, scores)
    total = weighted_total(checked)
    review, created = Review.objects.select_for_update().get_or_create(
        reviewer=reviewer,
        submission=submission,
        defaults={"total": total, "comment": comment, "comment_to_speaker": comment_to_speaker},
    )
    if not created:
        review.total, review.comment, review.comment_to_speaker = total, comment, comment_to_speaker
        review.save(update_fields=["total", "comment", "comment_to_speaker", "updated_at"])
        review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, category=category, value=value) for category, value in checked.items()
    )
    emit(
        "summit.review.review.submitted.v1",
        subject=submission.subject,
        data={
            "conference": submission.conference.slug,
            "submission": submission.code,
            "review_id": review.pk,
            "reviewer_id": reviewer.pk,
            "total": str(total),
            "scores": {category.name: value for category, value in checked.items()},
            "is_update": not created,
        },
        conference_slug=submission.conference.slug,
        actor=reviewer,
    )
    return review


def _clarification_data(clarification: Clarification) -> dict:
    return {
        "conference": clarification.submission.conference.slug,
        "submission": clarification.submission.code,
        "clarification_id": clarification.pk,
    }


@transaction.atomic
def clarification_ask(*, reviewer, submission: Submission, question: str) -> Clarification:
    question = question.strip()
    if not question:
        raise ValidationError({"question": _("Please write your question.")})
    clarification = Clarification(submission=submission, asked_by=reviewer, question=question)
    clarification.full_clean()
    clarification.save()
    # The speaker hears "a reviewer asked", never who: the event carries no reviewer either.
    emit(
        "summit.review.clarification.asked.v1",
        subject=submission.subject,
        data=_clarification_data(clarification),
        conference_slug=submission.conference.slug,
        actor=reviewer,
    )
    enqueue_on_commit(send_clarification_asked, clarification.pk)
    return clarification


@transaction.atomic
def clarification_answer(*, clarification: Clarification, by, answer: str) -> Clarification:
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Please write your answer.")})
    clarification = (
        Clarification.objects.select_for_update().select_related("submission__conference").get(pk=clarification.pk)
    )
    clarification.answer = answer
    clarification.answered_by = by
    clarification.answered_at = timezone.now()
    clarification.full_clean()
    clarification.save(update_fields=["answer", "answered_by", "answered_at"])
    emit(
        "summit.review.clarification.answered.v1",
        subject=clarification.submission.subject,
        data=_clarification_data(clarification),
        conference_slug=clarification.submission.conference.slug,
        actor=by,
    )
    return clarification
