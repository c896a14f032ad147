"""Response caching of the public schedule. Keys carry the release id, so a new release never serves
an old page; only the small "which release is current" pointer needs forgetting on publish."""

from django.core.cache import cache

from conference.models import Conference
from schedule import selectors

# With a shared cache (Redis in production) the pointer is deleted on publish; with per-process
# caches (the embedded profile) other processes see the new release after at most this long.
POINTER_SECONDS = 10
PAGE_SECONDS = 24 * 3600


def _pointer_key(slug: str) -> str:
    return f"schedule:current:{slug}"


def current_release_id(slug: str) -> int | None:
    """The id of the conference's latest release, 0 when there is none; None when no such conference."""
    key = _pointer_key(slug)
    cached = cache.get(key)
    if cached is not None:
        return cached
    conference_id = Conference.objects.filter(slug=slug, is_public=True).values_list("pk", flat=True).first()
    if conference_id is None:
        return None
    release_id = selectors.latest_release_id(conference_id) or 0
    cache.set(key, release_id, POINTER_SECONDS)
    return release_id


def conference_release_id(conference: Conference) -> int:
    """The same pointer for a conference already loaded: one query when not cached, none when cached."""
    if not conference.is_public:
        return 0
    key = _pointer_key(conference.slug)
    cached = cache.get(key)
    if cached is None:
        cached = selectors.latest_release_id(conference.pk) or 0
        cache.set(key, cached, POINTER_SECONDS)
    return cached


def forget_latest_release(slug: str) -> None:
    cache.delete(_pointer_key(slug))


FILTER_NAMES = ("track", "level", "room", "type", "q")


def response_key(release_id: int, language: str, path: str, query) -> str:
    """Only the filters the pages read go into the key: other query strings cannot fill the cache."""
    filters = "&".join(f"{name}={query.get(name, '')[:100]}" for name in FILTER_NAMES if name in query)
    return f"schedule:response:{release_id}:{language}:{path}?{filters}"


def page_key(release_id: int, language: str, path: str) -> str:
    return f"schedule:page:{release_id}:{language}:{path}"


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, PAGE_SECONDS)
