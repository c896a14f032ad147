"""Builds the demo, domain by domain, in one transaction: all of it or none of it."""

from django.db import transaction

from conference.models import Conference
from demo.cfp import seed_cfp
from demo.conference import catalogue, seed_conference
from demo.office_hours import seed_office_hours
from demo.review import seed_review
from demo.schedule import DEMO_SLUG, seed_schedule
from demo.slides import seed_slides
from demo.slides_deadlines import seed_deadline_state
from demo.slides_media import seed_published_media


@transaction.atomic
def seed_demo(*, size: str = "small") -> dict:
    result = seed_conference(size=size)
    seed_cfp(size=size, people=result["people"], catalogue=catalogue)
    seed_review(size=size, people=result["people"])
    seed_schedule(people=result["people"])
    seed_office_hours(size=size, people=result["people"])
    seed_slides(size=size, people=result["people"])
    past = Conference.objects.filter(slug=DEMO_SLUG).first()
    if past is not None:
        # The 2019 conference is over: some talks were late, then decks and videos were published.
        # At the benchmark size only the talks that had a final are published, so the 120 talks keep
        # a mix of statuses for the dashboards.
        seed_deadline_state(past)
        seed_published_media(past, only_with_final=size != "small")
    return result
