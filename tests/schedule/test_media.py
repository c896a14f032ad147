"""The schedule's media seam: the schedule shows whatever published media its one provider reports,
and with none registered it works and shows none (the slides app registers the real one)."""

import pytest
from django.db.models import IntegerField, Value

from schedule import cache, media
from schedule.media import Deck, TalkMedia, Video

pytestmark = pytest.mark.django_db


class OneDeck:
    """A provider reporting one deck and video for the talk, at media generation 7."""

    def __init__(self, code: str):
        self.code = code

    def public_media(self, slug: str) -> dict[str, TalkMedia]:
        deck = Deck(url=f"/{slug}/decks/{self.code}.pdf", version=2, page_count=10, size_bytes=1000)
        return {self.code: TalkMedia(deck=deck, video=Video(url="https://media.example/1", embed_url="", provider="x"))}

    def generation(self, conference_ref):
        return Value(7, output_field=IntegerField())


@pytest.fixture
def provider():
    """Whatever is registered during the test, the slides app's provider again afterwards."""
    registered = media._provider
    yield media.register_provider
    media.register_provider(registered)


def test_schedule_without_a_media_provider_shows_no_media(client, conference, released, talk, provider):
    provider(None)

    page = client.get(f"/{conference.slug}/talks/{talk.code}/")
    slots = client.get(f"/api/conferences/{conference.slug}/schedule/talks/").json()

    assert page.status_code == 200
    assert [(slot["slides"], slot["video"]) for slot in slots] == [(None, None), (None, None)]
    assert cache.current(conference.slug).media == 0


def test_schedule_shows_the_media_its_provider_reports(client, conference, released, talk, provider):
    provider(OneDeck(talk.code))
    cache.forget_latest_release(conference.slug)

    page = client.get(f"/{conference.slug}/talks/{talk.code}/").content.decode()
    slots = {slot["code"]: slot for slot in client.get(f"/api/conferences/{conference.slug}/schedule/talks/").json()}

    assert f"/{conference.slug}/decks/{talk.code}.pdf" in page
    assert slots[talk.code]["slides"]["version"] == 2
    assert slots[talk.code]["video"] == {"url": "https://media.example/1", "embed_url": None}
    assert cache.current(conference.slug).media == 7
