"""Reads of office hours, planned so each page makes a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from cfp.models import Submission, SubmissionSpeaker
from conference.models import Conference, ConferenceRole
from office_hours.models import Booking, MentorFeed, Slot
from office_hours.windows import ACCEPTED_STATES


def free_slots(
    *, conference: Conference, now: datetime, kind: str = "", day: date | None = None, mentor_id: int | None = None
) -> QuerySet[Slot]:
    """Open slots with a seat left that have not started. `day` is a date in the conference's time zone."""
    slots = Slot.objects.filter(
        conference=conference, state=Slot.State.OPEN, starts_at__gt=now, seats_taken__lt=F("capacity")
    )
    if kind:
        slots = slots.filter(kind=kind)
    if day is not None:
        start = datetime.combine(day, dt.time.min, tzinfo=conference.tzinfo)
        slots = slots.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    if mentor_id:
        slots = slots.filter(mentor_id=mentor_id)
    return slots.select_related("mentor").order_by("starts_at", "id")


def mentors_of(conference: Conference) -> list:
    roles = ConferenceRole.objects.filter(conference=conference, role=ConferenceRole.Role.MENTOR).select_related("user")
    return [role.user for role in roles.order_by("user__name", "user__email")]


def bookings_of_speaker(*, conference: Conference, speaker) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(conference=conference, speaker=speaker)
        .select_related("slot__mentor", "shared_submission", "conference")
        .order_by("-status", "starts_at")
    )


def has_active_booking(*, conference: Conference, speaker) -> bool:
    return Booking.objects.filter(conference=conference, speaker=speaker, status=Booking.Status.ACTIVE).exists()


def booking_detail(*, conference: Conference, code: str) -> Booking:
    return Booking.objects.select_related(
        "conference", "slot__mentor", "slot__conference", "speaker", "shared_submission"
    ).get(conference=conference, code=code)


def slot_detail(*, conference: Conference, code: str) -> Slot:
    return Slot.objects.select_related("conference", "mentor").get(conference=conference, code=code)


def mentor_slots(*, conference: Conference, mentor, since: datetime) -> QuerySet[Slot]:
    active = Booking.objects.filter(status=Booking.Status.ACTIVE).select_related("speaker", "shared_submission")
    return (
        Slot.objects.filter(conference=conference, mentor=mentor, ends_at__gte=since)
        .prefetch_related(Prefetch("bookings", queryset=active.order_by("created_at"), to_attr="active_bookings"))
        .order_by("starts_at")
    )


def mentor_feed_bookings(feed: MentorFeed) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(conference=feed.conference, slot__mentor=feed.mentor)
        .select_related("conference", "slot__mentor", "speaker")
        .order_by("starts_at")
    )


def speaker_submissions(*, conference: Conference, speaker) -> QuerySet[Submission]:
    return Submission.objects.filter(conference=conference, speaker_links__user=speaker).exclude(
        state=Submission.State.WITHDRAWN
    )


def shared_submission(*, booking: Booking) -> Submission:
    return (
        Submission.objects.select_related("track", "level", "submission_type")
        .prefetch_related("speaker_links__user")
        .get(pk=booking.shared_submission_id)
    )


@dataclass(frozen=True)
class MentorStats:
    mentor_id: int
    name: str
    slots: int
    seats: int
    booked: int
    no_shows: int

    @property
    def utilisation(self) -> int:
        return round(100 * self.booked / self.seats) if self.seats else 0


def stats_per_mentor(*, conference: Conference) -> list[MentorStats]:
    slots = (
        Slot.objects.filter(conference=conference, state=Slot.State.OPEN)
        .values("mentor_id", "mentor__name", "mentor__email")
        .annotate(slots=Count("id"), seats=Sum("capacity"), booked=Sum("seats_taken"))
    )
    no_shows = dict(
        Booking.objects.filter(conference=conference, attendance=Booking.Attendance.NO_SHOW)
        .values("slot__mentor_id")
        .annotate(n=Count("id"))
        .values_list("slot__mentor_id", "n")
    )
    return sorted(
        (
            MentorStats(
                row["mentor_id"],
                row["mentor__name"] or row["mentor__email"],
                row["slots"],
                row["seats"] or 0,
                row["booked"] or 0,
                no_shows.get(row["mentor_id"], 0),
            )
            for row in slots
        ),
        key=lambda stats: stats.name.lower(),
    )


def bookings_per_day(*, conference: Conference) -> list[tuple[date, int]]:
    rows = (
        Booking.objects.filter(conference=conference)
        .annotate(day=TruncDate("created_at", tzinfo=conference.tzinfo))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]


@dataclass(frozen=True)
class Outcome:
    people: int
    submitted: int
    accepted: int

    def percent(self, count: int) -> int:
        return round(100 * count / self.people) if self.people else 0


def outcomes(*, conference: Conference) -> dict[str, Outcome]:
    """Speakers who came to office hours (attended, or booked and not marked no-show) against everyone
    else who started a proposal: what share submitted one, and what share had one accepted."""
    came = Booking.objects.filter(
        conference=conference, speaker=OuterRef("user_id"), slot__kind="office_hours", status=Booking.Status.ACTIVE
    ).exclude(attendance=Booking.Attendance.NO_SHOW)
    rows = (
        SubmissionSpeaker.objects.filter(submission__conference=conference)
        .annotate(mentored=Exists(came))
        .values("mentored")
        .annotate(
            people=Count("user_id", distinct=True),
            submitted=Count("user_id", distinct=True, filter=Q(submission__submitted_at__isnull=False)),
            accepted=Count("user_id", distinct=True, filter=Q(submission__state__in=ACCEPTED_STATES)),
        )
    )
    found = {"mentored": Outcome(0, 0, 0), "others": Outcome(0, 0, 0)}
    for row in rows:
        found["mentored" if row["mentored"] else "others"] = Outcome(row["people"], row["submitted"], row["accepted"])
    return found
