"""The mentor's and the speaker's paths through office hours in a real browser (Debian's Chromium,
headless), with axe-core on the slot list and the mentor's page."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from office_hours.models import Booking, Slot
from tests.browser import assert_accessible
from tests.office_hours.conftest import PARIS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mentor_publishes_and_first_time_speaker_books_in_local_time(
    live_server, open_page, conference, mentor, speaker, other_speaker, oh_settings
):
    oh_settings.priority_hours = 48
    oh_settings.channel_name = "#summit-office-hours"
    oh_settings.save()
    base = live_server.url
    day = (timezone.now() + dt.timedelta(days=2)).astimezone(PARIS).date()

    # The mentor, in Paris, publishes every-week slots: 17:00–18:00 in 20-minute slots for two weeks.
    page = open_page(mentor, timezone_id=mentor.timezone)
    page.goto(f"{base}/{conference.slug}/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name="Publish slots").click()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("From").fill("17:00")
    page.get_by_label("Until:", exact=True).fill("18:00")
    page.get_by_label("Repeat every week").check()
    page.get_by_label("Repeat until").fill((day + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Video call link").fill("https://meet.example.org/marie")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("6 slots published.")).to_be_visible()
    assert_accessible(page)
    first = Slot.objects.order_by("starts_at").first()

    # A first-time speaker in Los Angeles sees the slot at 08:00 local time (17:00 Paris), during the
    # priority window, and books it.
    ada = open_page(speaker, timezone_id=speaker.timezone)
    ada.goto(f"{base}/{conference.slug}/office-hours/")
    expect(ada.get_by_text("First-time speaker: you may book slots before everyone else.")).to_be_visible()
    row = ada.get_by_role("row").filter(has_text=first.starts_at.astimezone(PARIS).strftime("%a %-d %b")).first
    expect(row).to_contain_text("08:00–08:20 (America/Los_Angeles)")
    assert_accessible(ada)
    row.get_by_role("link", name=re.compile("Book")).click()
    ada.get_by_label("What I want help with").fill("Is my abstract clear enough?")
    ada.get_by_role("button", name="Book this slot").click()
    expect(ada.get_by_text("Booked. We e-mailed you and the mentor a calendar invite.")).to_be_visible()
    expect(ada.get_by_text("#summit-office-hours")).to_be_visible()
    invite = next(m for m in mail.outbox if m.to == [speaker.email]).attachments[0][1]
    assert "METHOD:REQUEST" in invite and "BEGIN:VTIMEZONE" in invite

    # A second speaker cannot take the same one-to-one slot.
    alan = open_page(other_speaker, timezone_id=other_speaker.timezone)
    alan.goto(f"{base}/{conference.slug}/office-hours/slots/{first.code}/")
    alan.get_by_label("What I want help with").fill("Me too, please")
    alan.get_by_role("button", name="Book this slot").click()
    expect(alan.get_by_text("This slot was just taken. Please choose another one.")).to_be_visible()
    expect(alan.get_by_label("What I want help with")).to_have_value("Me too, please")

    # Ada cancels; the calendar cancellation goes out.
    ada.get_by_role("button", name="Cancel my booking").click()
    ada.get_by_role("button", name="Yes, cancel my booking").click()
    expect(ada.get_by_text("Your booking is cancelled.")).to_be_visible()
    assert Booking.objects.get().status == "cancelled"
    assert "METHOD:CANCEL" in [m for m in mail.outbox if m.to == [speaker.email]][-1].attachments[0][1]
