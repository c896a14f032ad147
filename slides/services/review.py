"""Slide reviewers and organisers comment on a version (a page, or the whole deck) and give their
verdict; the verdict on the talk's newest draft sets the talk's status."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.services import emit
from slides.models import Kind, SlideComment, SlideReview, SlideVersion, Status
from slides.services.records import locked_talk_slides, talk_slides_transition

# A verdict moves the status only while the talk is in the read-through; a final, a late flag or a
# publication is not undone by a comment on an older draft.
REVIEWABLE_STATES = frozenset({Status.DRAFT_IN, Status.CHANGES_REQUESTED, Status.APPROVED})


def _base(version: SlideVersion) -> dict[str, Any]:
    return {
        "conference": version.talk.submission.conference.slug,
        "submission": version.talk.submission.code,
        "version": version.number,
        "kind": version.kind,
    }


def comment_add(*, version: SlideVersion, author, body: str, page: int | None = None) -> SlideComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    if page is not None and not 1 <= page <= version.page_count:
        raise ValidationError(
            {
                "page": _("This deck has pages 1 to %(n)s. Leave the page empty for the whole deck.")
                % {"n": version.page_count}
            }
        )
    with transaction.atomic():
        comment = SlideComment.objects.create(version=version, author=author, page=page, body=body)
        emit(
            "summit.slides.comment.added.v1",
            subject=version.talk.subject,
            data=_base(version) | {"comment_id": comment.pk, "author_id": author.pk, "page": page},
            conference_slug=version.talk.submission.conference.slug,
            actor=author,
        )
    return comment


def version_review(*, version: SlideVersion, reviewer, verdict: str, note: str = "") -> SlideReview:
    if verdict not in SlideReview.Verdict.values:
        raise ValidationError({"verdict": _("Approve the deck or ask for changes.")})
    note = note.strip()
    if verdict == SlideReview.Verdict.CHANGES_REQUESTED and not note and not version.comments.exists():
        raise ValidationError({"note": _("Tell the speaker what to change: write a note or comment on pages.")})
    with transaction.atomic():
        talk = locked_talk_slides(version.talk.submission)
        review = SlideReview.objects.create(version=version, reviewer=reviewer, verdict=verdict, note=note)
        newest = talk.versions.order_by("-number").values_list("number", flat=True).first()
        if version.kind == Kind.DRAFT and version.number == newest and talk.status in REVIEWABLE_STATES:
            approved = verdict == SlideReview.Verdict.APPROVED
            talk_slides_transition(talk=talk, to_status=Status.APPROVED if approved else Status.CHANGES_REQUESTED)
        version.talk = talk
        emit(
            "summit.slides.version.reviewed.v1",
            subject=talk.subject,
            data=_base(version)
            | {"review_id": review.pk, "reviewer_id": reviewer.pk, "verdict": verdict, "status": talk.status},
            conference_slug=talk.submission.conference.slug,
            actor=reviewer,
        )
    return review
