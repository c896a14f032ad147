"""Call-for-papers demo data: an upcoming conference with its call open, and the 2019 proposals."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from cfp.models import Question, Submission, SubmissionSpeaker
from cfp.services.setup import cfp_settings_update, question_save
from cfp.services.speakers import speaker_accept_invitation, speaker_invite
from cfp.services.submissions import submission_create_draft, submission_event_data, submission_submit
from conference import services
from conference.models import Conference, ConferenceRole
from demo.conference import SIZES
from events.services import emit_many

OPEN_CFP_SLUG = "kafka-summit-london-2027"
LONDON = ZoneInfo("Europe/London")

INTRO = (
    "Kafka Summit brings together the people who build and run event streaming systems. "
    "We want to hear about what you built, what broke, and what you learned."
)
GUIDELINES = (
    "Talks are 40 minutes including questions. Tell us who the talk is for and what they will take home.\n"
    "No product pitches. First-time speakers are very welcome: book an office hour with a mentor."
)
CODE_OF_CONDUCT = (
    "Kafka Summit is dedicated to a harassment-free conference experience for everyone. "
    "Speakers are expected to follow the code of conduct on stage and off."
)

TOPICS = [
    "exactly-once delivery",
    "tiered storage",
    "KRaft",
    "Kafka Streams joins",
    "ksqlDB",
    "Kafka Connect",
    "schema evolution",
    "event sourcing",
    "CDC with Debezium",
    "consumer lag",
    "multi-region clusters",
    "stream-table duality",
    "outbox pattern",
    "Flink on Kafka",
    "idempotent producers",
    "rebalancing",
]
ANGLES = [
    "in production",
    "at scale",
    "the hard parts",
    "from zero to hero",
    "lessons from two years",
    "what nobody tells you",
    "a field guide",
    "patterns and anti-patterns",
    "for the rest of us",
]
TRACK_WEIGHTS = {"core": 3, "event-driven": 3, "stream-processing": 4, "use-case": 3}
# Titles as speakers write them: every (form, topic, angle) is one title, 5 × 16 × 9 = 720 of them,
# dealt in a fixed shuffled order so that proposal N always has the same one and none repeats.
TITLE_FORMS = [
    "{Topic}: {angle}",
    "{Topic}, {angle}",
    "What we learned about {topic}: {angle}",
    "Notes on {topic}: {angle}",
    "Our journey with {topic}: {angle}",
]
# ExCeL London's own rooms, not the 2019 hotel's.
LONDON_ROOMS = [
    ("ICC Auditorium", 1200, True),
    ("Capital Suite 1", 400, False),
    ("Capital Suite 2", 400, False),
    ("Platinum Suite 1", 250, False),
    ("Platinum Suite 2", 200, False),
    ("London Suite 3", 120, False),
]


def _title_and_topic(number: int) -> tuple[str, str, str]:
    combos = [(form, topic, angle) for form in TITLE_FORMS for topic in TOPICS for angle in ANGLES]
    random.Random(2019).shuffle(combos)
    form, topic, angle = combos[number % len(combos)]
    return form.format(Topic=topic[0].upper() + topic[1:], topic=topic, angle=angle), topic, angle


def open_cfp_conference(organiser, catalogue) -> Conference:
    existing = Conference.objects.filter(slug=OPEN_CFP_SLUG).first()
    if existing:
        return existing
    now = timezone.now()
    conference = services.conference_create(
        by=organiser,
        name="Kafka Summit London 2027",
        slug=OPEN_CFP_SLUG,
        timezone="Europe/London",
        start_date=dt.date(2027, 5, 18),
        end_date=dt.date(2027, 5, 19),
        venue="ExCeL London",
        venue_address="Royal Victoria Dock\n1 Western Gateway\nLondon E16 1XL\nUnited Kingdom",
        is_public=True,
        # Open around the day the demo is built, so the call can be tried end to end.
        cfp_opens_at=(now - dt.timedelta(days=14)).replace(microsecond=0),
        cfp_closes_at=(now + dt.timedelta(days=75))
        .astimezone(LONDON)
        .replace(hour=23, minute=59, second=0, microsecond=0),
        notification_date=(now + dt.timedelta(days=100)).date(),
        currency="GBP",
    )
    services.identity_update(
        conference=conference,
        by=organiser,
        primary_colour="#5b2a86",
        accent_colour="#0f6e5c",
        tagline="Two days of streaming by the Thames: the call for papers is open",
    )
    catalogue(conference, organiser, rooms=LONDON_ROOMS)
    cfp_settings_update(
        conference=conference, by=organiser, intro=INTRO, guidelines=GUIDELINES, code_of_conduct=CODE_OF_CONDUCT
    )
    question_save(
        conference=conference,
        by=organiser,
        text="Have you given this talk before?",
        kind=Question.Kind.BOOLEAN,
        target=Question.Target.SUBMISSION,
    )
    question_save(
        conference=conference,
        by=organiser,
        text="Which stream processor does the talk use?",
        kind=Question.Kind.CHOICE,
        options=["Kafka Streams", "ksqlDB", "Apache Flink", "Other"],
        required=True,
        tracks=list(conference.tracks.filter(slug="stream-processing")),
    )
    return conference


def demo_speaker_submissions(conference: Conference, speaker, co_speaker) -> None:
    if Submission.objects.filter(conference=conference, speaker_links__user=speaker).exists():
        return
    track = conference.tracks.get(slug="event-driven")
    talk = conference.submission_types.get(name="Talk")
    draft = submission_create_draft(
        conference=conference,
        by=speaker,
        title="Designing event-driven microservices with the outbox pattern",
        abstract="How to publish events reliably from a relational database without two-phase commit.",
        submission_type=talk,
        track=track,
        level=conference.levels.get(slug="intermediate"),
    )
    submitted = submission_create_draft(
        conference=conference,
        by=speaker,
        title="Kafka consumer lag: what it tells you and what it hides",
        abstract="A practical guide to reading consumer lag, with the dashboards we use in production.",
        submission_type=talk,
        track=conference.tracks.get(slug="core"),
        level=conference.levels.get(slug="introductory"),
    )
    submission_submit(submission=submitted, by=speaker, code_of_conduct_accepted=True)
    invitation = speaker_invite(submission=draft, email=co_speaker.email, by=speaker)
    speaker_accept_invitation(invitation=invitation, user=co_speaker)


def _submitted_at(rng: random.Random, conference: Conference) -> dt.datetime:
    """Most proposals arrive in the last weeks of a call: a skewed draw over the window."""
    opens, closes = conference.cfp_opens_at, conference.cfp_closes_at
    span = (closes - opens).total_seconds()
    fraction = rng.random() ** 0.35
    return opens + dt.timedelta(seconds=min(span - 60, fraction * span))


def benchmark_submissions(conference: Conference, count: int) -> None:
    """The 2019 proposals by the benchmark speakers, spread over the call as real ones were."""
    existing = Submission.objects.filter(
        conference=conference, speaker_links__user__email__endswith="@bench.summit.test"
    )
    start = existing.distinct().count()
    if start >= count:
        return
    User = get_user_model()
    speakers = list(
        User.objects.filter(email__endswith="@bench.summit.test", email__startswith="speaker").order_by("email")
    )
    tracks = list(conference.tracks.all())
    weights = [TRACK_WEIGHTS.get(track.slug, 1) for track in tracks]
    types = list(conference.submission_types.exclude(name="Keynote"))
    levels = list(conference.levels.all())
    drafts = []
    for number in range(start, count):
        # One generator per proposal: the same proposal whether the set is built at once or topped up.
        rng = random.Random(600 + number)
        speaker = speakers[number % len(speakers)]
        when = _submitted_at(rng, conference)
        rng.choice(TOPICS), rng.choice(ANGLES)  # drawn as before, so the rest of each proposal is unchanged
        title, topic, angle = _title_and_topic(number)
        drafts.append(
            (
                speaker,
                when,
                {
                    "now": when - dt.timedelta(hours=rng.randint(1, 72)),
                    "title": title,
                    "abstract": f"{speaker.name} shares how {topic} works {angle}, with examples from real clusters "
                    "and the numbers behind the decisions.",
                    "submission_type": rng.choices(types, weights=[8, 2, 1][: len(types)])[0],
                    "track": rng.choices(tracks, weights=weights)[0],
                    "level": rng.choice(levels),
                    "is_first_time_speaker": rng.random() < 0.2,
                },
            )
        )
    if len(drafts) > BULK_SUBMISSIONS:
        _bulk_submitted(conference, drafts)
        return
    for speaker, when, fields in drafts:
        submission = submission_create_draft(conference=conference, by=speaker, **fields)
        submission_submit(submission=submission, by=speaker, code_of_conduct_accepted=True, now=when)


# Above this many the two services (about 20 queries and an e-mail each) are what makes the 10x set
# slow to build: their rows and events are written in a few inserts instead.
BULK_SUBMISSIONS = 1000


def _bulk_submitted(conference: Conference, drafts: list[tuple]) -> None:
    """What `submission_create_draft` and `submission_submit` write for each proposal: the submitted
    proposal, its primary speaker, the `created` and `submitted` events. The "we received it" e-mails
    are not sent: the speakers are fictional (the demo's other mail goes to memory as well)."""
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                conference=conference,
                state=Submission.State.SUBMITTED,
                submitted_at=when,
                code_of_conduct_accepted_at=when,
                **{name: value for name, value in fields.items() if name != "now"},
            )
            for _speaker, when, fields in drafts
        ],
        batch_size=1000,
    )
    SubmissionSpeaker.objects.bulk_create(
        [
            SubmissionSpeaker(submission=submission, user=speaker, is_primary=True)
            for submission, (speaker, _when, _fields) in zip(submissions, drafts, strict=True)
        ],
        batch_size=1000,
    )
    loaded = {
        submission.pk: submission
        for submission in Submission.objects.filter(pk__in=[submission.pk for submission in submissions])
        .select_related("conference", "track", "submission_type", "level")
        .prefetch_related("speaker_links")
    }
    created, submitted = [], []
    for submission, (speaker, _when, _fields) in zip(submissions, drafts, strict=True):
        data = submission_event_data(loaded[submission.pk])
        created.append((submission.subject, data | {"state": "draft", "submitted_at": None}, speaker))
        submitted.append((submission.subject, data | {"previous_state": "draft"}, speaker))
    emit_many("summit.cfp.submission.created.v1", created, conference_slug=conference.slug)
    emit_many("summit.cfp.submission.submitted.v1", submitted, conference_slug=conference.slug)


def seed_cfp(*, size: str, people: dict, catalogue) -> None:
    organiser = people["organiser@summit.test"]
    london = open_cfp_conference(organiser, catalogue)
    for email, role in [("reviewer@summit.test", "reviewer"), ("mentor@summit.test", "mentor")]:
        if not ConferenceRole.objects.filter(conference=london, user=people[email], role=role).exists():
            services.role_grant(conference=london, user=people[email], role=role, by=organiser)
    demo_speaker_submissions(london, people["speaker@summit.test"], people["attendee@summit.test"])
    benchmark_submissions(Conference.objects.get(slug="kafka-summit-sf-2019"), SIZES[size].submissions)
