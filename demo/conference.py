"""The demo conference: Kafka Summit San Francisco 2019, its people, and the benchmark people.

Everything goes through the services, so the demo's events land in the outbox like real ones.
Every step looks up what exists first, so running it twice changes nothing.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from accounts.models import SpeakerProfile
from accounts.services import profile_update, user_register
from conference import services
from conference.models import Conference, ConferenceRole, Level, Room, SubmissionType, Track
from events.services import emit_many

DEMO_SLUG = "kafka-summit-sf-2019"
DEMO_PASSWORD = "summit-demo-2019"
TZ = ZoneInfo("America/Los_Angeles")

TRACKS = [
    ("Core", "core", "#0a58ca", "Kafka internals, operations, security and the clients."),
    ("Event Driven", "event-driven", "#8250df", "Designing systems around events and streams."),
    ("Stream Processing", "stream-processing", "#1a7f37", "Kafka Streams, ksqlDB and other stream processors."),
    ("Use Case", "use-case", "#bc4c00", "How companies run Kafka in production, and what they learned."),
]
ROOMS = [
    ("Grand Ballroom", 1500, True),
    ("Continental Ballroom", 450, False),
    ("Imperial Ballroom", 350, False),
    ("Golden Gate", 250, False),
    ("Yosemite", 200, False),
    ("Franciscan", 150, False),
]
SUBMISSION_TYPES = [("Talk", 40), ("Lightning talk", 10), ("Keynote", 45), ("Workshop", 90)]
LEVELS = [("Introductory", "introductory"), ("Intermediate", "intermediate"), ("Advanced", "advanced")]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str | None
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser("admin@summit.test", "Ada Admin", None, is_superuser=True),
    DemoUser("organiser@summit.test", "Olivia Organiser", ConferenceRole.Role.ORGANISER),
    DemoUser("reviewer@summit.test", "Rafael Reviewer", ConferenceRole.Role.REVIEWER),
    DemoUser("mentor@summit.test", "Mei Mentor", ConferenceRole.Role.MENTOR),
    DemoUser("speaker@summit.test", "Sam Speaker", None),
    DemoUser("attendee@summit.test", "Alex Attendee", ConferenceRole.Role.ATTENDEE),
]


@dataclass(frozen=True)
class DemoSize:
    """How many people and proposals the 2019 conference gets: enough for a real programme in the
    default demo, the full Kafka Summit scale for benchmarks."""

    speakers: int
    reviewers: int
    submissions: int
    days: int = 3
    rooms: int = len(ROOMS)
    talks: int = 120  # the programme the committee accepts (review decides; the schedule places them)
    waitlist: int = 20


SIZES = {
    "small": DemoSize(speakers=120, reviewers=5, submissions=160),
    "kafka-summit": DemoSize(speakers=500, reviewers=5, submissions=600),
    # Ten times the call: a week-long event of 20 rooms over 8 days, with a committee to match.
    "kafka-summit-10x": DemoSize(
        speakers=5000, reviewers=40, submissions=6000, days=8, rooms=20, talks=1150, waitlist=200
    ),
}
# The 10x venue's rooms beyond the hotel's six: a convention centre's numbered halls.
EXTRA_ROOMS = [(f"Hall {number}", 300 - 10 * number, False) for number in range(1, 15)]


def rooms_of(size: DemoSize) -> list[tuple[str, int, bool]]:
    return (ROOMS + EXTRA_ROOMS)[: size.rooms]


FIRST_NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "Mo", "Nia"]
LAST_NAMES = ["Ito", "Khan", "Lopez", "Meyer", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Singh", "Tanaka"]
COMPANIES = ["Confluent", "Netflix", "LinkedIn", "Uber", "Pinterest", "Lyft", "Zalando", "ING", "Target", "Audi"]


def _verified_user(email: str, name: str, *, password_hash: str, is_superuser: bool = False):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, name=name, password=password_hash, is_superuser=is_superuser, is_staff=is_superuser)
        user_register(user=user)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _conference(organiser, size: DemoSize) -> Conference:
    existing = Conference.objects.filter(slug=DEMO_SLUG).first()
    if existing:
        return existing
    conference = services.conference_create(
        by=organiser,
        name="Kafka Summit San Francisco 2019",
        slug=DEMO_SLUG,
        timezone="America/Los_Angeles",
        start_date=dt.date(2019, 9, 30),
        end_date=dt.date(2019, 9, 30) + dt.timedelta(days=size.days - 1),
        venue="Hilton San Francisco Union Square",
        venue_address="333 O'Farrell Street\nSan Francisco, CA 94102\nUnited States",
        website="https://www.kafka-summit.org/",
        is_public=True,
        cfp_opens_at=dt.datetime(2019, 3, 4, 9, 0, tzinfo=TZ),
        cfp_closes_at=dt.datetime(2019, 6, 15, 23, 59, tzinfo=TZ),
        review_opens_at=dt.datetime(2019, 6, 17, 9, 0, tzinfo=TZ),
        review_closes_at=dt.datetime(2019, 7, 12, 17, 0, tzinfo=TZ),
        notification_date=dt.date(2019, 7, 19),
        slides_draft_deadline=dt.datetime(2019, 9, 9, 18, 0, tzinfo=TZ),
        slides_final_days_before=1,
        slides_final_time=dt.time(18, 0),
        pass_value=Decimal("1295.00"),
        currency="USD",
    )
    services.identity_update(
        conference=conference,
        by=organiser,
        primary_colour="#1b3a6b",
        accent_colour="#b4361c",
        tagline="Three days of event streaming with the Apache Kafka community",
    )
    return conference


def catalogue(conference: Conference, organiser, rooms: list[tuple[str, int, bool]] = ROOMS) -> None:
    def ensure(model, lookup: dict, **fields) -> None:
        if not model.objects.filter(conference=conference, **lookup).exists():
            services.catalogue_item_create(model=model, conference=conference, by=organiser, **lookup, **fields)

    for position, (name, slug, colour, description) in enumerate(TRACKS):
        ensure(Track, {"slug": slug}, name=name, colour=colour, description=description, position=position)
    for position, (name, capacity, is_plenary) in enumerate(rooms):
        ensure(Room, {"name": name}, capacity=capacity, is_plenary=is_plenary, position=position)
    for position, (name, minutes) in enumerate(SUBMISSION_TYPES):
        ensure(SubmissionType, {"name": name}, duration_minutes=minutes, position=position)
    for position, (name, slug) in enumerate(LEVELS):
        ensure(Level, {"slug": slug}, name=name, position=position)


def seed_conference(*, size: str = "small") -> dict:
    password_hash = make_password(DEMO_PASSWORD)
    people = {
        demo.email: _verified_user(demo.email, demo.name, password_hash=password_hash, is_superuser=demo.is_superuser)
        for demo in DEMO_USERS
    }
    organiser = people["organiser@summit.test"]
    conference = _conference(organiser, SIZES[size])
    catalogue(conference, organiser, rooms=rooms_of(SIZES[size]))
    for demo in DEMO_USERS:
        if (
            demo.role
            and not ConferenceRole.objects.filter(
                conference=conference, user=people[demo.email], role=demo.role
            ).exists()
        ):
            services.role_grant(conference=conference, user=people[demo.email], role=demo.role, by=organiser)
    speaker = people["speaker@summit.test"]
    if not speaker.speaker_profile.bio:
        profile_update(
            user=speaker,
            bio="Sam builds streaming data platforms and has spoken at meetups across the Bay Area.",
            company="Streamworks",
            job_title="Staff Engineer",
        )
    _benchmark_people(conference, organiser, password_hash, SIZES[size])
    return {"conference": conference, "users": DEMO_USERS, "people": people}


def _benchmark_people(conference: Conference, organiser, password_hash: str, size: DemoSize) -> None:
    """The 2019 speakers and track-scoped reviewers; later capabilities add their reviews and slots."""
    rng = random.Random(2019)
    drawn = []
    for number in range(1, size.speakers + 1):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        drawn.append((f"speaker{number:03d}@bench.summit.test", name, rng.choice(COMPANIES)))
    if size.speakers > BULK_SPEAKERS:
        _bulk_speakers(drawn, password_hash)
    else:
        for email, name, company in drawn:
            user = _verified_user(email, name, password_hash=password_hash)
            if not user.speaker_profile.company:
                profile_update(user=user, company=company, bio=f"{name} works on streaming systems at {company}.")
    tracks = list(conference.tracks.all())
    for number in range(1, size.reviewers + 1):
        reviewer = _verified_user(
            f"reviewer{number}@bench.summit.test", f"Reviewer {number}", password_hash=password_hash
        )
        if not ConferenceRole.objects.filter(conference=conference, user=reviewer, role="reviewer").exists():
            scope = [tracks[(number - 1) % len(tracks)]] if number <= len(tracks) else []
            services.role_grant(
                conference=conference, user=reviewer, role=ConferenceRole.Role.REVIEWER, tracks=scope, by=organiser
            )


# Above this many speakers one registration at a time (about 8 queries each) is what makes the 10x
# set slow to build: the rows and events the two services write are written in a few inserts.
BULK_SPEAKERS = 1000


def _bulk_speakers(drawn: list[tuple[str, str, str]], password_hash: str) -> None:
    """What `user_register` and `profile_update` write for each speaker (the user, a verified
    address, the profile with company and bio, both events), for those who do not exist yet."""
    User = get_user_model()
    existing = set(User.objects.filter(email__in=[email for email, _n, _c in drawn]).values_list("email", flat=True))
    missing = [row for row in drawn if row[0] not in existing]
    users = User.objects.bulk_create(
        [User(email=email, name=name, password=password_hash) for email, name, _c in missing], batch_size=1000
    )
    SpeakerProfile.objects.bulk_create(
        [
            SpeakerProfile(user=user, company=company, bio=f"{name} works on streaming systems at {company}.")
            for user, (_e, name, company) in zip(users, missing, strict=True)
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=1000
    )
    emit_many(
        "summit.accounts.user.registered.v1",
        [(f"user/{user.pk}", {"user_id": user.pk, "locale": user.locale}, None) for user in users],
    )
    emit_many(
        "summit.accounts.speaker_profile.updated.v1",
        [(f"user/{user.pk}", {"user_id": user.pk, "changed_fields": ["bio", "company"]}, user) for user in users],
    )
