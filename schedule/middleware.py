"""Serves cached attendee pages before the rest of the middleware (sessions, authentication, CSRF,
messages, CSP…) runs: those pages are the same for everyone, and 2,000 attendees refresh them.

A response is stored whole (body and headers, as the inner middleware finished it) the first time a
view marks it `schedule_cacheable`; the key carries the release id and the media generation, so a
new release or a deck published since never serves an old page. The live pages (now/next, room
displays) are keyed by the minute too: the minute is chosen here and handed to the view
(`request.live_minute`), so the page stored is the page of the minute in its key. A preview of
another moment (`?at=`, for organisers) is never cached. Placed right after WhiteNoise in MIDDLEWARE."""

import re

from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation

from schedule import cache

PUBLIC_PATH = re.compile(
    r"^/(?P<slug>[a-z][a-z0-9-]*)/(schedule/(?!feed/)|schedule\.(xml|json|ics)$|talks/|speakers/"
    r"|manifest\.webmanifest$|service-worker\.js$|offline\.json$)"
    # The released programme's API (not the organisers' slots nor a person's favourites).
    r"|^/api/conferences/(?P<api_slug>[a-z][a-z0-9-]*)/schedule/(talks/|speakers/)?$"
)
LIVE_PATH = re.compile(r"^/(?P<slug>[a-z][a-z0-9-]*)/(now/|rooms/[\w-]+/display/)$")


def epoch_minute() -> int:
    return int(timezone.now().timestamp()) // 60


class PublicScheduleCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET":
            return self.get_response(request)
        live = LIVE_PATH.match(request.path_info)
        match = live or PUBLIC_PATH.match(request.path_info)
        if match is None or (live and "at" in request.GET) or request.GET.get("q", "").strip():
            # A preview of another moment, or a search: never stored (schedule/cache.py), no use looking up.
            return self.get_response(request)
        pointer = cache.current(match["slug"] or match["api_slug"])
        if pointer is None or not pointer.release_id:
            return self.get_response(request)
        # The language LocaleMiddleware would pick, from the same cookie and Accept-Language header.
        language = translation.get_language_from_request(request)
        seconds = cache.PAGE_SECONDS
        if live:
            request.live_minute = epoch_minute()
            partial = "partial" in request.GET
            key = cache.live_key(pointer, language, request.path_info, request.live_minute, partial)
            seconds = cache.LIVE_SECONDS
        else:
            key = cache.response_key(pointer, language, request.path_info, request.GET)
        hit = cache.get(key)
        if hit is not None:
            body, headers = hit
            etag = headers.get("ETag")
            if etag and request.headers.get("If-None-Match") == etag:
                return HttpResponseNotModified(headers={"ETag": etag})
            return HttpResponse(body, headers=headers)
        response = self.get_response(request)
        if response.status_code == 200 and getattr(response, "schedule_cacheable", False) and not response.cookies:
            cache.put(key, (response.content, dict(response.items())), seconds)
        return response
