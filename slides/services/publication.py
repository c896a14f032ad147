"""Publication of final decks and the talks' videos.

A talk's latest final deck becomes public when the talk ends plus the conference's
`publish_delay_minutes`, or at the time an organiser set (`TalkSlides.publish_at`), unless its
speaker opted out. `reconcile` is the one place that moves a talk into or out of "published"; the
beat task, the opt-out toggle and the organiser's publication time all go through it. Every change
bumps the conference's public media generation in the same transaction, so the cached schedule
pages show it at once.
"""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from cfp.models import Submission
from conference.models import Conference
from events.services import emit
from schedule import cache as schedule_cache
from schedule.models import ScheduleSlot
from slides.media import deck_path
from slides.models import Kind, PublicMediaGeneration, SlideVersion, Status, TalkSlides
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import settings_for
from slides.services.records import locked_talk_slides, talk_slides_transition

logger = logging.getLogger(__name__)


def media_changed(conference: Conference) -> None:
    """Bump the public media generation (inside the caller's transaction) and, once committed,
    forget the schedule's cached pointer so the next request reads the new generation."""
    PublicMediaGeneration.objects.get_or_create(conference=conference)
    PublicMediaGeneration.objects.filter(conference=conference).update(value=F("value") + 1)
    slug = conference.slug
    transaction.on_commit(lambda: schedule_cache.forget_latest_release(slug))


def latest_final(submission: Submission) -> SlideVersion | None:
    return SlideVersion.objects.filter(talk__submission=submission, kind=Kind.FINAL).order_by("-number").first()


def due_at(talk: TalkSlides, slot_ends_at: dt.datetime | None, delay_minutes: int) -> dt.datetime | None:
    """When the deck goes public: the organiser's time, else the talk's end plus the delay; None
    while the talk is not scheduled and no time was set."""
    if talk.publish_at is not None:
        return talk.publish_at
    if slot_ends_at is None:
        return None
    return slot_ends_at + dt.timedelta(minutes=delay_minutes)


def _slot_ends_at(submission: Submission) -> dt.datetime | None:
    return ScheduleSlot.objects.filter(submission=submission).values_list("ends_at", flat=True).first()


def _deck_data(talk: TalkSlides) -> dict[str, Any]:
    submission = talk.submission
    return {"conference": submission.conference.slug, "submission": submission.code, "title": submission.title}


def _publication_data(talk: TalkSlides) -> dict[str, Any]:
    return _deck_data(talk) | {"opt_out": talk.publish_opt_out, "publish_at": talk.publish_at}


def _emit(talk: TalkSlides, happened: str, data: dict[str, Any], by) -> None:
    emit(
        f"summit.slides.{happened}.v1",
        subject=talk.subject,
        data=data,
        conference_slug=talk.submission.conference.slug,
        actor=by,
    )


def _publish(talk: TalkSlides, version: SlideVersion, now: dt.datetime, by) -> None:
    data = _deck_data(talk) | {
        "version": version.number,
        "sha256": version.sha256,
        "size_bytes": version.size_bytes,
        "page_count": version.page_count,
        "published_at": now,
        "url": deck_path(talk.submission.conference.slug, talk.submission.code),
    }
    talk_slides_transition(
        talk=talk,
        to_status=Status.PUBLISHED,
        fields={"published_at": now, "published_version": version},
        event="deck.published",
        data=data,
        by=by,
    )
    media_changed(talk.submission.conference)
    logger.info("Published the slides of %s (v%s)", talk.submission.code, version.number)


def _unpublish(talk: TalkSlides, reason: str, by) -> None:
    version = talk.published_version
    assert version is not None  # only a published deck is unpublished
    talk_slides_transition(
        talk=talk,
        to_status=Status.FINAL_IN,
        fields={"published_at": None, "published_version": None},
        event="deck.unpublished",
        data=_deck_data(talk) | {"version": version.number, "reason": reason},
        by=by,
    )
    media_changed(talk.submission.conference)


def reconcile(talk: TalkSlides, *, now: dt.datetime, by=None, reason: str = "opt_out") -> bool:
    """Publish or withdraw the (locked) talk's deck so it matches its rules; True when it changed."""
    submission = talk.submission
    published = talk.status == Status.PUBLISHED
    version = None if talk.publish_opt_out else latest_final(submission)
    moment = due_at(talk, _slot_ends_at(submission), settings_for(submission.conference).publish_delay_minutes)
    should = version is not None and submission.state in SLIDE_STATES and moment is not None and moment <= now
    if should and not published:
        assert version is not None  # `should` holds only with a version
        _publish(talk, version, now, by)
        return True
    if published and not should:
        _unpublish(talk, reason, by)
        return True
    return False


def set_opt_out(*, submission: Submission, user, opt_out: bool) -> TalkSlides:
    """The speaker's choice not to publish their slides; opting out withdraws a deck already public."""
    if not (user.has_perm("slides.opt_out", submission) or user.has_perm("slides.manage", submission.conference)):
        raise PermissionDenied
    with transaction.atomic():
        talk = locked_talk_slides(submission)
        if talk.publish_opt_out == opt_out:
            return talk
        talk.publish_opt_out = opt_out
        talk.save(update_fields=["publish_opt_out", "updated_at"])
        _emit(talk, "publication.changed", _publication_data(talk), user)
        reconcile(talk, now=timezone.now(), by=user, reason="opt_out")
    return talk


def set_publish_at(*, submission: Submission, publish_at: dt.datetime | None, by) -> TalkSlides:
    """An organiser's publication time for one talk (None: when the talk ends, plus the delay)."""
    with transaction.atomic():
        talk = locked_talk_slides(submission)
        if talk.publish_at == publish_at:
            return talk
        talk.publish_at = publish_at
        talk.save(update_fields=["publish_at", "updated_at"])
        _emit(talk, "publication.changed", _publication_data(talk), by)
        reconcile(talk, now=timezone.now(), by=by, reason="publish_at")
    return talk


def publish_due(*, now: dt.datetime | None = None, conference: Conference | None = None) -> int:
    """Publish every deck whose time has come (the beat task); each talk in its own transaction, so
    one failure does not hold back the others. Returns how many were published."""
    now = now or timezone.now()
    has_final = SlideVersion.objects.filter(talk=OuterRef("pk"), kind=Kind.FINAL)
    candidates = (
        TalkSlides.objects.filter(
            publish_opt_out=False,
            published_at__isnull=True,
            submission__state__in=SLIDE_STATES,
        )
        .annotate(
            slot_ends_at=Subquery(ScheduleSlot.objects.filter(submission=OuterRef("submission")).values("ends_at")[:1])
        )
        # The delay is never negative, so a talk not ended yet cannot be due: filtered here already.
        .filter(Q(publish_at__lte=now) | Q(publish_at__isnull=True, slot_ends_at__lte=now))
        .filter(Exists(has_final))
        .values_list("pk", flat=True)
    )
    if conference is not None:
        candidates = candidates.filter(submission__conference=conference)
    published = 0
    for pk in list(candidates):
        with transaction.atomic():
            talk = TalkSlides.objects.select_for_update().select_related("submission__conference").get(pk=pk)
            if talk.status != Status.PUBLISHED and reconcile(talk, now=now):
                published += 1
    return published
