"""Organisers' slide pages under /manage/<conference>/slides/: the dashboard, the settings with the
slide reviewers, and one talk's deadlines with its extensions. Access is the policy's
(common.access): someone who may see the conference but is no organiser gets 403, and a talk that
is not an accepted talk of this conference is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from
from conference.models import Conference
from slides import charts
from slides.forms.manage import DeadlineExtensionForm, SlideReviewerForm, SlidesSettingsForm
from slides.models import SlidesSettings
from slides.selectors import organisers
from slides.selectors.talks import settings_for
from slides.services.lateness import UNTIL_ERRORS, deadline_extend, deadlines_of
from slides.services.setup import slide_reviewer_appoint, slide_reviewer_remove, slides_settings_update


def _charts(conference: Conference, board: organisers.Dashboard):
    """The uploads of every track together, then one chart per track on the same days and scale
    (none when a single track has uploads: it would repeat the first)."""
    tz = conference.tzinfo
    marks = []
    if conference.slides_draft_deadline:
        marks.append((conference.slides_draft_deadline.astimezone(tz).date(), _("draft due")))
    finals: dict = {}
    for row in board.rows:
        if row.due.final is not None:
            day = row.due.final.astimezone(tz).date()
            finals[day] = finals.get(day, 0) + 1
    marks += [(day, _("finals due: %(n)s") % {"n": n}) for day, n in finals.items()]
    today = timezone.now().astimezone(tz).date()
    chart = charts.uploads_against_deadlines(board.uploads, marks, today=today, today_label=_("today"))
    if chart is None or len(board.track_uploads) < 2:
        return chart, []
    per_track = [
        (
            name,
            days,
            charts.uploads_against_deadlines(
                days, marks, today=today, today_label=_("today"), days=(chart.first, chart.last), top=chart.top
            ),
        )
        for name, days in board.track_uploads
    ]
    return chart, per_track


@conference_permission_required("slides.manage")
def dashboard(request, conference: Conference):
    board = organisers.dashboard(conference=conference)
    with timezone.override(conference.tzinfo):
        chart, track_charts = _charts(conference, board)
        context = {"conference": conference, "board": board, "chart": chart, "track_charts": track_charts}
        return render(request, "slides/manage/dashboard.html", context)


def _settings_page(request, conference: Conference, *, settings_form=None, reviewer_form=None, status: int = 200):
    context = {
        "conference": conference,
        "form": settings_form or SlidesSettingsForm(instance=settings_for(conference)),
        "reviewer_form": reviewer_form or SlideReviewerForm(conference=conference),
        "reviewers": organisers.slide_reviewers_of(conference),
    }
    return render(request, "slides/manage/settings.html", context, status=status)


@conference_permission_required("slides.manage")
def settings_edit(request, conference: Conference):
    with timezone.override(conference.tzinfo):
        if request.method != "POST":
            return _settings_page(request, conference)
        form = SlidesSettingsForm(request.POST, instance=SlidesSettings(conference=conference))
        if form.is_valid():
            try:
                slides_settings_update(conference=conference, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("The slides settings are saved."))
                return redirect("slides-manage:settings", slug=conference.slug)
        return _settings_page(request, conference, settings_form=form)


@conference_permission_required("slides.manage")
@require_POST
def reviewer_appoint(request, conference: Conference):
    form = SlideReviewerForm(request.POST, conference=conference)
    if not form.is_valid():
        with timezone.override(conference.tzinfo):
            return _settings_page(request, conference, reviewer_form=form)
    reviewer = slide_reviewer_appoint(
        conference=conference, user=form.user, tracks=list(form.cleaned_data["tracks"]), by=request.user
    )
    messages.success(request, _("%(name)s reviews slides now.") % {"name": reviewer.user.get_full_name()})
    return redirect("slides-manage:settings", slug=conference.slug)


@conference_permission_required("slides.manage")
@require_POST
def reviewer_remove(request, conference: Conference, pk: int):
    reviewer = organisers.slide_reviewer_of(conference, pk)
    if reviewer is None:
        raise Http404
    slide_reviewer_remove(reviewer=reviewer, by=request.user)
    messages.success(request, _("%(name)s no longer reviews slides.") % {"name": reviewer.user.get_full_name()})
    return redirect("slides-manage:settings", slug=conference.slug)


@conference_permission_required("slides.manage")
def talk_deadlines(request, conference: Conference, code: str):
    try:
        submission = organisers.talk_for_organiser(conference=conference, code=code)
    except Submission.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("slides.extend_deadline", submission):
        raise Http404
    talk = getattr(submission, "slides", None)
    with timezone.override(conference.tzinfo):
        form = DeadlineExtensionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                deadline_extend(submission=submission, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_error_from(form, error, field="until" if error.code in UNTIL_ERRORS else None)
            else:
                messages.success(request, _("The deadline is extended."))
                return redirect("slides-manage:talk", slug=conference.slug, code=code)
        context = {
            "conference": conference,
            "submission": submission,
            "talk": talk,
            "due": deadlines_of(submission, talk),
            "form": form,
            "extensions": organisers.extensions_of(submission),
        }
        return render(request, "slides/manage/talk_deadlines.html", context)
