"""The speaker portal's small page: when a speaker cannot present during a conference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conference.models import Conference
from schedule import selectors
from schedule.forms import UnavailabilityForm, add_service_error
from schedule.models import SpeakerUnavailability
from schedule.services.attendees import unavailability_declare, unavailability_remove


def _conference(request, slug: str) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not request.user.has_perm("schedule.declare_unavailability", conference):
        raise Http404  # not a speaker there: nothing to see, nothing to leak
    return conference


@login_required
def unavailability(request, slug: str):
    conference = _conference(request, slug)
    form = UnavailabilityForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            unavailability_declare(
                conference=conference,
                user=request.user,
                starts_at=form.at("start"),
                ends_at=form.at("end"),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The organisers will not schedule you then."))
            return redirect("schedule:unavailability", slug=slug)
    with timezone.override(conference.tzinfo):
        context = {
            "conference": conference,
            "form": form,
            "unavailabilities": selectors.unavailabilities_of_speaker(request.user, conference),
        }
        return render(request, "schedule/speaker/unavailability.html", context)


@login_required
@require_POST
def unavailability_remove_view(request, slug: str, pk: int):
    conference = _conference(request, slug)
    found = get_object_or_404(SpeakerUnavailability.objects.select_related("conference"), conference=conference, pk=pk)
    if not request.user.has_perm("schedule.remove_unavailability", found):
        raise Http404
    unavailability_remove(unavailability=found, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("schedule:unavailability", slug=slug)
