"""Reads of the schedule, each planned to a constant number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from cfp.models import Submission, SubmissionSpeaker
from conference.models import Conference
from schedule.conflicts import Conflict, find_conflicts
from schedule.models import Favourite, ScheduleRelease, ScheduleSlot, SpeakerUnavailability

SCHEDULABLE_STATES = (Submission.State.ACCEPTED, Submission.State.CONFIRMED)


def _speaker_links():
    return Prefetch("speaker_links", queryset=SubmissionSpeaker.objects.select_related("user"))


def slots_for_editor(conference: Conference, *, overlapping: ScheduleSlot | None = None) -> list[ScheduleSlot]:
    """The draft's slots; `overlapping`: only those that overlap that slot's time (itself included),
    all a slot's warnings depend on."""
    window = {} if overlapping is None else {"starts_at__lt": overlapping.ends_at, "ends_at__gt": overlapping.starts_at}
    return list(
        ScheduleSlot.objects.filter(conference=conference, **window)
        .select_related("room", "submission__submission_type", "submission__track", "submission__level")
        .prefetch_related(
            Prefetch("submission__speaker_links", queryset=SubmissionSpeaker.objects.select_related("user"))
        )
    )


def unavailabilities_of(conference: Conference) -> list[SpeakerUnavailability]:
    return list(SpeakerUnavailability.objects.filter(conference=conference).select_related("user"))


def conflicts_of(conference: Conference, slots: list[ScheduleSlot] | None = None) -> dict[int, list[Conflict]]:
    slots = slots_for_editor(conference) if slots is None else slots
    return find_conflicts(slots, unavailabilities_of(conference))


def room_double_bookings(
    conference: Conference, slots: list[ScheduleSlot] | None = None
) -> list[tuple[ScheduleSlot, Conflict]]:
    """The draft's slots that share a room with another at the same time (a block across all rooms
    shares every room), each with its warning, in time order. A release would put both in the same
    room of the frab and c3voc exports, which video and app clients show one on top of the other."""
    slots = slots_for_editor(conference) if slots is None else slots
    conflicts = conflicts_of(conference, slots)
    return [
        (slot, conflict)
        for slot in sorted(slots, key=lambda slot: (slot.starts_at, slot.pk))
        for conflict in conflicts.get(slot.pk, [])
        if conflict.kind == "room"
    ]


def unscheduled_talks(conference: Conference) -> QuerySet[Submission]:
    scheduled = ScheduleSlot.objects.filter(submission=OuterRef("pk"))
    return (
        Submission.objects.filter(conference=conference, state__in=SCHEDULABLE_STATES)
        .exclude(Exists(scheduled))
        .select_related("submission_type", "track", "level")
        .prefetch_related(_speaker_links())
        .order_by("track__position", "title")
    )


def latest_release(conference: Conference) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(conference=conference).order_by("-published_at", "-id").first()


def latest_release_subquery(conference_ref) -> Subquery:
    return Subquery(
        ScheduleRelease.objects.filter(conference=conference_ref).order_by("-published_at", "-id").values("pk")[:1]
    )


def releases_of(conference: Conference) -> QuerySet[ScheduleRelease]:
    return ScheduleRelease.objects.filter(conference=conference).defer("snapshot").select_related("published_by")


def favourite_codes(user, conference: Conference) -> list[str]:
    return list(
        Favourite.objects.filter(user=user, submission__conference=conference)
        .order_by("created_at")
        .values_list("submission__code", flat=True)
    )


def unavailabilities_of_speaker(user, conference: Conference) -> QuerySet[SpeakerUnavailability]:
    return SpeakerUnavailability.objects.filter(user=user, conference=conference)
