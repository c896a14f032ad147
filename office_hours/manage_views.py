"""Organiser back office for office hours: settings, and how the sessions are used."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.access import conference_permission_required
from common.views import form_error_from
from office_hours import charts, selectors, windows
from office_hours.forms import OfficeHoursSettingsForm
from office_hours.services.slots import office_hours_settings_update


@conference_permission_required("office_hours.manage")
def overview(request, conference):
    found = selectors.outcomes(conference=conference)
    mentored, others = found["mentored"], found["others"]
    outcome_chart = charts.grouped_percent_bars(
        [
            (
                _("Came to office hours"),
                [
                    (_("submitted"), mentored.percent(mentored.submitted), "#1f6feb"),
                    (_("accepted"), mentored.percent(mentored.accepted), "#1a7f37"),
                ],
            ),
            (
                _("Everyone else"),
                [
                    (_("submitted"), others.percent(others.submitted), "#1f6feb"),
                    (_("accepted"), others.percent(others.accepted), "#1a7f37"),
                ],
            ),
        ]
    )
    context = {
        "conference": conference,
        "mentors": selectors.stats_per_mentor(conference=conference),
        "day_chart": charts.daily_bars(selectors.bookings_per_day(conference=conference)),
        "outcome_chart": outcome_chart,
        "mentored": mentored,
        "others": others,
    }
    return render(request, "office_hours/manage/overview.html", context)


@conference_permission_required("office_hours.manage")
def settings_edit(request, conference):
    with timezone.override(conference.tzinfo):
        form = OfficeHoursSettingsForm(request.POST or None, instance=windows.settings_of(conference))
        if request.method == "POST" and form.is_valid():
            try:
                office_hours_settings_update(conference=conference, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("The office hours settings are saved."))
                return redirect("office_hours_manage:settings", slug=conference.slug)
        has_webhook = bool(windows.settings_of(conference).webhook_url)
        return render(
            request,
            "office_hours/manage/settings.html",
            {"conference": conference, "form": form, "has_webhook": has_webhook},
        )
