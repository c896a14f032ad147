"""What the public sees: the deck download 404s until publication, then the talk page, the schedule
API and the exports (valid against the vendored schemas) show the deck and the video at once,
although the pages stay cached."""

import json
from pathlib import Path

import pytest
import xmlschema
from django.conf import settings
from jsonschema import Draft6Validator

from slides.media import embed_url
from slides.services.publication import set_opt_out, set_publish_at
from slides.services.videos import video_set

pytestmark = pytest.mark.django_db
SCHEMAS = Path(settings.BASE_DIR) / "schedule" / "schemas"


def publish(talk, organiser, at):
    set_publish_at(submission=talk, publish_at=at(-3000, "08:00"), by=organiser)


def test_deck_is_not_found_before_publication(client, conference, talks, final, organiser_client):
    final(talks[0])
    url = f"/{conference.slug}/talks/{talks[0].code}/slides.pdf"

    assert client.get(url).status_code == 404
    # Not even organisers: this address serves published decks only.
    assert organiser_client.get(url).status_code == 404


def test_deck_is_served_after_publication_and_gone_after_opt_out(client, conference, talks, final, organiser, at):
    version = final(talks[1])
    publish(talks[1], organiser, at)
    url = f"/{conference.slug}/talks/{talks[1].code}/slides.pdf"

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == version.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")

    set_opt_out(submission=talks[1], user=talks[1].speakers.first(), opt_out=True)
    assert client.get(url).status_code == 404


def test_talk_page_shows_deck_and_video_at_once_while_cached(
    client, conference, talks, final, organiser, at, django_capture_on_commit_callbacks
):
    talk = talks[0]
    page_url = f"/{conference.slug}/talks/{talk.code}/"
    before = client.get(page_url).content.decode()
    assert "slides.pdf" not in before
    assert client.get(page_url).content.decode() == before  # cached

    final(talk)
    with django_capture_on_commit_callbacks(execute=True):  # forgets the cached pointer, as on commit
        publish(talk, organiser, at)
        video_set(submission=talk, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", by=organiser)
    after = client.get(page_url).content.decode()

    assert f"/{conference.slug}/talks/{talk.code}/slides.pdf" in after
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in after
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in after  # the link fallback


def test_other_video_hosts_are_linked_not_framed(client, conference, talks, organiser):
    video_set(submission=talks[0], url="https://media.example.org/talks/42", by=organiser)

    page = client.get(f"/{conference.slug}/talks/{talks[0].code}/").content.decode()

    assert 'href="https://media.example.org/talks/42"' in page and "<iframe" not in page


def test_talk_page_csp_allows_only_the_privacy_friendly_players(client, conference, talks):
    policy = client.get(f"/{conference.slug}/talks/{talks[0].code}/")["Content-Security-Policy"]

    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy


def test_exports_list_deck_as_attachment_and_video_as_link(client, conference, talks, final, organiser, at):
    final(talks[0])
    publish(talks[0], organiser, at)
    video_set(submission=talks[0], url="https://vimeo.com/76979871", by=organiser)
    deck = f"{settings.SITE_URL}/{conference.slug}/talks/{talks[0].code}/slides.pdf"

    xml = client.get(f"/{conference.slug}/schedule.xml").content
    data = json.loads(client.get(f"/{conference.slug}/schedule.json").content)

    xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd")).validate(xml)
    Draft6Validator(json.loads((SCHEMAS / "schedule.json").read_text())).validate(data)
    assert f'<attachment href="{deck}" type="slides">Slides</attachment>'.encode() in xml
    assert b'<link href="https://vimeo.com/76979871" type="video">Video</link>' in xml
    events = [e for day in data["schedule"]["conference"]["days"] for r in day["rooms"].values() for e in r]
    of_talk = f"/talks/{talks[0].code}/"
    event = next(e for e in events if e["url"].endswith(of_talk))
    assert event["attachments"] == [{"type": "slides", "url": deck, "title": "Slides"}]
    assert event["links"] == [{"type": "media", "url": "https://vimeo.com/76979871", "title": "Video"}]
    assert all(e["attachments"] == [] for e in events if not e["url"].endswith(of_talk))


def test_schedule_api_lists_published_media_only(client, conference, talks, final, organiser, at):
    final(talks[0])
    final(talks[1])
    publish(talks[0], organiser, at)

    rows = client.get(f"/api/conferences/{conference.slug}/schedule/talks/").json()

    by_code = {row["code"]: row for row in rows}
    assert by_code[talks[0].code]["slides"]["url"].endswith(f"/talks/{talks[0].code}/slides.pdf")
    assert by_code[talks[1].code]["slides"] is None
    assert "video_url" not in by_code[talks[0].code]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube"),
        ),
        ("https://youtu.be/dQw4w9WgXcQ", ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube")),
        ("https://m.youtube.com/live/dQw4w9WgXcQ", ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube")),
        ("https://www.youtube.com/@confluent", ("", "YouTube")),
        ("https://vimeo.com/76979871", ("https://player.vimeo.com/video/76979871?dnt=1", "Vimeo")),
        ("https://vimeo.com/channels/staffpicks", ("", "Vimeo")),
        ("https://media.example.org/v/1", ("", "media.example.org")),
    ],
)
def test_embed_url_uses_privacy_friendly_players(url, expected):
    assert embed_url(url) == expected


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(
    ("page", "queries"), [("talks/{code}/", 4), ("schedule.json", 4), ("schedule.xml", 4), ("schedule/", 2)]
)
def test_public_pages_with_media_make_constant_queries(
    django_assert_num_queries, client, conference, rooms, make_talk, speaker, organiser, at, final, size, page, queries
):
    from django.core.cache import cache

    from schedule.services.releases import release_publish
    from schedule.services.slots import slot_place_talk
    from schedule.views import _programmes

    codes = []
    for n in range(size):
        talk = make_talk(f"Talk {n}", speakers=[speaker])
        slot_place_talk(
            conference=conference, submission=talk, room=rooms[0], starts_at=at(0, f"{9 + n:02d}:00"), by=organiser
        )
        final(talk)
        publish(talk, organiser, at)
        video_set(submission=talk, url=f"https://vimeo.com/1234567{n}", by=organiser)
        codes.append(talk.code)
    release_publish(conference=conference, version="v1", by=organiser)
    cache.clear()
    _programmes.clear()

    with django_assert_num_queries(queries):
        response = client.get(f"/{conference.slug}/{page.format(code=codes[0])}")

    assert response.status_code == 200
    if page != "schedule/":
        assert response.content.count(b"vimeo.com/1234567") >= (1 if page.startswith("talks") else size)


def test_beat_task_publishes_due_decks(talks, final):
    from slides.publication_tasks import publish_due_decks

    final(talks[0])

    # The conference is in 2030: nothing is due yet today.
    assert publish_due_decks.apply().get() == 0
