"""Reads about seats, waiting lines and the people a release will notify, each in a constant number
of queries whatever the size of the conference."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from conference.models import Conference
from schedule.models import Favourite, Reservation, ScheduleRelease, ScheduleSlot, SessionSeating
from schedule.snapshot import changelog

FILLING_SHARE = 0.75
ACTIVE = (Reservation.Status.CONFIRMED, Reservation.Status.WAITING)


@dataclass(frozen=True)
class SeatLabel:
    code: str
    state: str  # open, filling, full, waitlist
    seats_left: int
    waiting: int


def label_of(capacity: int, taken: int, waiting: int) -> str:
    if waiting:
        return "waitlist"
    if taken >= capacity:
        return "full"
    if taken >= capacity * FILLING_SHARE:
        return "filling"
    return "open"


def seat_labels(conference_id: int) -> list[SeatLabel]:
    """Every session of the conference that takes reservations, with its label: one query."""
    rows = SessionSeating.objects.filter(
        conference_id=conference_id, rsvp_required=True, in_programme=True
    ).values_list("submission__code", "capacity", "seats_taken", "waiting")
    return [
        SeatLabel(code, label_of(capacity, taken, waiting), capacity - taken, waiting)
        for code, capacity, taken, waiting in rows
    ]


def conference_id_of_release(release_id: int) -> int:
    return ScheduleRelease.objects.values_list("conference_id", flat=True).get(pk=release_id)


def seating_of(conference: Conference, code: str) -> SessionSeating | None:
    return (
        SessionSeating.objects.select_related("submission", "conference")
        .filter(conference=conference, submission__code=code)
        .first()
    )


def place_of(user, seating: SessionSeating) -> tuple[Reservation | None, int]:
    """The person's active reservation of the session and, when waiting, their place in line."""
    if not user.is_authenticated:
        return None, 0
    mine = Reservation.objects.filter(seating=seating, user=user, status__in=ACTIVE).first()
    if mine is None or mine.status != Reservation.Status.WAITING:
        return mine, 0
    ahead = Reservation.objects.filter(seating=seating, status=Reservation.Status.WAITING).filter(
        Q(created_at__lt=mine.created_at) | Q(created_at=mine.created_at, id__lt=mine.id)
    )
    return mine, ahead.count() + 1


def reservations_of_user(user, conference: Conference) -> QuerySet[Reservation]:
    return (
        Reservation.objects.filter(user=user, seating__conference=conference, status__in=ACTIVE)
        .select_related("seating__submission", "seating__conference")
        .order_by("seating__starts_at")
    )


def reserved_codes(user, slug: str) -> set[str]:
    """The talks the person holds a seat at (their calendar feed shows these beside their stars)."""
    return set(
        Reservation.objects.filter(
            user=user, seating__conference__slug=slug, status=Reservation.Status.CONFIRMED
        ).values_list("seating__submission__code", flat=True)
    )


def seatings_of(conference: Conference) -> QuerySet[SessionSeating]:
    return SessionSeating.objects.filter(conference=conference).select_related("submission").order_by("starts_at")


def line_of(seating: SessionSeating, search: str = "") -> QuerySet[Reservation]:
    """Seat holders first, then the waiting line in order; `search` narrows by name or e-mail."""
    found = Reservation.objects.filter(seating=seating, status__in=ACTIVE).select_related("user")
    if search:
        found = found.filter(Q(user__name__icontains=search) | Q(user__email__icontains=search))
    return found.order_by("-status", "created_at", "id")  # "waiting" > "confirmed": seats first


def recipients_of(codes: list[str], conference_id: int) -> dict[int, set[str]]:
    """Person id → the talks among `codes` they starred or hold a place at: two queries."""
    people: dict[int, set[str]] = defaultdict(set)
    stars = Favourite.objects.filter(submission__conference_id=conference_id, submission__code__in=codes)
    for user_id, code in stars.values_list("user_id", "submission__code"):
        people[user_id].add(code)
    places = Reservation.objects.filter(
        seating__conference_id=conference_id, seating__submission__code__in=codes, status__in=ACTIVE
    )
    for user_id, code in places.values_list("user_id", "seating__submission__code"):
        people[user_id].add(code)
    return people


def notified_changes(changes: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The changes attendees are told about: talks moved (time or room) and cancelled."""
    return [{**entry, "kind": kind} for kind in ("moved", "cancelled") for entry in changes.get(kind, [])]


def _draft_snapshot(conference: Conference) -> dict[str, Any]:
    """The draft as far as the changelog reads it (times, rooms, codes), without freezing speakers."""
    slots = (
        ScheduleSlot.objects.filter(conference=conference, submission__state__in=["accepted", "confirmed"])
        .values("submission__code", "submission__title", "starts_at", "ends_at", "room_id")
        .order_by("starts_at")
    )
    return {
        "rooms": [{"id": pk, "name": name} for pk, name in conference.rooms.values_list("pk", "name")],
        "slots": [
            {
                "code": slot["submission__code"],
                "title": slot["submission__title"],
                "starts_at": slot["starts_at"].isoformat(),
                "ends_at": slot["ends_at"].isoformat(),
                "room": slot["room_id"],
            }
            for slot in slots
        ],
    }


@dataclass
class NoticePreview:
    changes: list[dict[str, Any]]
    people: list[tuple[Any, list[str]]]  # (user, titles of their changed talks)


def notice_preview(conference: Conference, previous: ScheduleRelease | None) -> NoticePreview:
    """Who publishing the draft now would tell, and about what (a fixed number of queries)."""
    if previous is None:
        return NoticePreview([], [])
    changes = notified_changes(changelog(previous.snapshot, _draft_snapshot(conference)))
    titles = {change["code"]: change["title"] for change in changes}
    people = recipients_of(list(titles), conference.pk)
    users = get_user_model().objects.filter(pk__in=people).order_by("name", "email")
    return NoticePreview(changes, [(user, sorted(titles[code] for code in people[user.pk])) for user in users])
