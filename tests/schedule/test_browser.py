"""The attendee's path through the released schedule in a real browser (Debian's Chromium, headless):
filter, star two talks, sign in, find the calendar feed; axe-core on the grid and a talk page.
And the organiser's keyboard flow in the editor."""

import re
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from schedule.models import ScheduleSlot
from tests.browser import assert_accessible, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attendee_filters_stars_two_talks_and_finds_the_feed(
    live_server, open_page, released, conference, make_talk, rooms, organiser, at, attendee
):
    from schedule.services.releases import release_publish
    from schedule.services.slots import slot_place_talk

    third = make_talk("Streams at the edge")
    slot_place_talk(conference=conference, submission=third, room=rooms[0], starts_at=at(1, "11:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)
    cache.clear()
    base = live_server.url
    page = open_page()

    page.goto(f"{base}/{conference.slug}/schedule/list/")
    page.get_by_label("Track").select_option(label="Stream Processing")
    page.get_by_label("Level").select_option(label="Intermediate")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("2 talks match.")
    expect(page.get_by_text("Consumer lag explained")).to_have_count(0)

    page.get_by_role("button", name="Star Exactly-once in practice").click()
    page.get_by_role("button", name="Star Streams at the edge").click()
    expect(page.get_by_role("button", name="Starred Exactly-once in practice")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.get_by_role("link", name="Starred").click()
    expect(page.locator("[data-favourite]:visible")).to_have_count(2)
    expect(page.get_by_role("link", name="Sign in to get a calendar feed of your starred talks.")).to_be_visible()

    # Signed in, the browser's stars join the account and the personal feed appears.
    signed_in(page, attendee, base)
    page.reload()
    feed = page.get_by_role("link", name="Subscribe to your starred talks (iCalendar feed)")
    expect(feed).to_be_visible()
    href = feed.get_attribute("href")
    assert re.search(rf"/{conference.slug}/schedule/feed/[\w-]+\.ics$", href)
    assert sorted(attendee.favourites.values_list("submission__title", flat=True)) == [
        "Exactly-once in practice",
        "Streams at the edge",
    ]
    calendar = page.request.get(base + urlparse(href).path).text()
    assert calendar.count("BEGIN:VEVENT") == 2

    # A leaked address can be replaced.
    page.get_by_role("button", name="Replace the address (the old one stops working)").click()
    expect(feed).not_to_have_attribute("href", href)
    assert page.request.get(base + urlparse(href).path).status == 404


def test_grid_and_talk_page_have_no_serious_accessibility_violations(
    live_server, open_page, released, conference, talk
):
    page = open_page()

    page.goto(f"{live_server.url}/{conference.slug}/schedule/")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/{conference.slug}/talks/{talk.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exactly-once in practice")
    assert_accessible(page)


def test_organiser_places_a_talk_with_the_keyboard(live_server, open_page, conference, rooms, talk, organiser):
    page = open_page(organiser)

    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/")
    page.get_by_role("button", name="Place… Exactly-once in practice").click()
    place = page.locator("#place-form")
    expect(place.get_by_label("Room")).to_be_focused()
    place.get_by_label("Room").select_option(label="Golden Gate")
    place.get_by_label("Starts at").fill("10:00")
    place.get_by_label("Starts at").press("Enter")

    expect(page.get_by_text("“Exactly-once in practice” is placed.")).to_be_visible()
    assert ScheduleSlot.objects.get().room == rooms[1]
    assert_accessible(page)


def test_organiser_drags_a_talk_releases_moves_it_and_releases_again(
    live_server, open_page, conference, rooms, talk, speaker, organiser
):
    from django.core import mail

    page = open_page(organiser)
    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/2030-10-01/")

    # The drag gesture as the page's script sees it (headless Chromium's synthetic mouse drags are unreliable).
    transfer = page.evaluate_handle("() => new DataTransfer()")
    page.dispatch_event(f'[data-item="talk:{talk.code}"]', "dragstart", {"dataTransfer": transfer})
    cell = f'td.grid-empty[data-room="{rooms[1].pk}"][data-time="10:00"]'
    page.dispatch_event(cell, "dragover", {"dataTransfer": transfer})
    page.dispatch_event(cell, "drop", {"dataTransfer": transfer})
    expect(page.get_by_text("“Exactly-once in practice” is placed.")).to_be_visible()

    page.get_by_role("link", name="Releases").click()
    page.get_by_label("Version").fill("v1")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version v1 is published.")).to_be_visible()

    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/2030-10-01/")
    page.get_by_role("button", name="Move… Exactly-once in practice").click()
    place = page.locator("#place-form")
    place.get_by_label("Room").select_option(label="Yosemite")
    place.get_by_label("Starts at").fill("14:00")
    place.get_by_role("button", name="Place").click()
    expect(page.get_by_text("“Exactly-once in practice” is moved.")).to_be_visible()

    mail.outbox.clear()
    page.get_by_role("link", name="Releases").click()
    page.get_by_label("Version").fill("v2")
    page.get_by_role("button", name="Publish").click()
    expect(
        page.get_by_text(
            "1 talk moved: Exactly-once in practice (Tue 1 Oct, 10:00, Golden Gate → Tue 1 Oct, 14:00, Yosemite)"
        )
    ).to_be_visible()
    assert [message.to for message in mail.outbox] == [[speaker.email]]
    assert "has moved" in mail.outbox[0].subject


def test_anonymous_schedule_pages_make_no_request_that_fails(live_server, open_page, released, conference):
    cache.clear()
    page = open_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)

    for path in ("schedule/", "schedule/list/", "schedule/favourites/"):
        page.goto(f"{live_server.url}/{conference.slug}/{path}")
        page.wait_for_load_state("networkidle")

    assert failed == []
    expect(page.get_by_role("link", name="Sign in to get a calendar feed of your starred talks.")).to_be_visible()
