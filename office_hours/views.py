"""Speaker pages: free slots in the viewer's time zone, booking, and the speaker's own bookings."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import conference_permission_required
from common.confirm import confirmation_page, is_confirmed
from common.views import form_error_from, message_from
from conference.models import Conference
from office_hours import calendar, selectors, windows
from office_hours.forms import BookingForm, FeedbackForm, RecordingForm, RescheduleForm, SlotFilterForm
from office_hours.models import Booking, Kind, Slot
from office_hours.services.bookings import (
    booking_cancel,
    booking_create,
    booking_give_feedback,
    booking_reschedule,
    booking_set_recording,
)

# Hundreds of mentor slots would make one page grow without bound.
SLOTS_PER_PAGE = 25


def _own_booking(request, conference: Conference, code: str, permission: str = "office_hours.change_booking"):
    try:
        booking = selectors.booking_detail(conference=conference, code=code)
    except Booking.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, booking):
        # Someone else's booking looks like no booking at all.
        raise Http404
    return booking


def _viewer_context(request, conference: Conference) -> dict:
    oh = windows.settings_of(conference)
    has_booking = selectors.has_active_booking(conference=conference, speaker=request.user)
    return {
        "conference": conference,
        "viewer_tz": request.user.timezone,
        "same_tz": request.user.timezone == conference.timezone,
        "channel": oh if has_booking and oh.channel_name else None,
    }


@conference_permission_required("office_hours.book")
def slot_list(request, conference):
    now = timezone.now()
    kinds = windows.enabled_kinds(conference)
    form = SlotFilterForm(request.GET or None, kinds=kinds, mentors=selectors.mentors_of(conference))
    filters = form.cleaned_data if form.is_valid() else {}
    slots = selectors.free_slots(
        conference=conference,
        now=now,
        kind=filters.get("kind") or "",
        day=filters.get("day"),
        mentor_id=filters.get("mentor"),
    ).filter(kind__in=kinds)
    # A page past the last one shows the last: a link kept from when there were more slots still lands somewhere.
    page = Paginator(slots, SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    first_time = windows.is_first_time_speaker(request.user, conference)
    context = _viewer_context(request, conference) | {
        "filter_form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "slots": page.object_list,
        "now": now,
        "first_time": first_time,
        "open_kinds": [Kind(kind).label for kind in kinds if windows.is_open(conference, kind, now)],
        "kinds_enabled": bool(kinds),
    }
    return render(request, "office_hours/slot_list.html", context)


@conference_permission_required("office_hours.book")
def slot_book(request, conference, code: str):
    try:
        slot = selectors.slot_detail(conference=conference, code=code)
    except Slot.DoesNotExist:
        raise Http404 from None
    submissions = selectors.speaker_submissions(conference=conference, speaker=request.user)
    form = BookingForm(request.POST or None, submissions=submissions)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_create(slot=slot, speaker=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Booked. We e-mailed you and the mentor a calendar invite."))
            return redirect("office_hours:booking", slug=conference.slug, code=booking.code)
    context = _viewer_context(request, conference) | {"slot": slot, "form": form}
    return render(request, "office_hours/slot_book.html", context)


@conference_permission_required("office_hours.book")
def my_bookings(request, conference):
    context = _viewer_context(request, conference) | {
        "bookings": selectors.bookings_of_speaker(conference=conference, speaker=request.user),
        "now": timezone.now(),
    }
    return render(request, "office_hours/my_bookings.html", context)


@conference_permission_required("office_hours.book")
def booking_detail(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    now = timezone.now()
    alternatives = selectors.free_slots(conference=conference, now=now, kind=booking.slot.kind).exclude(
        pk=booking.slot_id
    )
    tz = ZoneInfo(request.user.timezone)
    context = _viewer_context(request, conference) | {
        "booking": booking,
        "slot": booking.slot,
        "now": now,
        "reschedule_form": RescheduleForm(slots=alternatives, tz=tz) if booking.is_active else None,
        "feedback_form": FeedbackForm()
        if booking.is_active and booking.ends_at <= now and not booking.feedback_at
        else None,
        "recording_form": RecordingForm(initial={"recording_url": booking.recording_url})
        if booking.is_active and booking.slot.kind == Kind.REHEARSAL and booking.starts_at <= now
        else None,
    }
    return render(request, "office_hours/booking_detail.html", context)


@conference_permission_required("office_hours.book")
def booking_calendar(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    response = HttpResponse(calendar.booking_download(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="office-hours-{booking.code}.ics"'
    return response


def _report(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(request, success)


@conference_permission_required("office_hours.book")
@require_POST
def booking_cancel_view(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Cancel this booking?"),
            detail=_("The mentor is told, and your calendar gets the cancellation."),
            button=_("Yes, cancel my booking"),
            back=reverse("office_hours:booking", args=[conference.slug, code]),
        )
    _report(
        request,
        lambda: booking_cancel(booking=booking, by=request.user),
        _("Your booking is cancelled. We e-mailed the calendar cancellation."),
    )
    return redirect("office_hours:booking", slug=conference.slug, code=code)


@conference_permission_required("office_hours.book")
@require_POST
def booking_reschedule_view(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    slots = Slot.objects.filter(conference=conference).select_related("mentor")
    form = RescheduleForm(request.POST, slots=slots, tz=ZoneInfo(request.user.timezone))
    if not form.is_valid():
        messages.error(request, _("Choose a slot to move to."))
        return redirect("office_hours:booking", slug=conference.slug, code=code)
    try:
        moved = booking_reschedule(booking=booking, new_slot=form.cleaned_data["new_slot"], by=request.user)
    except ValidationError as error:
        message_from(request, error, then=_("Your booking is unchanged."))
        return redirect("office_hours:booking", slug=conference.slug, code=code)
    messages.success(request, _("Moved. We e-mailed the new invite and cancelled the old one."))
    return redirect("office_hours:booking", slug=conference.slug, code=moved.code)


@conference_permission_required("office_hours.book")
@require_POST
def booking_feedback_view(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        _report(
            request,
            lambda: booking_give_feedback(booking=booking, by=request.user, **form.cleaned_data),
            _("Thank you for your feedback."),
        )
    else:
        messages.error(request, _("Rate the session from 1 to 5."))
    return redirect("office_hours:booking", slug=conference.slug, code=code)


@conference_permission_required("office_hours.book")
@require_POST
def booking_recording_view(request, conference, code: str):
    booking = _own_booking(request, conference, code)
    form = RecordingForm(request.POST)
    if form.is_valid():
        _report(
            request,
            lambda: booking_set_recording(booking=booking, by=request.user, **form.cleaned_data),
            _("The recording link is saved."),
        )
    else:
        messages.error(request, _("Enter a valid link."))
    return redirect("office_hours:booking", slug=conference.slug, code=code)
