"""Reads for the organisers' publication, video and AV pack pages: one list of the conference's
accepted talks with what each page needs, in a constant number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery

from cfp.models import Submission, SubmissionSpeaker
from conference.models import Conference, Room
from schedule.models import ScheduleSlot
from slides.models import Kind, SlideVersion, Status, TalkSlides, TalkVideo
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import settings_for
from slides.services.publication import due_at


@dataclass
class TalkRow:
    submission: Submission
    talk: TalkSlides | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    final_number: int | None
    due_at: dt.datetime | None
    video: TalkVideo | None

    @property
    def status(self) -> str:
        return self.talk.get_status_display() if self.talk else str(Status.MISSING.label)

    @property
    def speakers(self) -> str:
        return ", ".join(link.user.name or link.user.email for link in self.submission.speaker_links.all())


def talk_rows(conference: Conference) -> list[TalkRow]:
    slot = ScheduleSlot.objects.filter(submission=OuterRef("pk"))
    final = SlideVersion.objects.filter(talk__submission=OuterRef("pk"), kind=Kind.FINAL).order_by("-number")
    submissions = list(
        Submission.objects.filter(conference=conference, state__in=SLIDE_STATES)
        .annotate(
            slot_starts_at=Subquery(slot.values("starts_at")[:1]),
            slot_ends_at=Subquery(slot.values("ends_at")[:1]),
            final_number=Subquery(final.values("number")[:1]),
        )
        .prefetch_related(Prefetch("speaker_links", queryset=SubmissionSpeaker.objects.select_related("user")))
        .order_by("slot_starts_at", "title")
    )
    talks = {talk.submission_id: talk for talk in TalkSlides.objects.filter(submission__in=submissions)}
    videos = {video.submission_id: video for video in TalkVideo.objects.filter(submission__in=submissions)}
    delay = settings_for(conference).publish_delay_minutes
    rows = []
    for submission in submissions:
        talk = talks.get(submission.pk)
        moment = due_at(talk or TalkSlides(), submission.slot_ends_at, delay)
        rows.append(
            TalkRow(
                submission=submission,
                talk=talk,
                starts_at=submission.slot_starts_at,
                ends_at=submission.slot_ends_at,
                final_number=submission.final_number,
                due_at=moment,
                video=videos.get(submission.pk),
            )
        )
    return rows


def published_deck(*, slug: str, code: str) -> TalkSlides | None:
    """A public talk's record with its published version; None until it is published (or opted out)."""
    return (
        TalkSlides.objects.select_related("published_version", "submission")
        .filter(
            submission__conference__slug=slug,
            submission__conference__is_public=True,
            submission__code=code,
            submission__state__in=SLIDE_STATES,
            status=Status.PUBLISHED,
            published_version__isnull=False,
        )
        .first()
    )


def rooms_of(conference: Conference) -> list[Room]:
    return list(conference.rooms.order_by("position", "name"))


def room_of(conference: Conference, pk: int) -> Room | None:
    return conference.rooms.filter(pk=pk).first()
