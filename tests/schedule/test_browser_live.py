"""The day itself in a real browser (Debian's Chromium, headless): a room's door display shows a
schedule change once the release is out, by its own poll; the programme installs and works with the
network off."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from schedule.models import ScheduleSlot
from schedule.services.releases import release_publish
from schedule.services.slots import slot_move
from tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_room_display_shows_a_change_after_a_new_release(
    live_server, open_page, released, conference, rooms, organiser, at, settings
):
    settings.SCHEDULE_LIVE_POLL_SECONDS = 1  # the screens ask every 30 s; the test need not wait that long
    cache.clear()
    page = open_page(organiser)

    page.goto(f"{live_server.url}/{conference.slug}/rooms/yosemite/display/?at=2030-09-30T10:15")
    expect(page.get_by_role("heading", name="Yosemite", level=1)).to_be_visible()
    expect(page.locator(".display-now")).to_contain_text("Consumer lag explained")
    expect(page.locator(".display-next")).to_contain_text("Nothing more scheduled")
    assert_accessible(page)

    slot = ScheduleSlot.objects.get(submission__title="Exactly-once in practice")
    slot_move(slot=slot, room=rooms[2], starts_at=at(0, "11:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)

    # No reload: the poll brings the new release.
    expect(page.locator(".display-notices")).to_contain_text(
        "Moved here from Golden Gate: “Exactly-once in practice” at 11:00"
    )
    expect(page.locator(".display-next")).to_contain_text("Exactly-once in practice")
    expect(page.locator(".display-next .change-badge")).to_have_text("Moved here from Golden Gate")


def test_programme_installs_and_works_offline(live_server, open_page, released, conference):
    cache.clear()
    page = open_page()
    base = f"{live_server.url}/{conference.slug}"

    page.goto(f"{base}/schedule/")
    cache_name = page.evaluate(
        "navigator.serviceWorker.ready.then(() => caches.keys())"
        ".then(names => names.filter(name => name.startsWith('summit-')))"
    )
    assert cache_name == [f"summit-{conference.slug}-{released.pk}-v1"]
    # Chromium's own installability check: a manifest with its icons, a worker with a fetch handler.
    # Playwright's contexts are incognito profiles, where Chromium never offers to install: that one
    # reason is the browser's, not the page's, so every other reason must be absent.
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    assert session.send("Page.getAppManifest")["errors"] == []
    expect(page.locator("[data-offline-banner]")).to_be_hidden()

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("[data-offline-banner]")).to_have_text("Offline — showing release v1")
    page.get_by_role("link", name="Exactly-once in practice").first.click()

    expect(page.get_by_role("heading", name="Exactly-once in practice", level=1)).to_be_visible()
    expect(page.get_by_text("What it costs & when it pays.")).to_be_visible()
    expect(page.locator("[data-offline-banner]")).to_have_text("Offline — showing release v1")
    page.get_by_role("link", name="Speakers").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("[data-offline-banner]")).to_be_visible()
