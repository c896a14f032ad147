"""Slides demo data: drafts, read-through comments and verdicts, and finals, with real small PDFs made
by WeasyPrint, on Kafka Summit San Francisco 2019 and London 2027 (where talks are accepted).
`--size kafka-summit` gives the 120 first talks of 2019 a realistic mix of statuses.

Uploads go through the services with `now` set to a moment before each deadline, so the 2019 talks
(long since given, hence locked today) get their history as it would have happened."""

import datetime as dt
import functools
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from cfp.models import Submission
from conference.models import Conference
from demo.cfp import OPEN_CFP_SLUG
from demo.schedule import DEMO_SLUG
from slides.models import SlideReview, SlideVersion
from slides.permissions import SLIDE_STATES
from slides.selectors.talks import talk_slot
from slides.services.review import comment_add, version_review
from slides.services.uploads import version_upload

SMALL_TALKS = 16
BENCHMARK_TALKS = 120
# The kafka-summit mix: (share, what happens). Missing talks get nothing; "late" ones are left to
# demo/slides_deadlines.py, which flags them.
MIX = [(0.12, "missing"), (0.20, "draft"), (0.10, "changes"), (0.18, "approved"), (0.40, "final")]
COMMENTS = [
    (3, "The architecture diagram is too small to read from the back of the room."),
    (1, "Add your name and the talk's title on the first slide."),
    (None, "Great story. Consider cutting one of the two benchmark sections."),
    (5, "This code sample has 40 lines: show the five that matter."),
]


@functools.cache
def render_deck(title: str, pages: int) -> bytes:
    """A real PDF of `pages` slides (16:9) with the title on the first."""
    from weasyprint import HTML  # imported here: loading it is slow and only uploads need it

    slides = [f"<section><h1>{escape(title)}</h1><p>Kafka Summit</p></section>"]
    slides += [f"<section><h2>Slide {n}</h2><p>Point {n} of the talk.</p></section>" for n in range(2, pages + 1)]
    style = (
        "@page { size: 320mm 180mm; margin: 12mm; } section { page-break-after: always; font-family: sans-serif; }"
        " section:last-child { page-break-after: auto; } h1 { font-size: 40pt; color: #1f3b73; }"
    )
    out = io.BytesIO()
    HTML(string=f"<html><head><style>{style}</style></head><body>{''.join(slides)}</body></html>").write_pdf(out)
    return out.getvalue()


def _upload(submission: Submission, speaker, kind: str, pages: int, now: dt.datetime) -> SlideVersion:
    data = render_deck(f"{submission.title[:60]} ({kind})", pages)
    file = SimpleUploadedFile(f"{submission.code}-{kind}.pdf", data, content_type="application/pdf")
    return version_upload(submission=submission, user=speaker, file=file, kind=kind, now=now)


def _history(submission: Submission, what: str, reviewer, rng: random.Random) -> None:
    speaker = submission.speakers.first()
    slot = talk_slot(submission)
    conference = submission.conference
    draft_at = (conference.slides_draft_deadline or slot.starts_at) - dt.timedelta(days=rng.randint(1, 10))
    if slot is not None:
        draft_at = min(draft_at, slot.starts_at - dt.timedelta(days=5))
    draft = _upload(submission, speaker, "draft", rng.randint(6, 12), draft_at)
    if what == "draft":
        return
    page, text = COMMENTS[rng.randrange(len(COMMENTS))]
    comment_add(version=draft, author=reviewer, body=text, page=page if page is None or page <= draft.page_count else 1)
    if what == "changes":
        version_review(version=draft, reviewer=reviewer, verdict=SlideReview.Verdict.CHANGES_REQUESTED)
        return
    version_review(version=draft, reviewer=reviewer, verdict=SlideReview.Verdict.APPROVED, note="Ready to go.")
    if what == "final" and slot is not None:
        _upload(submission, speaker, "final", rng.randint(8, 14), slot.starts_at - dt.timedelta(days=2))


def _talks(conference: Conference, count: int) -> list[Submission]:
    """The first `count` scheduled talks, in running order: the same ones on every run."""
    return list(
        Submission.objects.filter(conference=conference, state__in=SLIDE_STATES, slots__isnull=False)
        .select_related("conference", "slides")
        .order_by("slots__starts_at", "pk")[:count]
    )


def _seed(conference: Conference, reviewer, plan: list[str]) -> None:
    if conference.slides_draft_deadline is None:
        first = conference.schedule_slots.order_by("starts_at").values_list("starts_at", flat=True).first()
        if first is None:
            return
        Conference.objects.filter(pk=conference.pk).update(slides_draft_deadline=first - dt.timedelta(days=14))
        conference.refresh_from_db(fields=["slides_draft_deadline"])
    for submission, what in zip(_talks(conference, len(plan)), plan, strict=False):
        # A talk with a record already has its history (an earlier run); each talk draws from its own
        # random stream, so a run's choices do not depend on what earlier runs did.
        if what != "missing" and not hasattr(submission, "slides"):
            _history(submission, what, reviewer, random.Random(submission.code))


def _plan(count: int) -> list[str]:
    plan: list[str] = []
    for share, what in MIX:
        plan += [what] * round(share * count)
    plan = (plan + ["final"] * count)[:count]
    random.Random(count).shuffle(plan)
    return plan


def seed_slides(*, size: str, people: dict) -> None:
    """Idempotent: talks that already have a slide record are left alone, and each size gives the
    same talks the same plan, so a second run adds nothing and a larger size only tops up."""
    reviewer = people["organiser@summit.test"]
    count = SMALL_TALKS if size == "small" else BENCHMARK_TALKS
    for slug, plan in ((DEMO_SLUG, _plan(count)), (OPEN_CFP_SLUG, _plan(4))):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is not None:
            _seed(conference, reviewer, plan)
