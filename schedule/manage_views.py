"""The organisers' schedule editor and releases. Every form posts, then redirects back to the day
(htmx swaps just the editor from that page); conflicts come back as warnings, never as refusals."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from
from conference.models import Conference
from schedule import attendance, selectors
from schedule.forms import SERVICE_FIELDS, BlockForm, EditorFilterForm, PlaceForm, ReleaseForm
from schedule.models import ScheduleSlot
from schedule.programme import grid
from schedule.services.releases import release_publish
from schedule.services.slots import slot_create_block, slot_move, slot_place_talk, slot_remove

# Empty cells to drop talks on cover at least this much of each day.
WORKDAY = (dt.time(8, 30), dt.time(18, 30))


def _days(conference: Conference) -> list[dt.date]:
    return [
        conference.start_date + dt.timedelta(days=n)
        for n in range((conference.end_date - conference.start_date).days + 1)
    ]


def _report(request, conflicts) -> None:
    for conflict in conflicts:
        messages.warning(request, conflict.message)


def _filter_query(query: QueryDict) -> str:
    """The editor's filters of `query`, as a query string: the forms post with them and come back to them."""
    kept = QueryDict(mutable=True)
    for name in EditorFilterForm.base_fields:
        kept.setlist(name, [value for value in query.getlist(name) if value])
    return kept.urlencode()


def _back(request, slug: str, day: str | None):
    if day:
        response = redirect("schedule-manage:day", slug=slug, day=day)
    else:
        response = redirect("schedule-manage:editor", slug=slug)
    query = _filter_query(request.GET)
    if query:
        response["Location"] += f"?{query}"
    return response


def _editor_context(conference: Conference, day: dt.date, query: QueryDict, place_form=None, block_form=None) -> dict:
    slots = selectors.slots_for_editor(conference)
    conflicts = selectors.conflicts_of(conference, slots)
    unscheduled = list(selectors.unscheduled_talks(conference))
    tz = conference.tzinfo
    all_rooms = [{"id": room.pk, "name": room.name} for room in conference.rooms.all()]
    filters = EditorFilterForm(
        query, rooms=all_rooms, tracks=conference.tracks.all(), formats=conference.submission_types.all()
    )
    shown_rooms, track = filters.value("room"), filters.value("track")
    panel_track, panel_format = filters.value("panel_track"), filters.value("panel_format")
    for slot in slots:
        slot.warnings = [conflict.message for conflict in conflicts.get(slot.pk, [])]
        slot.starts_at, slot.ends_at = slot.starts_at.astimezone(tz), slot.ends_at.astimezone(tz)
        # Another track's talk stays in its cell, greyed: the cell is taken whatever the filter.
        slot.dimmed = (
            bool(track) and slot.submission is not None and getattr(slot.submission.track, "slug", "") != track
        )
    todays = [slot for slot in slots if slot.starts_at.date() == day]
    rooms = [room for room in all_rooms if not shown_rooms or str(room["id"]) in shown_rooms]
    working_day = (dt.datetime.combine(day, WORKDAY[0], tzinfo=tz), dt.datetime.combine(day, WORKDAY[1], tzinfo=tz))
    rows = grid(None, rooms, items=todays, room_of=lambda slot: slot.room_id, bounds=working_day)
    panel = [
        talk
        for talk in unscheduled
        if (not panel_track or getattr(talk.track, "slug", "") == panel_track)
        and (not panel_format or str(talk.submission_type_id) == panel_format)
    ]
    initial = {"day": day.isoformat()}
    return {
        "conference": conference,
        "day": day,
        "days": _days(conference),
        "rooms": rooms,
        "rows": rows,
        "unscheduled": unscheduled,
        "panel": panel,
        "filters": filters,
        "filter_query": _filter_query(query),
        "warning_count": sum(len(found) for found in conflicts.values()),
        "warned_slots": [slot for slot in slots if slot.warnings],
        "place_form": place_form
        or PlaceForm(initial=initial, conference=conference, unscheduled=unscheduled, slots=todays),
        "block_form": block_form or BlockForm(initial=initial, conference=conference, prefix="block"),
        "latest_release": selectors.latest_release(conference),
    }


