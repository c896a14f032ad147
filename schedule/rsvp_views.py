"""What an attendee sees of seats on the public pages.

The pages themselves are cached per release (schedule.views) and the same for everyone, so seats
come in two htmx fragments: the labels of every session (one query, then cached per conference and
language for LABEL_SECONDS: they change more often than a release, but a minute late is fine for
"filling"), swapped out-of-band into each talk's placeholder; and the talk page's own panel, which is
the visitor's (their seat or place in line, the button), never cached."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.access import conference_permission_required
from schedule import attendance
from schedule import cache as schedule_cache
from schedule.models import Reservation
from schedule.services.rsvp import reservation_cancel, reservation_create

LABEL_SECONDS = 30


@require_GET
def seat_labels(request, slug: str):
    """Public, through the schedule's cache pointer like the pages it decorates (a public conference
    with a release, or 404)."""
    pointer = schedule_cache.current(slug)
    if pointer is None or not pointer.release_id:
        raise Http404
    key = f"schedule:seat-labels:{slug}:{translation.get_language()}"
    body = cache.get(key)
    if body is None:
        labels = attendance.seat_labels(attendance.conference_id_of_release(pointer.release_id))
        body = render_to_string("schedule/public/_seat_labels.html", {"labels": labels})
        cache.set(key, body, LABEL_SECONDS)
    response = HttpResponse(body)
    response["Cache-Control"] = f"public, max-age={LABEL_SECONDS}"
    return response


def _panel(request, conference, code: str, *, error: str = "", done: str = "", status: int = 200):
    seating = attendance.seating_of(conference, code)
    if seating is None:
        return HttpResponse("")
    mine, place = attendance.place_of(request.user, seating)
    label = attendance.label_of(seating.capacity, seating.seats_taken, seating.waiting)
    context = {
        "conference": conference,
        "code": code,
        "seating": seating,
        "label": label,
        "mine": mine,
        "place": place,
        "error": error,
        "done": done,
    }
    return render(request, "schedule/public/_rsvp_panel.html", context, status=status)


@conference_permission_required(sign_in=False)
@require_http_methods(["GET", "POST"])
def rsvp_panel(request, conference, code: str):
    """GET: the visitor's panel. POST: reserve a seat or join the waiting line. Refusals come back
    on the panel, with nothing changed."""
    if request.method == "GET":
        return _panel(request, conference, code)
    seating = attendance.seating_of(conference, code)
    if seating is None:
        context = {"conference": conference, "code": code, "seating": None, "error": _no_rsvp()}
        return render(request, "schedule/public/_rsvp_panel.html", context, status=400)
    if not request.user.is_authenticated:
        return _panel(request, conference, code, error=_sign_in(), status=401)
    try:
        reservation = reservation_create(seating=seating, user=request.user)
    except ValidationError as error:
        return _panel(request, conference, code, error=" ".join(error.messages), status=400)
    done = (
        _("Your seat is reserved.")
        if reservation.status == Reservation.Status.CONFIRMED
        else _("The session is full: you are on the waiting list.")
    )
    return _panel(request, conference, code, done=done)


@conference_permission_required(sign_in=False)
@require_http_methods(["POST"])
def rsvp_cancel(request, conference, code: str):
    if not request.user.is_authenticated:
        return _panel(request, conference, code, error=_sign_in(), status=401)
    reservation = (
        Reservation.objects.filter(
            seating__conference=conference,
            seating__submission__code=code,
            user=request.user,
            status__in=attendance.ACTIVE,
        )
        .select_related("seating")
        .first()
    )
    if reservation is None or not request.user.has_perm("schedule.cancel_reservation", reservation):
        return _panel(request, conference, code, error=_("You have no place at this session."), status=400)
    try:
        reservation_cancel(reservation=reservation, by=request.user)
    except ValidationError as error:
        return _panel(request, conference, code, error=" ".join(error.messages), status=400)
    return _panel(request, conference, code, done=_("Your place is cancelled."))


def _sign_in() -> str:
    return _("Sign in to reserve a seat.")


def _no_rsvp() -> str:
    return _("This session takes no reservations: just come along.")
