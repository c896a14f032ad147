"""The talks' published media as the schedule sees it: the value types its pages, exports and API
overlay on a release, and the one provider that fills them in.

The schedule never holds media (decks and videos appear after the talk, not at a release) and never
imports the app that does: that app registers a provider in its `AppConfig.ready()`. With none
registered the schedule works and shows no media, and the media part of its cache key stays 0.
"""

from dataclasses import dataclass
from typing import Protocol

from django.db.models import Expression, IntegerField, Value


@dataclass(frozen=True)
class Deck:
    url: str  # site path of the public download
    version: int
    page_count: int
    size_bytes: int


@dataclass(frozen=True)
class Video:
    url: str
    embed_url: str  # "" when the host is not one we embed: the page links to it instead
    provider: str


@dataclass(frozen=True)
class TalkMedia:
    deck: Deck | None = None
    video: Video | None = None


class MediaProvider(Protocol):
    def public_media(self, slug: str) -> dict[str, TalkMedia]:
        """Talk code -> its published deck and video (only talks that have either)."""

    def generation(self, conference_ref) -> Expression:
        """An annotation for the media generation of the conference `conference_ref` points at: it
        changes in the transaction that publishes or withdraws a deck or video, so the cached pages
        keyed by it show the change at once."""


_provider: MediaProvider | None = None


def register_provider(provider: MediaProvider | None) -> None:
    """One provider at most: a second registration replaces the first (None removes it)."""
    global _provider
    _provider = provider


def public_media(slug: str) -> dict[str, TalkMedia]:
    return _provider.public_media(slug) if _provider is not None else {}


def generation(conference_ref) -> Expression:
    if _provider is None:
        return Value(0, output_field=IntegerField())
    return _provider.generation(conference_ref)
