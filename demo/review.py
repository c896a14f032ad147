"""Review committee demo data. For the 2019 conference (past): bids, balanced assignments, about
1,000 reviews for 600 proposals (scaled to the proposals that exist), the decisions (a full
programme of 120 accepted, 20 waitlisted, the rest not accepted), the e-mails with their codes,
and the speakers' answers.
For London 2027 (call open): phases, score categories and work for the demo reviewer.

Everything goes through the services; every step looks at what exists first, so a second run
changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from django.core.mail import get_connection

from cfp.models import Submission
from conference.models import Conference
from demo.cfp import OPEN_CFP_SLUG
from demo.conference import DEMO_SLUG, SIZES, TZ, DemoSize
from review import selectors
from review.models import Assignment, Bid, Clarification, Notification, ReviewPhase, ScoreCategory
from review.services.committee import assignments_generate, bid_place, reviewers_of
from review.services.decisions import decision_make, decision_respond
from review.services.notifications import batch_run, notifications_prepare, notifications_send
from review.services.reviews import clarification_ask, review_submit
from review.services.setup import category_save, phase_save, review_settings_update

State = Submission.State
CATEGORIES = [
    ("Relevance", "Does the audience of this track need this talk?", Decimal("2")),
    ("Clarity", "Is the proposal clear about what the audience will learn?", Decimal("1")),
    ("Novelty", "Is it new, or a fresh angle on a known topic?", Decimal("1")),
]
# Proportions of the 2019 call, applied to however many proposals exist.
REVIEWS_PER_PROPOSAL = Decimal(1000) / 600
# The programme has room for 120 talks (3 days, 6 rooms; SIZES gives the 10x set's); a smaller
# call still fills most of it.
BIDS_PER_REVIEWER = 120
DECLINED_SHARE, PENDING_SHARE = Decimal(3) / 120, Decimal(5) / 120


def _setup(conference: Conference, organiser, phases: list[tuple[str, dt.datetime, dt.datetime, bool, bool]]) -> None:
    if not ScoreCategory.objects.filter(conference=conference).exists():
        for position, (name, help_text, weight) in enumerate(CATEGORIES):
            category_save(
                conference=conference,
                by=organiser,
                name=name,
                help_text=help_text,
                min_score=1,
                max_score=5,
                weight=weight,
                position=position,
            )
    if not ReviewPhase.objects.filter(conference=conference).exists():
        for kind, starts_at, ends_at, can_bid, can_review in phases:
            phase_save(
                conference=conference,
                by=organiser,
                kind=kind,
                starts_at=starts_at,
                ends_at=ends_at,
                can_bid=can_bid,
                can_review=can_review,
            )
        review_settings_update(conference=conference, by=organiser, anonymous=True, reviewers_per_submission=2)


def _bids(conference: Conference, rng: random.Random) -> None:
    if Bid.objects.filter(submission__conference=conference).exists():
        return
    for reviewer in reviewers_of(conference):
        candidates = selectors.bidding_list(reviewer, conference)
        # A fifth of what they may review, up to the 120 a reviewer bids on at the 2019 size: at ten
        # times the call reviewers do not bid on ten times as many.
        for submission in rng.sample(candidates, k=min(len(candidates) // 5, BIDS_PER_REVIEWER)):
            level = rng.choices(list(Bid.Level), weights=[3, 5, 2])[0]
            bid_place(reviewer=reviewer, submission=submission, level=level)


def _score(rng: random.Random, quality: float) -> int:
    return max(1, min(5, round(1 + 4 * quality + rng.gauss(0, 0.7))))


def _reviews(conference: Conference, submissions: list[Submission], rng: random.Random) -> None:
    if selectors.all_reviews(conference).exists():
        return
    categories = list(ScoreCategory.objects.filter(conference=conference))
    quality = {submission.pk: rng.random() for submission in submissions}
    assignments = list(
        Assignment.objects.filter(submission__in=submissions).select_related("reviewer", "submission").order_by("pk")
    )
    wanted = min(len(assignments), round(len(submissions) * REVIEWS_PER_PROPOSAL))
    for assignment in rng.sample(assignments, k=wanted):
        scores = {category.pk: _score(rng, quality[assignment.submission_id]) for category in categories}
        review_submit(
            reviewer=assignment.reviewer,
            submission=assignment.submission,
            scores=scores,
            comment=rng.choice(
                [
                    "Solid and well scoped.",
                    "Seen this topic a lot.",
                    "Great speaker for this track.",
                    "Needs a clearer takeaway.",
                    "",
                ]
            ),
            comment_to_speaker=rng.choice(["", "", "Tell us more about the numbers behind the claims."]),
        )


def _decisions(conference: Conference, organiser, size: DemoSize) -> None:
    if Submission.objects.filter(conference=conference, state__in=selectors.DECIDED_STATES).exists():
        return
    rows = [row for row in selectors.ranking(conference) if row.submission.state in selectors.OPEN_STATES]
    accepted = min(size.talks, len(rows) * 3 // 4)
    waitlisted = min(size.waitlist, (len(rows) - accepted) // 2)
    for position, row in enumerate(rows):
        decision = "accept" if position < accepted else "waitlist" if position < accepted + waitlisted else "reject"
        decision_make(submission=row.submission, decision=decision, by=organiser)


def _notify(conference: Conference, organiser) -> None:
    if Notification.objects.filter(conference=conference).exists():
        return
    notifications_prepare(conference=conference, by=organiser)
    batch = notifications_send(conference=conference, by=organiser)
    if batch is not None:
        # The demo's speakers are fictional: their mail goes to memory, not to a server or the console.
        batch_run(batch_id=batch.pk, connection=get_connection("django.core.mail.backends.locmem.EmailBackend"))


def _answers(conference: Conference, rng: random.Random) -> None:
    accepted = list(
        Submission.objects.filter(conference=conference, state=State.ACCEPTED)
        .prefetch_related("speaker_links__user")
        .order_by("pk")
    )
    if (
        len(accepted)
        != Submission.objects.filter(
            conference=conference, state__in=[State.ACCEPTED, State.CONFIRMED, State.DECLINED]
        ).count()
    ):
        return  # the speakers have answered already
    declined = round(len(accepted) * DECLINED_SHARE)
    pending = round(len(accepted) * PENDING_SHARE)
    rng.shuffle(accepted)
    for position, submission in enumerate(accepted[: len(accepted) - pending]):
        speaker = submission.speaker_links.all()[0].user
        decision_respond(submission=submission, confirm=position >= declined, by=speaker)


def _at(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2019, month, day, hour, tzinfo=TZ)


def seed_past_conference(organiser, size: DemoSize = SIZES["small"]) -> None:
    conference = Conference.objects.get(slug=DEMO_SLUG)
    submissions = list(
        Submission.objects.filter(conference=conference)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .order_by("pk")
    )
    if not submissions:
        return
    rng = random.Random(2019)
    _setup(
        conference,
        organiser,
        [
            ("bidding", _at(6, 17, 9), _at(6, 21, 18), True, False),
            ("reviewing", _at(6, 21, 18), _at(7, 12, 17), False, True),
            ("decision", _at(7, 12, 17), _at(7, 19, 17), False, False),
        ],
    )
    _bids(conference, rng)
    if not Assignment.objects.filter(submission__conference=conference).exists():
        assignments_generate(conference=conference, by=organiser, seed=2019)
    _reviews(conference, [s for s in submissions if s.state in selectors.OPEN_STATES], rng)
    _decisions(conference, organiser, size)
    _notify(conference, organiser)
    _answers(conference, rng)


def seed_open_conference(organiser, reviewer) -> None:
    """London 2027: bidding and early reviews while the call is open, decisions after it closes."""
    conference = Conference.objects.get(slug=OPEN_CFP_SLUG)
    opens = conference.cfp_opens_at
    closes = conference.cfp_closes_at
    _setup(
        conference,
        organiser,
        [
            ("bidding", opens, closes, True, True),
            ("reviewing", closes, closes + dt.timedelta(days=14), False, True),
            ("decision", closes + dt.timedelta(days=14), closes + dt.timedelta(days=21), False, False),
        ],
    )
    if not Assignment.objects.filter(submission__conference=conference).exists():
        assignments_generate(conference=conference, by=organiser)
    first = (
        Assignment.objects.filter(reviewer=reviewer, submission__conference=conference)
        .select_related("submission__conference")
        .first()
    )
    if first and not Clarification.objects.filter(submission=first.submission).exists():
        clarification_ask(
            reviewer=reviewer,
            submission=first.submission,
            question="Which dashboards do you show, and are they open source?",
        )


def seed_review(*, size: str = "small", people: dict) -> None:
    organiser = people["organiser@summit.test"]
    seed_past_conference(organiser, SIZES[size])
    seed_open_conference(organiser, people["reviewer@summit.test"])
