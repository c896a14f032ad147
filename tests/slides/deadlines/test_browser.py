"""The organiser's path through the slide deadlines in a real browser (Debian's Chromium, headless),
with axe-core on each page: the dashboard shows a late talk, the organiser extends its deadline,
and the talk leaves the late list for the extensions granted."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from slides.models import DeadlineExtension, Status, TalkSlides
from slides.services.lateness import talk_flag_late
from tests.browser import assert_accessible
from tests.factories.cfp import SubmissionFactory
from tests.slides.deadlines.helpers import DRAFT_DUE, london, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_finds_a_late_talk_and_extends_its_deadline(
    live_server, open_page, organiser, conference, talk, track, mentor
):
    drafted = SubmissionFactory(conference=conference, track=track, state="accepted", title="Kafka at scale")
    upload(drafted, "draft")
    talk_flag_late(submission=talk, now=DRAFT_DUE + dt.timedelta(minutes=1))
    base = live_server.url

    page = open_page(organiser, timezone_id="Europe/London")
    page.goto(f"{base}/manage/{conference.slug}/")
    page.get_by_role("link", name="Slides", exact=True).click()
    expect(page.get_by_role("heading", name="Slides", exact=True)).to_be_visible()
    late = page.get_by_role("region", name="Late")
    expect(late.get_by_role("row").filter(has_text="Exactly-once in practice")).to_contain_text(
        "Ada Lovelace, Béatrice Durand"
    )
    expect(page.get_by_role("img", name="Slide uploads per day against the deadlines")).to_be_visible()
    assert_accessible(page)

    late.get_by_role("link", name="Extend the deadlines of Exactly-once in practice").click()
    expect(page.get_by_role("heading", name="Slide deadlines: Exactly-once in practice")).to_be_visible()
    assert_accessible(page)
    # A date in the past is refused, and what was typed stays.
    page.get_by_role("radio", name="Draft").check()
    page.get_by_label("New deadline").fill("2020-01-01T10:00")
    page.get_by_label("Reason").fill("Visa trouble, deck nearly done")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("The new deadline must be in the future.")).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_value("Visa trouble, deck nearly done")
    assert_accessible(page)

    page.get_by_label("New deadline").fill("2030-09-23T18:00")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("The deadline is extended.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Visa trouble, deck nearly done")).to_be_visible()
    record = TalkSlides.objects.get(submission=talk)
    assert (record.status, record.draft_due_extended_to) == (Status.MISSING, london(9, 23, 18))
    assert DeadlineExtension.objects.get().granted_by == organiser

    page.get_by_role("link", name="Back to the slides dashboard").click()
    expect(page.get_by_role("region", name="Late")).to_contain_text("No talk is late.")
    expect(page.get_by_role("region", name="Extensions granted")).to_contain_text("Exactly-once in practice")

    # The settings page: appoint the mentor to read the track's drafts.
    page.get_by_role("link", name="Settings: limits, reminders, slide reviewers").click()
    assert_accessible(page)
    page.get_by_label("E-mail address of their account").fill(mentor.email)
    page.get_by_role("checkbox", name="Stream processing").check()
    page.get_by_role("button", name="Appoint").click()
    expect(page.get_by_text("reviews slides now.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Slide reviewers").get_by_role("row").filter(has_text=mentor.email)
    ).to_contain_text("Stream processing")
    assert_accessible(page)
