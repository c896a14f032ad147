"""The demo programme: built from the 2019 proposals, released as v1, idempotent."""

import pytest
from django.core.management import call_command

from cfp.models import Submission
from conference.models import Conference
from demo.conference import DEMO_SLUG, seed_conference
from demo.schedule import LEFT_UNSCHEDULED, seed_schedule
from schedule.models import ScheduleRelease, ScheduleSlot
from schedule.selectors import unscheduled_talks

pytestmark = pytest.mark.django_db


def test_demo_builds_and_releases_the_programme(db):
    call_command("seed_demo", stdout=None)
    conference = Conference.objects.get(slug=DEMO_SLUG)
    accepted = Submission.objects.filter(conference=conference, state__in=["accepted", "confirmed"]).count()

    slots = ScheduleSlot.objects.filter(conference=conference)
    assert slots.filter(kind="keynote", room=None).count() == 3
    assert slots.filter(kind="lunch").count() == 3 and slots.filter(kind="social").count() == 1
    assert slots.filter(submission__isnull=False).count() == accepted - LEFT_UNSCHEDULED > 100
    assert unscheduled_talks(conference).count() == LEFT_UNSCHEDULED
    release = ScheduleRelease.objects.get(conference=conference)
    assert (release.version, len(release.changelog["added"])) == ("v1", accepted - LEFT_UNSCHEDULED)

    call_command("seed_demo", stdout=None)

    assert ScheduleRelease.objects.count() == 1
    assert ScheduleSlot.objects.count() == slots.count()


def test_demo_without_accepted_talks_releases_nothing(db):
    people = seed_conference(size="small")["people"]

    seed_schedule(people=people)

    assert ScheduleRelease.objects.count() == 0
