"""The installable, offline programme: a web app manifest per conference, a service worker scoped to
the conference's pages, and the list of what it keeps: exactly the current release's public pages
(every day of the schedule, the list, the starred talks, every talk and speaker page) and the assets
they use. The worker's cache is named after the release, so a new release installs a new worker
that fills a new cache and drops the old one. All three answers are the same for everyone and are
cached per release (schedule.middleware)."""

import hashlib
import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from schedule.programme import Programme
from schedule.views import _pointer, programme_of

THEME_COLOUR = "#0b3d91"
ASSETS = (
    "css/summit.css",
    "css/schedule.css",
    "js/schedule.js",
    "js/offline.js",
    "favicon.svg",
    "icons/summit-192.png",
    "icons/summit-512.png",
)


def cache_name(programme: Programme) -> str:
    """The worker's cache: one per conference and release (the id makes it unique, the version readable)."""
    return f"summit-{programme.conference['slug']}-{programme.release_id}-{programme.version}"


def precache_urls(programme: Programme) -> list[str]:
    slug = programme.conference["slug"]
    pages = [
        reverse("schedule:grid", args=[slug]),
        *(reverse("schedule:day", args=[slug, day.date]) for day in programme.days),
        reverse("schedule:list", args=[slug]),
        reverse("schedule:favourites", args=[slug]),
        reverse("schedule:speakers", args=[slug]),
        *(reverse("schedule:speaker", args=[slug, code]) for code in programme.speakers),
        *(reverse("schedule:talk", args=[slug, code]) for code in programme.talks),
    ]
    return pages + [static(asset) for asset in ASSETS]


def _cacheable(body: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response.schedule_cacheable = True
    # Browsers check the worker at each visit; the list and the manifest follow the release.
    response["Cache-Control"] = "no-cache"
    response["ETag"] = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    return response


@require_GET
def manifest(request, slug: str):
    programme = programme_of(_pointer(slug).release_id)
    name = programme.conference["name"]
    body = {
        "name": name,
        "short_name": name[:30],
        "description": name,
        "start_url": reverse("schedule:grid", args=[slug]),
        "scope": reverse("public:conference", args=[slug]),
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("icons/summit-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/summit-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icons/summit.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return _cacheable(json.dumps(body, ensure_ascii=False).encode(), "application/manifest+json")


@require_GET
def precache_list(request, slug: str):
    programme = programme_of(_pointer(slug).release_id)
    body = {"release": programme.version, "cache": cache_name(programme), "urls": precache_urls(programme)}
    return _cacheable(json.dumps(body, ensure_ascii=False).encode(), "application/json")


@require_GET
def service_worker(request, slug: str):
    """The worker's script, from the conference's root so that its scope is the conference's pages."""
    programme = programme_of(_pointer(slug).release_id)
    context = {
        "cache_name": json.dumps(cache_name(programme)),
        "cache_prefix": json.dumps(f"summit-{slug}-"),
        "precache_url": json.dumps(reverse("schedule:offline-list", args=[slug])),
        "fallback_url": json.dumps(reverse("schedule:grid", args=[slug])),
        "static_prefix": json.dumps(static("")),
        "favourites_api": json.dumps(reverse("schedule-api:favourites", args=[slug])),
    }
    body = render_to_string("schedule/offline/service-worker.js", context).encode()
    response = _cacheable(body, "text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("public:conference", args=[slug])
    return response
