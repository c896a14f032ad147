"""Serves cached attendee pages before the rest of the middleware (sessions, authentication, CSRF,
messages, CSP…) runs: those pages are the same for everyone, and 2,000 attendees refresh them.

A response is stored whole (body and headers, as the inner middleware finished it) the first time a
view marks it `schedule_cacheable`; the key carries the release id and the media generation, so a
new release or a deck published since never serves an old page. Placed right after WhiteNoise in MIDDLEWARE."""

import re

from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation

from schedule import cache

PUBLIC_PATH = re.compile(
    r"^/(?P<slug>[a-z][a-z0-9-]*)/(schedule/(?!feed/)|schedule\.(xml|json|ics)$|talks/|speakers/)"
    # The released programme's API (not the organisers' slots nor a person's favourites).
    r"|^/api/conferences/(?P<api_slug>[a-z][a-z0-9-]*)/schedule/(talks/|speakers/)?$"
)


class PublicScheduleCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = PUBLIC_PATH.match(request.path_info) if request.method == "GET" else None
        if match is None or request.GET.get("q", "").strip():
            # A search is never stored (schedule/cache.py): no use looking it up.
            return self.get_response(request)
        pointer = cache.current(match["slug"] or match["api_slug"])
        if pointer is None or not pointer.release_id:
            return self.get_response(request)
        # The language LocaleMiddleware would pick, from the same cookie and Accept-Language header.
        language = translation.get_language_from_request(request)
        key = cache.response_key(pointer, language, request.path_info, request.GET)
        hit = cache.get(key)
        if hit is not None:
            body, headers = hit
            if request.headers.get("If-None-Match") == headers.get("ETag"):
                return HttpResponseNotModified(headers={"ETag": headers["ETag"]})
            return HttpResponse(body, headers=headers)
        response = self.get_response(request)
        if response.status_code == 200 and getattr(response, "schedule_cacheable", False) and not response.cookies:
            cache.put(key, (response.content, dict(response.items())))
        return response
