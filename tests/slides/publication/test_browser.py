"""In a real browser (Debian's Chromium, headless): the organiser downloads the AV pack for room 1
on day 1 and it holds the right decks in order; an anonymous visitor cannot reach a deck before
publication and finds it on the talk page after the talk, with the video. axe-core on both pages."""

import io
import zipfile

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from slides.services.publication import publish_due
from slides.services.videos import video_set
from tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_downloads_the_av_pack_for_room_1_day_1(
    live_server, open_page, conference, rooms, talks, final, organiser
):
    first, second, elsewhere = talks
    decks = {first.code: final(first), second.code: final(second)}
    final(elsewhere)  # Room 2: not in this pack
    page = open_page(organiser)

    page.goto(f"{live_server.url}/manage/{conference.slug}/slides/av-pack/")
    page.get_by_label("Room").select_option(label="Room 1")
    page.get_by_label("Day").select_option(value=conference.start_date.isoformat())
    page.get_by_role("button", name="Show the running order").click()
    expect(page.get_by_role("listitem").filter(has_text="Consumer lag explained")).to_have_count(1)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the ZIP").click()
    download = download_info.value

    assert download.suggested_filename == f"{conference.slug}-room-1-{conference.start_date.isoformat()}.zip"
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    assert archive.namelist() == [
        "README.txt",
        "09\u223630 – Alan Turing – Consumer lag explained.pdf",
        "11\u223600 – Ada Lovelace – Streams a b testing.pdf",
    ]
    assert archive.read(archive.namelist()[1]) == decks[first.code].file.open("rb").read()
    assert archive.read(archive.namelist()[2]) == decks[second.code].file.open("rb").read()


def test_anonymous_visitor_finds_deck_and_video_after_the_talk(
    live_server, open_page, conference, talks, final, organiser, at
):
    talk = talks[0]
    deck = final(talk)
    cache.clear()
    page = open_page()
    deck_url = f"{live_server.url}/{conference.slug}/talks/{talk.code}/slides.pdf"

    assert page.request.get(deck_url).status == 404  # before publication: no public address at all

    publish_due(now=at(0, "12:00"))  # the talk ended at 10:10
    video_set(submission=talk, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", by=organiser)
    page.goto(f"{live_server.url}/{conference.slug}/talks/{talk.code}/", wait_until="domcontentloaded")

    expect(page.get_by_role("heading", name="Video and slides")).to_be_visible()
    expect(page.get_by_title("Video of “Consumer lag explained”")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    expect(page.get_by_role("link", name="Watch the video on YouTube")).to_be_visible()
    link = page.get_by_role("link", name="Download the slides")
    expect(link).to_be_visible()
    assert_accessible(page)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.body() == deck.file.open("rb").read()
