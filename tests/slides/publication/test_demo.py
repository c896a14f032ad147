"""The demo's published media on the 2019 conference: most finals public, most talks with a video."""

import pytest
from django.core.management import call_command

from conference.models import Conference
from demo.conference import DEMO_SLUG
from demo.slides_media import seed_published_media
from slides.models import Status, TalkSlides, TalkVideo

pytestmark = pytest.mark.django_db


def test_demo_publishes_most_decks_and_videos(client):
    call_command("seed_demo", stdout=None)  # it publishes 2019's media (demo/seed.py)
    conference = Conference.objects.get(slug=DEMO_SLUG)

    talks = TalkSlides.objects.filter(submission__conference=conference)
    published = talks.filter(status=Status.PUBLISHED)
    assert published.count() > 0.8 * talks.count() > 80
    assert talks.filter(publish_opt_out=True, status=Status.FINAL_IN).count() == talks.count() - published.count()
    assert TalkVideo.objects.filter(submission__conference=conference).count() > 0.8 * talks.count()
    code = published.first().submission.code
    deck = client.get(f"/{DEMO_SLUG}/talks/{code}/slides.pdf")
    assert deck.status_code == 200 and b"".join(deck.streaming_content).startswith(b"%PDF-")
    assert f"/{DEMO_SLUG}/talks/{code}/slides.pdf" in client.get(f"/{DEMO_SLUG}/talks/{code}/").content.decode()

    assert seed_published_media(conference) == {"published": 0, "videos": 0}
