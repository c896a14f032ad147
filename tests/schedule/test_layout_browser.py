"""The layout in a real browser: at a phone's width (390×844) no main page of any role is wider than
the screen, and the header's menu and the back office's sidebar fold behind buttons that open and
close; at a laptop's width (1366×900) the header stays one row and the sidebar marks the page.

The world is the schedule's (a released programme with two talks), with an open call, office hours
and a reviewer, so that every role's main pages have something to show."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible
from tests.factories import ConferenceFactory, ConferenceRoleFactory, OfficeHoursSettingsFactory
from tests.factories.review import AssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def world(conference, released, talk, organiser):
    now = timezone.now()
    conference.cfp_opens_at, conference.cfp_closes_at = now - dt.timedelta(days=1), now + dt.timedelta(days=30)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    OfficeHoursSettingsFactory(conference=conference)
    return conference


def widest(page: Page) -> list[str]:
    """The elements sticking out on the right, to say what to fix when the page is too wide."""
    return page.evaluate(
        """() => { const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter(element => element.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(element => `${element.tagName.toLowerCase()}.${element.className}`); }"""
    )


def assert_fits_the_phone(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{url} is {scroll_width}px wide: {widest(page)}"


def on_phone(open_page, user=None) -> Page:
    page = open_page(user)
    page.set_viewport_size(PHONE)
    return page


def test_anonymous_pages_fit_a_phone(live_server, open_page, world, talk, speaker):
    page = on_phone(open_page)
    slug = world.slug
    for path in ("/", f"/{slug}/", f"/{slug}/schedule/", f"/{slug}/talks/{talk.code}/", f"/{slug}/speakers/"):
        assert_fits_the_phone(page, live_server.url + path)
    assert_fits_the_phone(page, f"{live_server.url}/accounts/login/")
    assert_accessible(page)


def test_speaker_pages_fit_a_phone(live_server, open_page, world, speaker):
    page = on_phone(open_page, speaker)
    slug = world.slug
    for path in ("/me/submissions/", f"/{slug}/cfp/new/", "/profile/", f"/{slug}/office-hours/", "/me/slides/"):
        assert_fits_the_phone(page, live_server.url + path)


def test_reviewer_pages_fit_a_phone(live_server, open_page, world, make_talk, other_speaker, reviewer):
    proposal = make_talk("Tiered storage in production", speakers=[other_speaker], state="submitted")
    AssignmentFactory(submission=proposal, reviewer=reviewer)
    page = on_phone(open_page, reviewer)
    for path in (f"/{world.slug}/reviewing/", f"/{world.slug}/reviewing/{proposal.code}/"):
        assert_fits_the_phone(page, live_server.url + path)


def test_organiser_pages_fit_a_phone(live_server, open_page, world, organiser):
    page = on_phone(open_page, organiser)
    for part in ("", "submissions/", "review/ranking/", "schedule/", "slides/"):
        assert_fits_the_phone(page, f"{live_server.url}/manage/{world.slug}/{part}")


def test_the_schedule_grid_is_a_list_per_time_on_a_phone(live_server, open_page, world):
    page = on_phone(open_page)
    page.goto(f"{live_server.url}/{world.slug}/schedule/")

    talk = page.locator("td.grid-slot", has_text="Exactly-once in practice")
    expect(talk).to_have_attribute("data-label", "Golden Gate")
    beside = page.locator("td.grid-slot", has_text="Consumer lag explained")
    # One below the other, both at full width, rather than side by side in a grid.
    mine, other = talk.bounding_box(), beside.bounding_box()
    assert mine and other and other["y"] >= mine["y"] + mine["height"] and mine["width"] > 300


def test_header_menu_opens_and_closes_on_a_phone(live_server, open_page, world, speaker):
    page = on_phone(open_page, speaker)
    page.goto(f"{live_server.url}/me/submissions/")
    menu = page.get_by_role("button", name="Menu")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Speaker profile")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()
    assert_accessible(page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()

    # Escape closes it too and gives the focus back to the button.
    menu.click()
    link.focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()


def test_back_office_sidebar_folds_on_a_phone(live_server, open_page, world, organiser):
    page = on_phone(open_page, organiser)
    page.goto(f"{live_server.url}/manage/{world.slug}/submissions/")
    toggle = page.get_by_role("button", name="Back office menu")
    sidebar = page.get_by_role("navigation", name="Back office")

    expect(sidebar).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sidebar.get_by_role("link", name="Submissions")).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    toggle.click()
    expect(sidebar).to_be_hidden()


def test_header_is_one_row_on_a_laptop(live_server, open_page, world, organiser):
    # An organiser of two conferences with long names, who also reviews: the most links a header has.
    other = ConferenceFactory(name="Kafka Summit London and the European Streaming Community Days 2031")
    ConferenceRoleFactory(conference=other, user=organiser, role="organiser")
    ConferenceRoleFactory(conference=other, user=organiser, role="reviewer")
    page = open_page(organiser)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/manage/{world.slug}/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    boxes = [
        page.locator(selector).bounding_box()
        for selector in (".site-header .brand", ".site-header nav", ".site-header .header-tools")
    ]
    # One row: every part of the header overlaps the others vertically.
    assert all(boxes)
    assert max(box["y"] for box in boxes) < min(box["y"] + box["height"] for box in boxes)
    assert page.locator(".site-header").bounding_box()["height"] < 90

    # The back office's sidebar is open beside the page, marking it, grouped by stage.
    sidebar = page.get_by_role("navigation", name="Back office")
    expect(sidebar.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    expect(sidebar.locator(".sidebar-heading")).to_have_text(
        ["Setup", "Call for papers", "Review", "Schedule", "Office hours", "Slides", "Communication", "Events"]
    )
    sidebar.get_by_role("link", name="Ranking and decisions").click()
    expect(sidebar.get_by_role("link", name="Ranking and decisions")).to_have_attribute("aria-current", "page")
    expect(sidebar.get_by_role("link", name="Overview")).not_to_have_attribute("aria-current", "page")

    # The conferences' links wait in a drop-down that opens on a click.
    page.get_by_text("Your conferences").click()
    expect(page.get_by_role("link", name=f"Back office: {other.name}")).to_be_visible()
    assert_accessible(page)
