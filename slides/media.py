"""What the public sees of a conference's slides and videos: published decks and talk videos, read
in two queries whatever the size. The schedule's pages, exports and API overlay this on a release
(the release itself never holds media: decks and videos appear after the talk, not at a release);
the app registers `provider` with `schedule.media` when it starts, so the schedule never imports it."""

import re
from urllib.parse import parse_qs, urlsplit

from django.db.models import Subquery
from django.urls import reverse

from schedule.media import Deck, TalkMedia, Video
from slides.models import PublicMediaGeneration, Status, TalkSlides, TalkVideo

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{4,12}$")
# The only hosts a talk page frames: privacy-friendly players (no cookies until the visitor plays).
EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


def embed_url(url: str) -> tuple[str, str]:
    """(embed URL, provider) for YouTube and Vimeo links; ("", host) for anything else, which the
    page links to rather than frames."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in ("youtu.be", "youtube.com", "youtube-nocookie.com"):
        if host == "youtu.be":
            video_id = segments[0] if segments else ""
        elif segments == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "live", "shorts", "v"):
            video_id = segments[1]
        else:
            video_id = ""
        if YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}", "YouTube"
        return "", "YouTube"
    if host in ("vimeo.com", "player.vimeo.com"):
        if segments and VIMEO_ID.match(segments[-1]):
            return f"https://player.vimeo.com/video/{segments[-1]}?dnt=1", "Vimeo"
        return "", "Vimeo"
    return "", host


def deck_path(slug: str, code: str) -> str:
    return reverse("slides_public:deck", kwargs={"slug": slug, "code": code})


def public_media(slug: str) -> dict[str, TalkMedia]:
    """Talk code -> its published deck and video (only talks that have either)."""
    decks = {
        code: Deck(url=deck_path(slug, code), version=number, page_count=pages, size_bytes=size)
        for code, number, pages, size in TalkSlides.objects.filter(
            submission__conference__slug=slug, status=Status.PUBLISHED, published_version__isnull=False
        ).values_list(
            "submission__code",
            "published_version__number",
            "published_version__page_count",
            "published_version__size_bytes",
        )
    }
    videos = {}
    for code, url in TalkVideo.objects.filter(submission__conference__slug=slug).values_list("submission__code", "url"):
        embed, provider = embed_url(url)
        videos[code] = Video(url=url, embed_url=embed, provider=provider)
    return {code: TalkMedia(deck=decks.get(code), video=videos.get(code)) for code in decks.keys() | videos.keys()}


def generation_subquery(conference_ref) -> Subquery:
    """The media generation of the conference `conference_ref` points at, for an annotation."""
    return Subquery(PublicMediaGeneration.objects.filter(conference=conference_ref).values("value")[:1])


class PublishedSlidesMedia:
    """The schedule's media provider (schedule.media.MediaProvider)."""

    def public_media(self, slug: str) -> dict[str, TalkMedia]:
        return public_media(slug)

    def generation(self, conference_ref) -> Subquery:
        return generation_subquery(conference_ref)


provider = PublishedSlidesMedia()
