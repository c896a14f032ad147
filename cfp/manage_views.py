"""Organiser back office for the call for papers: submissions, export, settings, questions, codes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp import selectors
from cfp.charts import cumulative_line_chart
from cfp.forms import CfpSettingsForm, LateCodeForm, QuestionForm, SubmissionFilterForm
from cfp.models import LateAccessCode, Question, Submission
from cfp.services.setup import cfp_settings_update, late_code_create, question_save
from common.access import conference_permission_required
from common.csv_export import csv_download
from common.views import form_error_from


def _filters(form: SubmissionFilterForm) -> selectors.SubmissionFilters:
    if not form.is_valid():
        return selectors.SubmissionFilters()
    data = form.cleaned_data
    first_time = {"yes": True, "no": False}.get(data.get("first_time") or "")
    return selectors.SubmissionFilters(
        track=data.get("track") or "",
        submission_type=data.get("submission_type") or "",
        level=data.get("level") or "",
        state=data.get("state") or "",
        first_time=first_time,
        search=data.get("search") or "",
    )


@conference_permission_required("cfp.view_all_submissions")
def submission_list(request, conference):
    form = SubmissionFilterForm(request.GET or None, conference=conference)
    submissions = selectors.submissions_for_organiser(conference=conference, filters=_filters(form))
    series = selectors.submissions_per_day(conference=conference)
    context = {
        "conference": conference,
        "filter_form": form,
        "submissions": submissions,
        "track_counts": selectors.counts_by_track(conference=conference),
        "chart": cumulative_line_chart(series.days, series.tracks),
        "query": request.GET.urlencode(),
    }
    return render(request, "cfp/manage/submission_list.html", context)


@conference_permission_required("cfp.view_all_submissions")
def submission_export(request, conference):
    form = SubmissionFilterForm(request.GET or None, conference=conference)
    submissions = selectors.submissions_for_organiser(conference=conference, filters=_filters(form))
    header = [
        "code",
        "title",
        "state",
        "track",
        "format",
        "level",
        "language",
        "first_time_speaker",
        "speakers",
        "speaker_emails",
        "submitted_at",
        "possible_duplicate_of",
    ]

    def rows():
        for submission in submissions.iterator(chunk_size=500):
            links = submission.speaker_links.all()
            yield [
                submission.code,
                submission.title,
                submission.state,
                submission.track.name,
                submission.submission_type.name,
                submission.level.name,
                submission.language,
                "yes" if submission.is_first_time_speaker else "no",
                "; ".join(link.user.name or link.user.email for link in links),
                "; ".join(link.user.email for link in links),
                submission.submitted_at.isoformat() if submission.submitted_at else "",
                submission.possible_duplicate_of.code if submission.possible_duplicate_of else "",
            ]

    return csv_download(header=header, rows=rows(), name=f"{conference.slug}-submissions")


@conference_permission_required("cfp.view_all_submissions")
def submission_review_detail(request, conference, code: str):
    try:
        submission = selectors.submission_detail(code=code)
    except Submission.DoesNotExist:
        raise Http404 from None
    if submission.conference_id != conference.pk or not request.user.has_perm("cfp.view_submission", submission):
        raise Http404
    return render(request, "cfp/manage/submission_detail.html", {"conference": conference, "submission": submission})


@conference_permission_required("cfp.change_cfp_settings")
def cfp_settings(request, conference):
    current = selectors.cfp_settings_for(conference)
    form = CfpSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            cfp_settings_update(conference=conference, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The call for papers settings are saved."))
            return redirect("cfp-manage:settings", slug=conference.slug)
    context = {
        "conference": conference,
        "form": form,
        "questions": Question.objects.filter(conference=conference).prefetch_related("tracks", "submission_types"),
        "late_codes": LateAccessCode.objects.filter(conference=conference).order_by("-created_at"),
        "question_form": QuestionForm(conference=conference),
        "late_code_form": LateCodeForm(),
    }
    return render(request, "cfp/manage/settings.html", context)


@conference_permission_required("cfp.change_cfp_settings")
def question_edit(request, conference, pk: int | None = None):
    question = get_object_or_404(Question, conference=conference, pk=pk) if pk else None
    form = QuestionForm(request.POST or None, instance=question, conference=conference)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tracks, types = data.pop("tracks"), data.pop("submission_types")
        data.pop("options_text", None)
        try:
            question_save(
                conference=conference, by=request.user, question=question, tracks=tracks, submission_types=types, **data
            )
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("cfp-manage:settings", slug=conference.slug)
    return render(request, "cfp/manage/question_form.html", {"conference": conference, "form": form})


@conference_permission_required("cfp.change_cfp_settings")
def late_code_new(request, conference):
    form = LateCodeForm(request.POST or None)
    with timezone.override(conference.tzinfo):
        if request.method == "POST" and form.is_valid():
            code = late_code_create(conference=conference, by=request.user, **form.cleaned_data)
            messages.success(request, _("New late-submission code: %(code)s") % {"code": code.code})
            return redirect("cfp-manage:settings", slug=conference.slug)
        return render(request, "cfp/manage/late_code_form.html", {"conference": conference, "form": form})
