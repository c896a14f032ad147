"""Attendee pages: only the latest release, never the draft; filters, search, talk and speaker
pages, ETags, the personal calendar feed."""

import pytest
from django.core.cache import cache

from schedule.models import ScheduleSlot
from schedule.services.attendees import favourite_add, feed_token_for
from schedule.services.releases import release_publish
from schedule.services.slots import slot_move, slot_place_talk

pytestmark = pytest.mark.django_db


def test_schedule_is_not_found_before_a_release(client, conference, rooms, talk, organiser, at):
    slot_place_talk(conference=conference, submission=talk, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)

    assert client.get(f"/{conference.slug}/schedule/").status_code == 404
    assert client.get(f"/{conference.slug}/schedule.xml").status_code == 404
    assert client.get(f"/{conference.slug}/talks/{talk.code}/").status_code == 404


def test_schedule_of_a_private_conference_is_not_found(client, conference, released):
    conference.is_public = False
    conference.save()
    cache.clear()

    assert client.get(f"/{conference.slug}/schedule/").status_code == 404


def test_schedule_grid_shows_the_release_not_the_draft(client, conference, released, rooms, talk, organiser, at):
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "16:00"), by=organiser)

    page = client.get(f"/{conference.slug}/schedule/").content.decode()

    assert "Exactly-once in practice" in page and "Consumer lag explained" in page
    assert "Golden Gate" in page
    assert 'rowspan="4"' in page  # 40 minutes in 10-minute rows


def test_schedule_shows_the_new_release_once_published(client, conference, released, rooms, talk, organiser, at):
    slot_move(slot=ScheduleSlot.objects.get(submission=talk), room=rooms[2], starts_at=at(1, "16:00"), by=organiser)
    release_publish(conference=conference, version="v2", by=organiser)
    cache.clear()  # what the publish's on-commit hook does

    page = client.get(f"/{conference.slug}/schedule/2030-10-01/").content.decode()

    assert "Exactly-once in practice" in page
    assert "Schedule v2." in page


def test_schedule_filters_by_track_and_level(client, conference, released):
    response = client.get(f"/{conference.slug}/schedule/list/", {"track": "stream-processing", "level": "intermediate"})

    page = response.content.decode()
    assert "Exactly-once in practice" in page and "Consumer lag explained" not in page
    assert "1 talk matches." in page


def test_schedule_search_finds_speakers_and_titles(client, conference, released):
    by_name = client.get(f"/{conference.slug}/schedule/list/", {"q": "turing"}).content.decode()
    by_room = client.get(f"/{conference.slug}/schedule/", {"room": "999"}).content.decode()

    assert "Consumer lag explained" in by_name and "Exactly-once in practice" not in by_name
    assert (by_room.count("No talk matches."), by_room.count("Nothing matches")) == (1, 0)


@pytest.mark.parametrize("view", ["", "list/"])
def test_schedule_search_without_a_match_says_so_once(client, conference, released, view):
    page = client.get(f"/{conference.slug}/schedule/{view}", {"q": "no such words"}).content.decode()

    assert (page.count("No talk matches."), page.count("talks match"), page.count("Nothing matches")) == (1, 0, 0)


def test_schedule_filters_rooms_and_formats_by_slug(client, conference, released):
    page = client.get(f"/{conference.slug}/schedule/list/", {"room": "golden-gate"}).content.decode()
    by_format = client.get(f"/{conference.slug}/schedule/list/", {"type": "talk"}).content.decode()

    assert "Exactly-once in practice" in page and "Consumer lag explained" not in page
    assert '<option value="golden-gate" selected>Golden Gate</option>' in page
    assert '<option value="talk" selected>Talk</option>' in by_format


def test_schedule_day_outside_the_programme_is_not_found(client, conference, released):
    assert client.get(f"/{conference.slug}/schedule/2031-01-01/").status_code == 404


def test_talk_page_shows_the_talk(client, conference, released, talk, speaker):
    page = client.get(f"/{conference.slug}/talks/{talk.code}/").content.decode()

    assert "What it costs &amp; when it pays." in page
    assert f"/{conference.slug}/speakers/{speaker.speaker_code.code}/" in page
    assert "Golden Gate" in page and "Intermediate" in page


def test_talk_page_of_an_unknown_code_is_not_found(client, conference, released):
    assert client.get(f"/{conference.slug}/talks/NOSUCH22/").status_code == 404


