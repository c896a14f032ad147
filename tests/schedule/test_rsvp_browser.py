"""The RSVP journey in a real browser (Debian's Chromium): one attendee takes the last seat, a second
joins the waiting line, the first cancels and the second is promoted at once, with an e-mail and a
calendar invite; the grid's label follows. axe-core on the talk page with its panel."""

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from schedule.models import Reservation
from schedule.services.rsvp import seating_configure
from tests.browser import assert_accessible
from tests.factories import EmailAddressFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reserve_then_waitlist_then_promotion(live_server, open_page, released, conference, talk, organiser):
    seating_configure(submission=talk, rsvp_required=True, capacity=1, by=organiser)
    first = EmailAddressFactory(user__email="first@summit.test", user__name="First Fan").user
    second = EmailAddressFactory(user__email="second@summit.test", user__name="Second Fan").user
    talk_url = f"{live_server.url}/{conference.slug}/talks/{talk.code}/"
    cache.clear()

    page = open_page(first)
    page.goto(talk_url)
    expect(page.get_by_text("1 seat left.")).to_be_visible()
    page.get_by_role("button", name="Reserve a seat").click()
    expect(page.get_by_text("Your seat is reserved.")).to_be_visible()
    expect(page.get_by_text("You have a seat.")).to_be_visible()
    assert_accessible(page)

    other = open_page(second)
    other.goto(talk_url)
    other.get_by_role("button", name="Join the waiting list").click()
    expect(other.get_by_text("The session is full: you are on the waiting list.")).to_be_visible()
    expect(other.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    # The labels may be a minute late, in Summit's cache and in the browser's (max-age): a visitor
    # new to both reads them afresh.
    cache.clear()
    newcomer = open_page()
    newcomer.goto(f"{live_server.url}/{conference.slug}/schedule/")
    expect(newcomer.locator(f"#seats-{talk.code}")).to_have_text("RSVP: full, waiting list 1")

    mail.outbox.clear()
    page.get_by_role("button", name="Cancel my seat").click()
    expect(page.get_by_text("Your place is cancelled.")).to_be_visible()
    expect(page.get_by_role("button", name="Reserve a seat")).to_have_count(0)  # full again: second has it
    expect(page.get_by_role("button", name="Join the waiting list")).to_be_visible()

    other.goto(talk_url)
    expect(other.get_by_text("You have a seat.")).to_be_visible()
    assert Reservation.objects.get(user=second).status == "confirmed"
    promoted = [message for message in mail.outbox if message.to == [second.email]]
    assert len(promoted) == 1
    assert "A seat came free for you" in promoted[0].subject
    assert promoted[0].attachments[0][0] == "invite.ics"
