"""The organisers' side of seats: which talks take reservations and how many seats, each session's
lists (and their CSV), and the check-in page at the door, made for a phone."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.csv_export import csv_download
from common.views import message_from
from schedule import attendance, selectors
from schedule.forms import SeatingForm
from schedule.models import Reservation
from schedule.programme import Programme
from schedule.services.rsvp import checkin_record, seating_configure

PERMISSION = "schedule.manage_attendance"


def _released_talks(conference) -> list:
    release = selectors.latest_release(conference)
    if release is None:
        return []
    programme = Programme(release.snapshot, release_id=release.pk)
    return [item for item in programme.items if item.is_talk]


@conference_permission_required(PERMISSION)
def sessions(request, conference):
    """Every talk of the latest release, with its RSVP setting; a form per talk switches it."""
    talks = _released_talks(conference)
    seatings = {seating.submission.code: seating for seating in attendance.seatings_of(conference)}
    if request.method == "POST":
        submission = get_object_or_404(Submission, conference=conference, code=request.POST.get("code", ""))
        form = SeatingForm(request.POST)
        if form.is_valid():
            try:
                seating_configure(submission=submission, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_from(request, error)
            else:
                messages.success(request, _("Seats of “%(title)s” saved.") % {"title": submission.title})
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("schedule-manage:sessions", slug=conference.slug)
    rows = []
    for talk in talks:
        seating = seatings.get(talk.code)
        initial = {
            "rsvp_required": seating.rsvp_required if seating else False,
            "capacity": seating.capacity if seating else (talk.room or {}).get("capacity"),
        }
        rows.append((talk, seating, SeatingForm(initial=initial, auto_id=f"seats-{talk.code}-%s")))
    with timezone.override(conference.tzinfo):
        return render(request, "schedule/attendance/sessions.html", {"conference": conference, "rows": rows})


def _seating_or_404(conference, code: str):
    seating = attendance.seating_of(conference, code)
    if seating is None:
        raise Http404
    return seating


@conference_permission_required(PERMISSION)
def session(request, conference, code: str):
    seating = _seating_or_404(conference, code)
    line = list(attendance.line_of(seating))
    context = {
        "conference": conference,
        "seating": seating,
        "seated": [r for r in line if r.status == Reservation.Status.CONFIRMED],
        "waiting": [r for r in line if r.status == Reservation.Status.WAITING],
    }
    with timezone.override(conference.tzinfo):
        return render(request, "schedule/attendance/session.html", context)


@conference_permission_required(PERMISSION)
def session_export(request, conference, code: str):
    seating = _seating_or_404(conference, code)
    tz = conference.tzinfo
    rows = (
        (
            r.user.name,
            r.user.email,
            r.get_status_display(),
            r.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            r.checked_in_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
        )
        for r in attendance.line_of(seating).iterator()
    )
    header = [_("Name"), _("E-mail"), _("Status"), _("Since"), _("Checked in")]
    return csv_download(header=header, rows=rows, name=f"{conference.slug}-{code}-rsvp")


@conference_permission_required(PERMISSION)
def door(request, conference, code: str):
    """The check-in page: a search box and one button per seat holder."""
    seating = _seating_or_404(conference, code)
    search = request.GET.get("q", "").strip()[:100]
    holders = [r for r in attendance.line_of(seating, search) if r.status == Reservation.Status.CONFIRMED]
    context = {"conference": conference, "seating": seating, "holders": holders, "search": search}
    with timezone.override(conference.tzinfo):
        return render(request, "schedule/attendance/door.html", context)


@conference_permission_required(PERMISSION)
@require_POST
def door_checkin(request, conference, code: str, reservation: str):
    seating = _seating_or_404(conference, code)
    found = get_object_or_404(Reservation.objects.select_related("user"), seating=seating, code=reservation)
    try:
        found, new = checkin_record(reservation=found, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        name = found.user.name or found.user.email
        if new:
            messages.success(request, _("%(name)s is checked in.") % {"name": name})
        else:
            messages.info(request, _("%(name)s was already checked in.") % {"name": name})
    target = redirect("schedule-manage:door", slug=conference.slug, code=code)
    if request.POST.get("q"):
        target["Location"] += "?" + urlencode({"q": request.POST["q"][:100]})
    return target