def test_talk_page_never_shows_the_cfp_links_to_past_talks(client, conference, rooms, make_talk, organiser, at):
    # video_url/slides_url on a submission point reviewers at an earlier talk, not at this one: this
    # talk's own deck and video come from the slides app (tests/slides/test_public_media.py).
    conference.start_date = conference.start_date.replace(year=2019)
    conference.end_date = conference.end_date.replace(year=2019)
    conference.save()
    past = make_talk("Looking back", video_url="https://video.example/1", slides_url="https://slides.example/1")
    slot_place_talk(conference=conference, submission=past, room=rooms[1], starts_at=at(0, "10:00"), by=organiser)
    release = release_publish(conference=conference, version="v1", by=organiser)

    page = client.get(f"/{conference.slug}/talks/{past.code}/").content.decode()

    assert "video.example" not in page and "slides.example" not in page
    assert "video_url" not in release.snapshot["slots"][0] and "slides_url" not in release.snapshot["slots"][0]


def test_speaker_pages_use_public_codes(client, conference, released, speaker):
    listing = client.get(f"/{conference.slug}/speakers/").content.decode()
    detail = client.get(f"/{conference.slug}/speakers/{speaker.speaker_code.code}/").content.decode()

    assert "Ada Lovelace" in listing and "Alan Turing" in listing
    assert "Analytical Engines" in detail and "Exactly-once in practice" in detail
    assert client.get(f"/{conference.slug}/speakers/{speaker.pk}/").status_code == 404


def test_public_pages_answer_not_modified_to_their_etag(client, conference, released):
    first = client.get(f"/{conference.slug}/schedule/")

    second = client.get(f"/{conference.slug}/schedule/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, second.status_code) == (200, 304)
    assert "csrftoken" not in first.cookies and "sessionid" not in first.cookies


def test_public_pages_have_no_inline_styles_or_scripts(client, conference, released, talk):
    for url in [
        f"/{conference.slug}/schedule/",
        f"/{conference.slug}/schedule/list/",
        f"/{conference.slug}/talks/{talk.code}/",
    ]:
        page = client.get(url).content.decode()
        assert " style=" not in page
        assert "<script>" not in page


def test_favourites_page_lists_every_talk_for_the_browser_to_filter(client, conference, released, talk):
    page = client.get(f"/{conference.slug}/schedule/favourites/").content.decode()

    assert f'data-favourite="{talk.code}"' in page


def test_favourites_page_asks_to_sign_in_only_through_the_hidden_hint(client, conference, released):
    # The page is cached and the same for everyone: the script shows the hint to signed-out visitors.
    page = client.get(f"/{conference.slug}/schedule/favourites/").content.decode()

    assert page.count("Sign in") == 1
    assert '<p id="feed-sign-in" hidden>' in page


def test_favourites_feed_holds_the_starred_talks(client, conference, released, talk, attendee):
    favourite_add(user=attendee, submission=talk)
    token = feed_token_for(attendee).token

    response = client.get(f"/{conference.slug}/schedule/feed/{token}.ics")

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 1 and "Exactly-once in practice" in body


def test_favourites_feed_with_a_wrong_token_is_not_found(client, conference, released):
    assert client.get(f"/{conference.slug}/schedule/feed/not-a-token.ics").status_code == 404


def test_printable_programme_and_door_signs_are_pdfs(client, conference, released):
    programme = client.get(f"/{conference.slug}/schedule/print/programme.pdf")
    signs = client.get(f"/{conference.slug}/schedule/print/door-signs.pdf")

    assert programme["Content-Type"] == "application/pdf" and programme.content.startswith(b"%PDF")
    assert signs.content.startswith(b"%PDF")


def test_language_link_sets_the_preference_and_goes_back(client, conference, released):
    response = client.get(f"/{conference.slug}/schedule/language/fr/", {"next": f"/{conference.slug}/schedule/list/"})

    assert response.status_code == 302 and response["Location"] == f"/{conference.slug}/schedule/list/"
    assert '<html lang="fr">' in client.get(f"/{conference.slug}/schedule/list/").content.decode()


def test_language_link_refuses_foreign_redirects_and_unknown_languages(client, conference, released):
    response = client.get(f"/{conference.slug}/schedule/language/en/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/{conference.slug}/schedule/"
    assert client.get(f"/{conference.slug}/schedule/language/xx/").status_code == 404
