"""The live pages of the day itself: what runs now and next in every room, and the full-screen
display at each room's door. The same for everyone at a given minute, so each is rendered once per
minute, release and language (schedule.middleware caches it before sessions run) and refreshed in
the browser by an htmx poll of its fragment."""

import datetime as dt
import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.access import conference_or_deny
from schedule import live
from schedule.middleware import epoch_minute
from schedule.programme import Programme
from schedule.views import _base_context, _page, _pointer, programme_of


class BadMoment(ValueError):
    pass


def _preview_moment(request, slug: str, programme: Programme) -> dt.datetime | None:
    """`?at=2030-09-30T10:15` previews another moment (in the conference's time zone unless the value
    says otherwise); only the conference's organisers may, since it is rendered for them alone."""
    if "at" not in request.GET:
        return None
    conference_or_deny(request, slug, "schedule.edit_schedule")
    try:
        moment = dt.datetime.fromisoformat(request.GET["at"][:40])
    except ValueError as error:
        raise BadMoment from error
    return moment if moment.tzinfo else moment.replace(tzinfo=programme.tz)


def _live(request, slug: str, template: str, context_of):
    pointer = _pointer(slug)
    programme = programme_of(pointer.release_id)
    try:
        preview = _preview_moment(request, slug, programme)
    except BadMoment:
        return HttpResponseBadRequest(
            _("“at” must be a date and time such as 2030-09-30T10:15."), content_type="text/plain; charset=utf-8"
        )
    minute = getattr(request, "live_minute", None) or epoch_minute()
    moment = preview or dt.datetime.fromtimestamp(minute * 60, tz=dt.UTC)
    moment = live.minute_of(moment.astimezone(programme.tz))
    partial = "partial" in request.GET
    poll_url = f"{request.path}?partial=1" + (f"&at={moment.strftime('%Y-%m-%dT%H:%M')}" if preview else "")
    context = _base_context(programme, request) | {
        "moment": moment,
        "poll_url": poll_url,
        "poll_seconds": settings.SCHEDULE_LIVE_POLL_SECONDS,
        "preview": preview is not None,
    }
    context |= context_of(programme, moment)
    body = _page(request, f"{template}#live" if partial else template, context)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    if preview is None:
        response.schedule_cacheable = True
        # Revalidated at every poll (a 304 when the minute's page is unchanged), never kept stale.
        response["Cache-Control"] = "no-cache"
        response["ETag"] = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    else:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def now_page(request, slug: str):
    def context_of(programme: Programme, moment: dt.datetime) -> dict:
        board = live.board(programme, moment)
        moved = {}
        for room_now in board.rooms:
            moved |= live.moved_here(programme, room_now.room)
        return {"board": board, "moved_here": moved, "view": "now"}

    return _live(request, slug, "schedule/live/now.html", context_of)


@require_GET
def room_display(request, slug: str, room: str):
    pointer = _pointer(slug)
    found = live.room_by_slug(programme_of(pointer.release_id), room)
    if found is None:
        raise Http404

    def context_of(programme: Programme, moment: dt.datetime) -> dict:
        board = live.board(programme, moment)
        return {
            "board": board,
            "room": found,
            "slot": live.room_now(programme, found, moment),
            "notices": live.room_notices(programme, found, moment),
            "moved_here": live.moved_here(programme, found),
            "clock": timezone.localtime(moment, programme.tz),
        }

    return _live(request, slug, "schedule/live/display.html", context_of)
