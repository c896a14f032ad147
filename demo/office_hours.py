"""Office-hours demo data on the London 2027 conference (call open): mentors in their own time zones
with weekly slots, and bookings — speaker@summit.test has one, sharing their draft."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.services import profile_update
from conference import services
from conference.models import Conference, ConferenceRole
from demo.cfp import OPEN_CFP_SLUG
from demo.conference import _verified_user
from office_hours import windows
from office_hours.models import Booking, Slot
from office_hours.services.bookings import booking_create
from office_hours.services.slots import SlotPlan, office_hours_settings_update, slots_publish

BENCHMARK_MENTORS = 20
BENCHMARK_BOOKINGS = 250
WEEKS = 4
TIMEZONES = ["Europe/Paris", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Singapore"]


def _weekly_plan(start_day: dt.date, start: dt.time, slots_per_day: int, video_url: str) -> SlotPlan:
    end = (dt.datetime.combine(start_day, start) + dt.timedelta(minutes=20 * slots_per_day)).time()
    return SlotPlan(
        kind="office_hours",
        first_date=start_day,
        start_time=start,
        end_time=end,
        duration_minutes=20,
        until=start_day + dt.timedelta(weeks=WEEKS - 1),
        video_url=video_url,
    )


def _mentor(conference: Conference, user, organiser, tz: str) -> None:
    if user.timezone != tz:
        profile_update(user=user, timezone=tz)
    if not ConferenceRole.objects.filter(conference=conference, user=user, role="mentor").exists():
        services.role_grant(conference=conference, user=user, role=ConferenceRole.Role.MENTOR, by=organiser)


def _next_weekday(weekday: int) -> dt.date:
    today = timezone.now().date() + dt.timedelta(days=2)
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def seed_office_hours(*, size: str, people: dict) -> None:
    organiser = people["organiser@summit.test"]
    mentor, speaker = people["mentor@summit.test"], people["speaker@summit.test"]
    london = Conference.objects.get(slug=OPEN_CFP_SLUG)
    office_hours_settings_update(
        conference=london,
        by=organiser,
        office_hours_enabled=True,
        rehearsals_enabled=True,
        priority_hours=48,
        max_active_bookings=3,
        channel_name="#summit-office-hours",
        channel_url="https://kafka-summit.slack.com/archives/summit-office-hours",
    )
    _mentor(london, mentor, organiser, "Europe/Paris")
    if speaker.timezone != "America/Los_Angeles":
        profile_update(user=speaker, timezone="America/Los_Angeles")
    if not Slot.objects.filter(conference=london, mentor=mentor).exists():
        # Every Tuesday 17:00–19:00 Paris time, in 20-minute slots, for four weeks.
        slots = slots_publish(
            conference=london,
            mentor=mentor,
            plan=_weekly_plan(_next_weekday(1), dt.time(17, 0), 6, "https://meet.example.org/mei-mentor"),
        )
        draft = london.submissions.filter(speaker_links__user=speaker, state="draft").first()
        booking_create(
            slot=slots[1],
            speaker=speaker,
            shared_submission=draft,
            note="My first talk: is the abstract of my outbox-pattern proposal clear enough?",
        )
    if size != "small":
        _benchmark(london, organiser, mentor.password)


def _benchmark(conference: Conference, organiser, password_hash: str) -> None:
    """20 mentors × 20 slots, and 250 bench speakers with one booking each."""
    rng = random.Random(2027)
    mentors = []
    for number in range(1, BENCHMARK_MENTORS + 1):
        user = _verified_user(f"mentor{number:02d}@bench.summit.test", f"Mentor {number}", password_hash=password_hash)
        _mentor(conference, user, organiser, TIMEZONES[number % len(TIMEZONES)])
        mentors.append(user)
    for number, user in enumerate(mentors):
        if not Slot.objects.filter(conference=conference, mentor=user).exists():
            start = dt.time(9 + number % 8, 0)
            slots_publish(
                conference=conference,
                mentor=user,
                plan=_weekly_plan(_next_weekday(number % 5), start, 5, f"https://meet.example.org/mentor{number + 1}"),
            )
    booked = Booking.objects.filter(conference=conference, speaker__email__endswith="@bench.summit.test").count()
    if booked >= BENCHMARK_BOOKINGS:
        return
    speakers = list(
        get_user_model()
        .objects.filter(email__endswith="@bench.summit.test", email__startswith="speaker")
        .exclude(office_hour_bookings__conference=conference)
        # The slots are in their first-time speakers' priority window: these are people with no
        # accepted talk yet, the audience office hours are for.
        .exclude(speaker_links__submission__state__in=windows.ACCEPTED_STATES)
        .order_by("email")[: BENCHMARK_BOOKINGS - booked]
    )
    free = list(
        Slot.objects.filter(conference=conference, mentor__in=mentors, seats_taken=0).select_related(
            "conference", "mentor"
        )
    )
    rng.shuffle(free)
    for speaker, slot in zip(speakers, free, strict=False):
        booking_create(slot=slot, speaker=speaker, note=f"Feedback on my proposal, please ({speaker.name}).")