@conference_permission_required("schedule.edit_schedule")
def editor(request, conference, day: str | None = None):
    try:
        current = dt.date.fromisoformat(day) if day else conference.start_date
    except ValueError:
        raise Http404 from None
    if current not in _days(conference):
        raise Http404
    return render(request, "schedule/manage/editor.html", _editor_context(conference, current, request.GET))


@conference_permission_required("schedule.edit_schedule")
@require_POST
def place(request, conference):
    slots = ScheduleSlot.objects.filter(conference=conference).select_related("submission")
    form = PlaceForm(
        request.POST, conference=conference, unscheduled=selectors.unscheduled_talks(conference), slots=slots
    )
    day = request.POST.get("day")
    if form.is_valid():
        kind, _sep, key = form.cleaned_data["item"].partition(":")
        try:
            if kind == "talk":
                submission = get_object_or_404(Submission, conference=conference, code=key)
                slot, conflicts = slot_place_talk(
                    conference=conference,
                    submission=submission,
                    room=form.cleaned_data["room"],
                    starts_at=form.at("start"),
                    by=request.user,
                )
                messages.success(request, _("“%(title)s” is placed.") % {"title": slot})
            else:
                slot = get_object_or_404(ScheduleSlot, conference=conference, pk=key)
                slot, conflicts = slot_move(
                    slot=slot, room=form.cleaned_data["room"], starts_at=form.at("start"), by=request.user
                )
                messages.success(request, _("“%(title)s” is moved.") % {"title": slot})
        except ValidationError as error:
            form_error_from(form, error, fields=SERVICE_FIELDS)
        else:
            _report(request, conflicts)
            return _back(request, conference.slug, day)
    current = _valid_day(conference, day)
    context = _editor_context(conference, current, request.GET, place_form=form)
    return render(request, "schedule/manage/editor.html", context, status=400)


def _valid_day(conference: Conference, day: str | None) -> dt.date:
    try:
        current = dt.date.fromisoformat(day or "")
    except ValueError:
        return conference.start_date
    return current if current in _days(conference) else conference.start_date


@conference_permission_required("schedule.edit_schedule")
@require_POST
def add_block(request, conference):
    form = BlockForm(request.POST, conference=conference, prefix="block")
    day = request.POST.get("block-day")
    if form.is_valid():
        try:
            slot, conflicts = slot_create_block(
                conference=conference,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                room=form.cleaned_data["room"],
                starts_at=form.at("start"),
                ends_at=form.at("end"),
                by=request.user,
            )
        except ValidationError as error:
            form_error_from(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, _("“%(title)s” is added.") % {"title": slot})
            _report(request, conflicts)
            return _back(request, conference.slug, day)
    context = _editor_context(conference, _valid_day(conference, day), request.GET, block_form=form)
    return render(request, "schedule/manage/editor.html", context, status=400)


@conference_permission_required("schedule.edit_schedule")
@require_POST
def remove(request, conference, pk: int):
    slot = get_object_or_404(ScheduleSlot.objects.select_related("submission"), conference=conference, pk=pk)
    day = slot.starts_at.astimezone(conference.tzinfo).date().isoformat()
    slot_remove(slot=slot, by=request.user)
    messages.success(request, _("“%(title)s” is off the schedule.") % {"title": slot})
    return _back(request, conference.slug, day)


@conference_permission_required("schedule.publish_schedule")
def releases(request, conference):
    slots = selectors.slots_for_editor(conference)
    conflicts = selectors.conflicts_of(conference, slots)
    double_bookings = selectors.room_double_bookings(conference, slots)
    form = ReleaseForm(request.POST or None, double_booked=bool(double_bookings))
    if request.method == "POST" and form.is_valid():
        try:
            release = release_publish(conference=conference, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, _("Version %(version)s is published.") % {"version": release.version})
            return redirect("schedule-manage:releases", slug=conference.slug)
    with timezone.override(conference.tzinfo):
        context = {
            "conference": conference,
            "form": form,
            "releases": selectors.releases_of(conference),
            "warning_count": sum(len(found) for found in conflicts.values()),
            "double_bookings": double_bookings,
            "scheduled": sum(1 for slot in slots if slot.submission_id is not None),
            "notices": attendance.notice_preview(conference, selectors.latest_release(conference)),
        }
        return render(request, "schedule/manage/releases.html", context)
