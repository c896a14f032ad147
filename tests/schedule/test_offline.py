"""The installable, offline programme: the manifest, the service worker and the list of what it
keeps (exactly the current release's public pages), which a new release replaces."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from schedule.services.releases import release_publish

pytestmark = pytest.mark.django_db


def test_manifest_makes_the_programme_installable(client, conference, released):
    response = client.get(reverse("schedule:manifest", args=[conference.slug]))

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Kafka Summit Test"
    assert manifest["start_url"] == f"/{conference.slug}/schedule/"
    assert manifest["scope"] == f"/{conference.slug}/"
    assert manifest["display"] == "standalone"
    assert [icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"] == ["192x192", "512x512"]


def test_offline_list_is_exactly_the_release_pages(client, conference, released):
    response = client.get(reverse("schedule:offline-list", args=[conference.slug]))

    listed = json.loads(response.content)
    slug = conference.slug
    codes = sorted(slot["code"] for slot in released.snapshot["slots"] if slot["code"])
    speakers = sorted(speaker["code"] for speaker in released.snapshot["speakers"])
    pages = [url for url in listed["urls"] if not url.startswith("/static/")]
    assert listed["release"] == "v1"
    assert listed["cache"] == f"summit-{slug}-{released.pk}-v1"
    assert sorted(pages) == sorted(
        [
            f"/{slug}/schedule/",
            f"/{slug}/schedule/2030-09-30/",
            f"/{slug}/schedule/list/",
            f"/{slug}/schedule/favourites/",
            f"/{slug}/speakers/",
            *(f"/{slug}/speakers/{code}/" for code in speakers),
            *(f"/{slug}/talks/{code}/" for code in codes),
        ]
    )
    assert "/static/js/offline.js" in listed["urls"]
    for url in listed["urls"]:
        if not url.startswith("/static/"):
            assert client.get(url).status_code == 200, url


def test_service_worker_is_scoped_to_the_conference_and_named_after_the_release(
    client, conference, released, organiser, django_capture_on_commit_callbacks
):
    url = reverse("schedule:service-worker", args=[conference.slug])
    first = client.get(url)

    assert first["Content-Type"] == "text/javascript; charset=utf-8"
    assert first["Service-Worker-Allowed"] == f"/{conference.slug}/"
    assert f'var CACHE_NAME = "summit-{conference.slug}-{released.pk}-v1";' in first.content.decode()
    assert 'self.addEventListener("fetch"' in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        second_release = release_publish(conference=conference, version="v2", by=organiser)
    second = client.get(url)

    # A different script: the browser installs it, and its activation drops the v1 cache.
    assert f'var CACHE_NAME = "summit-{conference.slug}-{second_release.pk}-v2";' in second.content.decode()


def test_public_pages_link_the_manifest_and_carry_the_offline_banner(client, conference, released):
    body = client.get(reverse("schedule:grid", args=[conference.slug])).content.decode()

    assert f'<link rel="manifest" href="/{conference.slug}/manifest.webmanifest">' in body
    assert f'data-service-worker="/{conference.slug}/service-worker.js"' in body
    assert "Offline — showing release v1" in body


@pytest.mark.parametrize("name", ["schedule:manifest", "schedule:service-worker", "schedule:offline-list"])
def test_offline_programme_of_a_private_conference_is_not_found(client, conference, released, name):
    conference.is_public = False
    conference.save()
    cache.clear()

    assert client.get(reverse(name, args=[conference.slug])).status_code == 404
