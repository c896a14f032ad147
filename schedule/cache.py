"""Response caching of the public schedule. Keys carry the release id and the media generation, so a
new release or a newly published deck or video never serves an old page; only the small "which
release and generation are current" pointer needs forgetting when either changes."""

import hashlib
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import OuterRef
from django.http import HttpResponse, HttpResponseNotModified

from conference.models import Conference
from schedule import media, selectors

# With a shared cache (Redis in production) the pointer is deleted on publish; with per-process
# caches (the embedded profile) other processes see the new release after at most this long.
POINTER_SECONDS = 10
PAGE_SECONDS = 24 * 3600


def _pointer_key(slug: str) -> str:
    return f"schedule:current:{slug}"


class Pointer(NamedTuple):
    """What a public page depends on: the release, and the generation of the talks' media (published
    decks and videos change between releases; services bump the generation when they do)."""

    release_id: int
    media: int

    @property
    def key(self) -> str:
        return f"{self.release_id}.{self.media}"


def current(slug: str) -> Pointer | None:
    """The conference's latest release (0 when there is none) and media generation, in one query
    when not cached; None when there is no such public conference."""
    key = _pointer_key(slug)
    cached = cache.get(key)
    if cached is not None:
        return Pointer(*cached)
    found = (
        Conference.objects.filter(slug=slug, is_public=True)
        .annotate(release=selectors.latest_release_subquery(OuterRef("pk")), media=media.generation(OuterRef("pk")))
        .values_list("release", "media")
        .first()
    )
    if found is None:
        return None
    pointer = Pointer(found[0] or 0, found[1] or 0)
    cache.set(key, tuple(pointer), POINTER_SECONDS)
    return pointer


def current_release_id(slug: str) -> int | None:
    """The id of the conference's latest release, 0 when there is none; None when no such conference."""
    pointer = current(slug)
    return None if pointer is None else pointer.release_id


def conference_release_id(conference: Conference) -> int:
    """The same pointer for a conference already loaded: one query when not cached, none when cached."""
    if not conference.is_public:
        return 0
    return current_release_id(conference.slug) or 0


def forget_latest_release(slug: str) -> None:
    cache.delete(_pointer_key(slug))


FILTER_NAMES = ("track", "level", "room", "type", "q")


def response_key(pointer: Pointer, language: str, path: str, query) -> str:
    """Only the filters the pages read go into the key: other query strings cannot fill the cache.
    Nothing is stored under a key the view did not mark cacheable, and views mark a filtered page
    only when every filter names a track, level, room or type of the release (never a search term),
    so the keys are bounded by the programme, not by what visitors type."""
    filters = "&".join(f"{name}={query.get(name, '')[:100]}" for name in FILTER_NAMES if name in query)
    return f"schedule:response:{pointer.key}:{language}:{path}?{filters}"


# A live page (now/next, a room display) is rendered for one minute; kept a little longer than that
# for a request that arrives at the turn of the minute.
LIVE_SECONDS = 120


def live_key(pointer: Pointer, language: str, path: str, minute: int, partial: bool) -> str:
    """The key of a live page: the release and media generation, and the minute it shows (minutes
    since the epoch), so the page changes once a minute or at once on a new release."""
    return f"schedule:live:{pointer.key}:{language}:{path}:{minute}:{int(partial)}"


def page_key(pointer: Pointer, language: str, path: str) -> str:
    return f"schedule:page:{pointer.key}:{language}:{path}"


def get(key: str):
    return cache.get(key)


def put(key: str, value, seconds: int = PAGE_SECONDS) -> None:
    cache.set(key, value, seconds)


def etag_of(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def conditional_response(request, body: bytes, etag: str, content_type: str) -> HttpResponse:
    """The cached body, or 304 Not Modified when the client holds it already (If-None-Match)."""
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
        # The middleware stores it whole and answers the next requests before sessions and auth.
        response.schedule_cacheable = True  # type: ignore[attr-defined]
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    return response
