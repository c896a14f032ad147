"""The schedule editor at a laptop's size (1366×900) in Chromium: a talk dragged from the side panel
onto a free cell is placed, one dropped on a taken room and time is placed with the conflict reported,
and the panel's filter narrows the list."""

import pytest
from playwright.sync_api import expect

from schedule.models import ScheduleSlot
from schedule.services.slots import slot_place_talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}


def _drag(page, source: str, target: str) -> None:
    # The drag gesture as the page's script sees it (headless Chromium's synthetic mouse drags are
    # unreliable); the drop lands on the middle of the target, as a pointer would.
    page.locator(target).scroll_into_view_if_needed()
    box = page.locator(target).bounding_box()
    point = {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] / 2}
    transfer = page.evaluate_handle("() => new DataTransfer()")
    page.dispatch_event(source, "dragstart", {"dataTransfer": transfer})
    page.dispatch_event(target, "dragover", {"dataTransfer": transfer} | point)
    page.dispatch_event(target, "drop", {"dataTransfer": transfer} | point)


def test_organiser_drags_from_the_panel_onto_a_free_cell_at_laptop_size(
    live_server, open_page, conference, rooms, talk, organiser
):
    page = open_page(organiser)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/2030-10-01/")
    card = page.locator(f'.editor-panel [data-item="talk:{talk.code}"]')
    cell = f'td.grid-empty[data-room="{rooms[2].pk}"][data-time="11:00"]'
    # Both ends of the drag are on the screen at once: the panel sits beside the grid, not below it.
    expect(card).to_be_in_viewport()
    page.locator(cell).scroll_into_view_if_needed()
    expect(card).to_be_in_viewport()

    _drag(page, f'.editor-panel [data-item="talk:{talk.code}"]', cell)

    expect(page.get_by_text("“Exactly-once in practice” is placed.")).to_be_visible()
    slot = ScheduleSlot.objects.get(submission=talk)
    assert (slot.room, slot.starts_at.astimezone(conference.tzinfo).strftime("%H:%M")) == (rooms[2], "11:00")
    expect(page.locator(".editor-panel")).to_contain_text("Every accepted talk is in the schedule.")


def test_organiser_dropping_on_a_taken_cell_is_told_of_the_conflict(
    live_server, open_page, conference, rooms, talk, other_talk, organiser, at
):
    slot_place_talk(conference=conference, submission=other_talk, room=rooms[1], starts_at=at(1, "10:00"), by=organiser)
    page = open_page(organiser)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/2030-10-01/")

    _drag(page, f'.editor-panel [data-item="talk:{talk.code}"]', f'td.grid-slot[data-room="{rooms[1].pk}"]')

    expect(page.get_by_text("“Exactly-once in practice” is placed.")).to_be_visible()
    expect(page.locator(".messages").get_by_text("Golden Gate is double-booked", exact=False).first).to_be_visible()
    assert ScheduleSlot.objects.get(submission=talk).room == rooms[1]


def test_organiser_filters_the_panel_by_track(live_server, open_page, conference, rooms, talk, other_talk, organiser):
    page = open_page(organiser)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/manage/{conference.slug}/schedule/")
    panel = page.locator(".editor-panel")
    expect(panel.locator("[data-item]")).to_have_count(2)

    panel.get_by_label("Track").select_option(label="Core")

    expect(panel.locator("[data-item]")).to_have_count(1)
    expect(panel.locator("[data-item]")).to_contain_text("Consumer lag explained")
    expect(panel).to_contain_text("1 shown")
    assert "panel_track=core" in page.url
