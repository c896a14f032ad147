"""Attendee pages and exports of the released schedule. No page depends on who asks (favourites are
drawn in the browser), so each response is rendered once per release, language and filters, then
served from the cache with an ETag."""

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from schedule import cache
from schedule.attendance import reserved_codes
from schedule.exports.c3voc import schedule_json
from schedule.exports.frab import schedule_xml
from schedule.exports.ical import calendar_bytes
from schedule.media import TalkMedia, public_media
from schedule.models import FeedToken, ScheduleRelease
from schedule.programme import Filters, Programme, grid, room_slug

_programmes: OrderedDict[int, Programme] = OrderedDict()


def programme_of(release_id: int) -> Programme:
    """The release read back once per process (a handful are kept): the snapshot never changes."""
    programme = _programmes.get(release_id)
    if programme is None:
        release = ScheduleRelease.objects.only("snapshot", "changelog", "version", "published_at").get(pk=release_id)
        programme = Programme(
            release.snapshot,
            release_id=release.pk,
            version=release.version,
            published_at=release.published_at,
            changelog=release.changelog,
        )
        programme.moves = _moves(release.changelog, programme.tz)
        _programmes[release_id] = programme
        while len(_programmes) > 4:
            _programmes.popitem(last=False)
    return programme


def _moves(changelog: dict, tz) -> dict[str, dict]:
    """The talks this release moved (time or room), by code, with their times in the conference's zone:
    the talk page says so at the top ("Moved from Room A 10:00 to Room B 11:30")."""
    return {
        entry["code"]: {
            side: {**entry[side], "starts_at": dt.datetime.fromisoformat(entry[side]["starts_at"]).astimezone(tz)}
            for side in ("from", "to")
        }
        for entry in changelog.get("moved", [])
    }


def _filters(request) -> Filters:
    get = request.GET
    return Filters(
        track=get.get("track", "")[:60],
        level=get.get("level", "")[:60],
        room=get.get("room", "")[:12],
        type=get.get("type", "")[:100],
        search=get.get("q", "").strip()[:100],
    )


def _pointer(slug: str) -> cache.Pointer:
    pointer = cache.current(slug)
    if pointer is None or not pointer.release_id:
        # No such public conference, or nothing released yet: the draft is never shown.
        raise Http404
    return pointer


def _release_id(slug: str) -> int:
    return _pointer(slug).release_id


def media_of(programme: Programme) -> dict[str, TalkMedia]:
    """Published decks and videos, read live (two queries) when a page that shows them is rendered;
    the page is then cached under the media generation it was rendered for."""
    return public_media(programme.conference["slug"])


def _serve(
    request, slug: str, render: Callable[[Programme], bytes], content_type: str, *, filters: Filters | None = None
):
    pointer = _pointer(slug)
    if filters is not None and not filters.cacheable(programme_of(pointer.release_id)):
        # A search term or a filter naming nothing in the release: rendered for this request only,
        # so what visitors type cannot fill the cache (the middleware stores only marked responses).
        body = render(programme_of(pointer.release_id))
        response = HttpResponse(body, content_type=content_type)
        response["Cache-Control"] = "public, max-age=60"
        return response
    query = (
        "&".join(f"{name}={request.GET.get(name, '')[:100]}" for name in cache.FILTER_NAMES)
        if filters is not None
        else ""
    )
    key = cache.page_key(pointer, translation.get_language(), f"{request.path}?{query}")
    hit = cache.get(key)
    if hit is None:
        body = render(programme_of(pointer.release_id))
        hit = (body, cache.etag_of(body))
        cache.put(key, hit)
    body, etag = hit
    return cache.conditional_response(request, body, etag, content_type)


def _page(request, template: str, context: dict) -> bytes:
    with timezone.override(context["programme"].tz):
        return render_to_string(template, context, request=None).encode()


def _base_context(programme: Programme, request) -> dict:
    return {
        "programme": programme,
        "conference": programme.conference,
        "slug": programme.conference["slug"],
        "path": request.path,
    }


def _day_or_404(programme: Programme, day: str | None):
    if not programme.days:
        return None
    if day is None:
        return programme.days[0]
    try:
        found = programme.day(dt.date.fromisoformat(day))
    except ValueError:
        found = None
    if found is None:
        raise Http404
    return found


