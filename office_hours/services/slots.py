"""Mentors publish and cancel slots; organisers change the settings; mentors replace their feed URL."""

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.settings_update import settings_row_locked, settings_save_changes
from conference.models import Conference
from events.services import emit
from office_hours import windows
from office_hours.models import Booking, Kind, MentorFeed, OfficeHoursSettings, Slot, new_code
from office_hours.services.common import after_commit_cancel, after_commit_chat, emit_booking, emit_slot

MAX_WEEKS = 26
MAX_SLOTS_PER_PUBLISH = 200
SETTINGS_FIELDS = [
    "office_hours_enabled",
    "office_hours_opens_at",
    "office_hours_closes_at",
    "rehearsals_enabled",
    "rehearsals_opens_at",
    "rehearsals_closes_at",
    "cancel_cutoff_hours",
    "max_active_bookings",
    "priority_hours",
    "channel_name",
    "channel_url",
    "webhook_url",
]


@dataclass(frozen=True)
class SlotPlan:
    """What a mentor asks for, in their own time zone: one day, or every week on that weekday until a date."""

    kind: str
    first_date: date
    start_time: time
    end_time: time
    duration_minutes: int
    capacity: int = 1
    until: date | None = None
    video_url: str = ""
    room: str = ""


def plan_times(plan: SlotPlan, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The plan's slots as UTC (start, end) pairs. Wall-clock times stay put across DST changes."""
    errors: dict[str, str] = {}
    if plan.end_time <= plan.start_time:
        errors["end_time"] = _("The end must be after the start.")
    if plan.duration_minutes < 5:
        errors["duration_minutes"] = _("A slot lasts at least 5 minutes.")
    if plan.until is not None and plan.until < plan.first_date:
        errors["until"] = _("The last date cannot be before the first.")
    elif plan.until is not None and (plan.until - plan.first_date).days > MAX_WEEKS * 7:
        errors["until"] = _("Publish at most %(weeks)s weeks at a time.") % {"weeks": MAX_WEEKS}
    if not (plan.video_url or plan.room):
        errors["video_url"] = _("Give a video call link or a room.")
    if errors:
        raise ValidationError(errors)
    days = [plan.first_date]
    while plan.until is not None and days[-1] + dt.timedelta(days=7) <= plan.until:
        days.append(days[-1] + dt.timedelta(days=7))
    length = dt.timedelta(minutes=plan.duration_minutes)
    times = []
    for day in days:
        start = datetime.combine(day, plan.start_time, tzinfo=tz)
        end_of_block = datetime.combine(day, plan.end_time, tzinfo=tz)
        while start + length <= end_of_block:
            times.append((start.astimezone(dt.UTC), (start + length).astimezone(dt.UTC)))
            start += length
    if not times:
        raise ValidationError({"duration_minutes": _("No slot of this length fits between the start and the end.")})
    if len(times) > MAX_SLOTS_PER_PUBLISH:
        raise ValidationError(
            _("That is %(n)s slots; publish at most %(max)s at a time.")
            % {"n": len(times), "max": MAX_SLOTS_PER_PUBLISH}
        )
    return times


def _check_window(conference: Conference, kind: str, times: list[tuple[datetime, datetime]], now: datetime) -> None:
    found = windows.window(conference, kind)
    if found is None:
        raise ValidationError(
            _("The organisers have not opened %(kind)s for this conference.") % {"kind": Kind(kind).label.lower()}
        )
    opens, closes = found
    if closes is None:
        raise ValidationError(
            _("The organisers have not set the dates of %(kind)s yet.") % {"kind": Kind(kind).label.lower()}
        )
    if times[0][0] <= now:
        raise ValidationError({"first_date": _("Slots must start in the future.")})
    tz = conference.tzinfo
    for start, end in times:
        if (opens is not None and start < opens) or end > closes:
            raise ValidationError(
                _("Every slot must fall between %(opens)s and %(closes)s (%(tz)s).")
                % {
                    "opens": date_format(max(opens or now, now).astimezone(tz), "DATETIME_FORMAT"),
                    "closes": date_format(closes.astimezone(tz), "DATETIME_FORMAT"),
                    "tz": conference.timezone,
                }
            )


def _check_no_overlap(mentor, times: list[tuple[datetime, datetime]]) -> None:
    existing = Slot.objects.filter(
        mentor=mentor, state=Slot.State.OPEN, starts_at__lt=times[-1][1], ends_at__gt=times[0][0]
    ).values_list("starts_at", "ends_at")
    for start, end in existing:
        if any(start < new_end and new_start < end for new_start, new_end in times):
            tz = ZoneInfo(mentor.timezone)
            raise ValidationError(
                _("This overlaps your slot at %(when)s. A mentor's slots never overlap.")
                % {"when": date_format(start.astimezone(tz), "DATETIME_FORMAT")}
            )


@transaction.atomic
def slots_publish(*, conference: Conference, mentor, plan: SlotPlan, now: datetime | None = None) -> list[Slot]:
    now = now or timezone.now()
    times = plan_times(plan, ZoneInfo(mentor.timezone))
    _check_window(conference, plan.kind, times, now)
    # One mentor's publishing is serialised on their user row, so two tabs cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=mentor.pk).first()
    _check_no_overlap(mentor, times)
    open_to_all_at = now + dt.timedelta(hours=windows.settings_of(conference).priority_hours)
    series = new_code() if len(times) > 1 else ""
    slots = [
        Slot(
            conference=conference,
            mentor=mentor,
            kind=plan.kind,
            starts_at=start,
            ends_at=end,
            timezone=mentor.timezone,
            capacity=plan.capacity,
            video_url=plan.video_url,
            room=plan.room,
            series=series,
            published_at=now,
            open_to_all_at=open_to_all_at,
        )
        for start, end in times
    ]
    for slot in slots:
        slot.full_clean(exclude=["mentor", "conference"], validate_constraints=False)
    try:
        with transaction.atomic():
            Slot.objects.bulk_create(slots)
    except IntegrityError:
        # The exclusion constraint (PostgreSQL) caught an overlap the check could not see.
        raise ValidationError(_("This overlaps another of your slots. A mentor's slots never overlap.")) from None
    for slot in slots:
        emit_slot(slot, "published", mentor)
    first = slots[0].starts_at.astimezone(conference.tzinfo)
    after_commit_chat(
        conference.pk,
        ngettext(
            "%(mentor)s opened %(n)s %(kind)s slot from %(when)s (%(tz)s).",
            "%(mentor)s opened %(n)s %(kind)s slots from %(when)s (%(tz)s).",
            len(slots),
        )
        % {
            "mentor": mentor.name or _("A mentor"),
            "n": len(slots),
            "kind": Kind(plan.kind).label.lower(),
            "when": first.strftime("%Y-%m-%d %H:%M"),
            "tz": conference.timezone,
        },
    )
    return slots


@transaction.atomic
def slot_cancel(*, slot: Slot, by, now: datetime | None = None) -> Slot:
    """Cancels the slot and every booking of it; the booked speakers get a calendar cancellation."""
    now = now or timezone.now()
    slot = Slot.objects.select_for_update(of=("self",)).select_related("conference").get(pk=slot.pk)
    if slot.state == Slot.State.CANCELLED:
        raise ValidationError(_("This slot is already cancelled."))
    if slot.ends_at <= now:
        raise ValidationError(_("This slot is over; it can no longer be cancelled."))
    bookings = list(slot.bookings.filter(status=Booking.Status.ACTIVE).select_related("shared_submission"))
    for booking in bookings:
        booking.slot = slot
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        emit_booking(booking, "cancelled", by, {"reason": "slot_cancelled"})
        after_commit_cancel(booking)
    slot.state = Slot.State.CANCELLED
    slot.cancelled_at = now
    slot.seats_taken = 0
    slot.save(update_fields=["state", "cancelled_at", "seats_taken"])
    emit_slot(slot, "cancelled", by)
    return slot


@transaction.atomic
def office_hours_settings_update(*, conference: Conference, by, **fields: Any) -> OfficeHoursSettings:
    # Read afresh and locked: a ModelForm may already have written its input onto the cached instance.
    oh = settings_row_locked(OfficeHoursSettings, conference=conference)
    windows.remember_settings(conference, oh)
    clear_webhook = fields.pop("clear_webhook", False)
    # A blank webhook field keeps the saved URL: the form never shows it, so blank means "unchanged".
    if not fields.get("webhook_url"):
        fields.pop("webhook_url", None)
    if clear_webhook:
        fields["webhook_url"] = ""
    changed = settings_save_changes(oh, allowed=SETTINGS_FIELDS, values=fields)
    if changed:
        emit(
            "summit.office_hours.settings.updated.v1",
            subject=conference.subject,
            data={"conference": conference.slug, "changed_fields": changed},
            conference_slug=conference.slug,
            actor=by,
        )
    return oh


@transaction.atomic
def mentor_feed_for(*, conference: Conference, mentor) -> MentorFeed:
    feed, _created = MentorFeed.objects.get_or_create(conference=conference, mentor=mentor)
    return feed


@transaction.atomic
def mentor_feed_revoke(*, conference: Conference, mentor) -> MentorFeed:
    """A new secret URL; the old one stops working at once."""
    feed = mentor_feed_for(conference=conference, mentor=mentor)
    feed.token = MentorFeed._meta.get_field("token").default()
    feed.save(update_fields=["token", "created_at"])
    emit(
        "summit.office_hours.feed.revoked.v1",
        subject=f"mentor/{mentor.pk}",
        data={"conference": conference.slug, "mentor_id": mentor.pk},
        conference_slug=conference.slug,
        actor=mentor,
    )
    return feed
