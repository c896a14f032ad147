"""Builds the demo, domain by domain, in one transaction: all of it or none of it."""

from django.db import transaction

from demo.cfp import seed_cfp
from demo.conference import catalogue, seed_conference
from demo.office_hours import seed_office_hours
from demo.review import seed_review
from demo.schedule import seed_schedule
from demo.slides import seed_slides


@transaction.atomic
def seed_demo(*, size: str = "small") -> dict:
    result = seed_conference(size=size)
    seed_cfp(size=size, people=result["people"], catalogue=catalogue)
    seed_review(people=result["people"])
    seed_schedule(people=result["people"])
    seed_office_hours(size=size, people=result["people"])
    seed_slides(size=size, people=result["people"])
    return result
