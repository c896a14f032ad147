"""Mentor pages: publish and cancel slots, see who booked, mark attendance, read shared proposals,
and the personal calendar feed."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.access import conference_permission_required
from common.confirm import confirmation_page, is_confirmed
from common.views import form_error_from, message_from
from office_hours import calendar, selectors, windows
from office_hours.forms import AttendanceForm, SlotPlanForm
from office_hours.models import MentorFeed, Slot
from office_hours.services.bookings import booking_mark_attendance
from office_hours.services.slots import mentor_feed_for, mentor_feed_revoke, slot_cancel, slots_publish
from office_hours.views import _own_booking


@conference_permission_required("office_hours.publish_slots")
def mentor_home(request, conference):
    feed = mentor_feed_for(conference=conference, mentor=request.user)
    now = timezone.now()
    context = {
        "conference": conference,
        "slots": selectors.mentor_slots(conference=conference, mentor=request.user, since=now - dt.timedelta(days=7)),
        "now": now,
        "mentor_tz": request.user.timezone,
        "feed_url": settings.SITE_URL + reverse("office_hours:mentor-feed", args=[feed.token]),
        "kinds": windows.enabled_kinds(conference),
    }
    return render(request, "office_hours/mentor_home.html", context)


@conference_permission_required("office_hours.publish_slots")
def slot_new(request, conference):
    kinds = windows.enabled_kinds(conference)
    form = SlotPlanForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            slots = slots_publish(conference=conference, mentor=request.user, plan=form.plan())
        except ValidationError as error:
            form_error_from(form, error)
        else:
            published = ngettext("%(n)s slot published.", "%(n)s slots published.", len(slots))
            messages.success(request, published % {"n": len(slots)})
            return redirect("office_hours:mentor-home", slug=conference.slug)
    context = {"conference": conference, "form": form, "mentor_tz": request.user.timezone, "kinds": kinds}
    return render(request, "office_hours/slot_form.html", context)


@conference_permission_required("office_hours.publish_slots")
@require_POST
def slot_cancel_view(request, conference, code: str):
    slot = Slot.objects.filter(conference=conference, code=code).select_related("conference").first()
    if slot is None or not request.user.has_perm("office_hours.change_slot", slot):
        raise Http404
    if not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Cancel this slot?"),
            detail=_("Anyone booked on it is told, and their calendars get the cancellation."),
            button=_("Yes, cancel the slot"),
            back=reverse("office_hours:mentor-home", args=[conference.slug]),
        )
    try:
        slot_cancel(slot=slot, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(request, _("The slot is cancelled; anyone booked has been told."))
    return redirect("office_hours:mentor-home", slug=conference.slug)


@conference_permission_required("office_hours.publish_slots")
def mentor_booking(request, conference, code: str):
    booking = _own_booking(request, conference, code, "office_hours.mark_attendance")
    form = AttendanceForm(request.POST or None, initial={"attendance": booking.attendance})
    if request.method == "POST" and form.is_valid():
        try:
            booking_mark_attendance(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("office_hours:mentor-booking", slug=conference.slug, code=code)
    context = {
        "conference": conference,
        "booking": booking,
        "slot": booking.slot,
        "form": form,
        "now": timezone.now(),
        "mentor_tz": request.user.timezone,
        "can_read_submission": request.user.has_perm("office_hours.view_shared_submission", booking),
    }
    return render(request, "office_hours/mentor_booking.html", context)


@conference_permission_required("office_hours.publish_slots")
def shared_submission(request, conference, code: str):
    booking = _own_booking(request, conference, code, "office_hours.view_shared_submission")
    context = {"conference": conference, "booking": booking, "submission": selectors.shared_submission(booking=booking)}
    return render(request, "office_hours/shared_submission.html", context)


@conference_permission_required("office_hours.publish_slots")
@require_POST
def feed_revoke(request, conference):
    mentor_feed_revoke(conference=conference, mentor=request.user)
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("office_hours:mentor-home", slug=conference.slug)


def feed(request, token: str):
    """The mentor's bookings as an iCal feed. The unguessable token is the credential."""
    found = MentorFeed.objects.select_related("conference", "mentor").filter(token=token).first()
    if found is None or not found.mentor.has_perm("office_hours.publish_slots", found.conference):
        raise Http404
    bookings = selectors.mentor_feed_bookings(found)
    name = _("Office hours · %(conference)s") % {"conference": found.conference.name}
    return HttpResponse(calendar.mentor_feed(bookings, name), content_type="text/calendar; charset=utf-8")