@require_GET
def schedule_grid(request, slug: str, day: str | None = None):
    filters = _filters(request)

    def render(programme: Programme) -> bytes:
        current = _day_or_404(programme, day)
        rooms = [room for room in programme.rooms if not filters.room or room_slug(room) == filters.room]
        items = [item for item in current.items if filters.keep(item)] if current else []
        context = _base_context(programme, request) | {
            "day": current,
            "rooms": rooms,
            "rows": grid(current, rooms, items=items) if current else [],
            "filters": filters,
            "view": "grid",
            "shown": sum(1 for item in items if item.is_talk),
        }
        return _page(request, "schedule/public/grid.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8", filters=filters)


@require_GET
def schedule_list(request, slug: str):
    filters = _filters(request)

    def render(programme: Programme) -> bytes:
        days = [(day, [item for item in day.items if filters.keep(item)]) for day in programme.days]
        context = _base_context(programme, request) | {
            "days": days,
            "filters": filters,
            "view": "list",
            "shown": sum(1 for _day, items in days for item in items if item.is_talk),
        }
        return _page(request, "schedule/public/list.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8", filters=filters)


@require_GET
def favourites_page(request, slug: str):
    def render(programme: Programme) -> bytes:
        context = _base_context(programme, request) | {"days": [(day, day.items) for day in programme.days]}
        return _page(request, "schedule/public/favourites.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8")


@require_GET
def talk_detail(request, slug: str, code: str):
    def render(programme: Programme) -> bytes:
        talk = programme.talks.get(code)
        if talk is None:
            raise Http404
        context = _base_context(programme, request) | {
            "talk": talk,
            "media": media_of(programme).get(code),
            "change": programme.moves.get(code),
        }
        return _page(request, "schedule/public/talk.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8")


@require_GET
def speaker_list(request, slug: str):
    def render(programme: Programme) -> bytes:
        speakers = [(s, programme.talks_of_speaker.get(s["code"], [])) for s in programme.speakers.values()]
        context = _base_context(programme, request) | {"speakers": speakers}
        return _page(request, "schedule/public/speakers.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8")


@require_GET
def speaker_detail(request, slug: str, code: str):
    def render(programme: Programme) -> bytes:
        speaker = programme.speakers.get(code)
        if speaker is None:
            raise Http404
        context = _base_context(programme, request) | {
            "speaker": speaker,
            "talks": programme.talks_of_speaker.get(code, []),
        }
        return _page(request, "schedule/public/speaker.html", context)

    return _serve(request, slug, render, "text/html; charset=utf-8")


@require_GET
def export_xml(request, slug: str):
    return _serve(
        request, slug, lambda programme: schedule_xml(programme, media_of(programme)), "application/xml; charset=utf-8"
    )


@require_GET
def export_json(request, slug: str):
    def render(programme: Programme) -> bytes:
        return json.dumps(schedule_json(programme, media_of(programme)), ensure_ascii=False, indent=1).encode()

    return _serve(request, slug, render, "application/json; charset=utf-8")


@require_GET
def export_ics(request, slug: str):
    def render(programme: Programme) -> bytes:
        name = programme.conference["name"]
        return calendar_bytes(programme, programme.items, name=name, stamp=programme.published_at)

    response = _serve(request, slug, render, "text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response


@require_GET
def switch_language(request, slug: str, code: str):
    """A link rather than the site's POST form: the cached pages carry no CSRF token. Only sets the
    visitor's language preference cookie, then goes back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("schedule:grid", kwargs={"slug": slug})
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@require_GET
def favourites_feed(request, slug: str, token: str):
    """A person's starred talks and the sessions they hold a seat at, as a calendar: the secret in the
    URL is the only credential."""
    release_id = _release_id(slug)
    feed = get_object_or_404(FeedToken.objects.select_related("user"), token=token)
    programme = programme_of(release_id)
    codes = set(
        feed.user.favourites.filter(submission__conference__slug=slug).values_list("submission__code", flat=True)
    ) | reserved_codes(feed.user, slug)
    items = [item for item in programme.items if item.code in codes]
    name = f"{programme.conference['name']} — ★"
    body = calendar_bytes(programme, items, name=name, stamp=programme.published_at)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = f'inline; filename="{slug}-favourites.ics"'
    return response
