"""The speaker portal's small page: when a speaker cannot present during a conference."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import conference_permission_required
from common.views import form_error_from
from schedule import selectors
from schedule.forms import SERVICE_FIELDS, UnavailabilityForm
from schedule.models import SpeakerUnavailability
from schedule.services.attendees import unavailability_declare, unavailability_remove


@conference_permission_required("schedule.declare_unavailability")
def unavailability(request, conference):
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
            form_error_from(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, _("The organisers will not schedule you then."))
            return redirect("schedule:unavailability", slug=conference.slug)
    with timezone.override(conference.tzinfo):
        context = {
            "conference": conference,
            "form": form,
            "unavailabilities": selectors.unavailabilities_of_speaker(request.user, conference),
        }
        return render(request, "schedule/speaker/unavailability.html", context)


@conference_permission_required("schedule.declare_unavailability")
@require_POST
def unavailability_remove_view(request, conference, pk: int):
    found = get_object_or_404(SpeakerUnavailability.objects.select_related("conference"), conference=conference, pk=pk)
    if not request.user.has_perm("schedule.remove_unavailability", found):
        raise Http404
    unavailability_remove(unavailability=found, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("schedule:unavailability", slug=conference.slug)
