"""Organisers' review setup and assignment pages under /manage/<conference>/review/."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from, message_from
from review import selectors
from review.forms import AssignmentAddForm, CategoryForm, PhaseForm, ReviewSettingsForm
from review.models import Assignment, ReviewPhase, ScoreCategory
from review.services.committee import assignment_add, assignment_remove, assignments_generate, reviewers_of
from review.services.setup import category_delete, category_save, phase_delete, phase_save, review_settings_update


@conference_permission_required("review.manage_review")
def setup(request, conference):
    form = ReviewSettingsForm(request.POST or None, instance=selectors.review_settings_for(conference))
    if request.method == "POST" and form.is_valid():
        review_settings_update(conference=conference, by=request.user, **form.cleaned_data)
        messages.success(request, _("The review settings are saved."))
        return redirect("review-manage:setup", slug=conference.slug)
    with timezone.override(conference.tzinfo):
        context = {
            "conference": conference,
            "form": form,
            "phases": ReviewPhase.objects.filter(conference=conference),
            "current_phase": selectors.phase_status(conference).phase,
            "categories": ScoreCategory.objects.filter(conference=conference).select_related("track"),
        }
        return render(request, "review/manage/setup.html", context)


def _edit(request, conference, *, form, save, success: str, template: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, success)
            return redirect("review-manage:setup", slug=conference.slug)
    return render(request, template, {"conference": conference, "form": form})


@conference_permission_required("review.manage_review")
def phase_edit(request, conference, pk: int | None = None):
    phase = get_object_or_404(ReviewPhase, conference=conference, pk=pk) if pk else None
    with timezone.override(conference.tzinfo):
        if request.method == "POST" and request.POST.get("action") == "delete" and phase is not None:
            phase_delete(phase=phase, by=request.user)
            messages.success(request, _("The phase is deleted."))
            return redirect("review-manage:setup", slug=conference.slug)
        form = PhaseForm(request.POST or None, instance=phase)
        return _edit(
            request,
            conference,
            form=form,
            save=lambda data: phase_save(conference=conference, by=request.user, phase=phase, **data),
            success=_("The phase is saved."),
            template="review/manage/phase_form.html",
        )


@conference_permission_required("review.manage_review")
def category_edit(request, conference, pk: int | None = None):
    category = get_object_or_404(ScoreCategory, conference=conference, pk=pk) if pk else None
    if request.method == "POST" and request.POST.get("action") == "delete" and category is not None:
        try:
            category_delete(category=category, by=request.user)
        except ValidationError as error:
            message_from(request, error)
        else:
            messages.success(request, _("The category is deleted."))
        return redirect("review-manage:setup", slug=conference.slug)
    form = CategoryForm(request.POST or None, instance=category, conference=conference)
    return _edit(
        request,
        conference,
        form=form,
        save=lambda data: category_save(conference=conference, by=request.user, category=category, **data),
        success=_("The score category is saved."),
        template="review/manage/category_form.html",
    )


@conference_permission_required("review.manage_review")
def assignments(request, conference):
    context = {
        "conference": conference,
        "review_settings": selectors.review_settings_for(conference),
    } | selectors.assignment_overview(conference)
    return render(request, "review/manage/assignments.html", context)


@conference_permission_required("review.manage_review")
@require_POST
def assign_automatically(request, conference):
    created = assignments_generate(conference=conference, by=request.user)
    created_text = ngettext("%(count)s assignment created.", "%(count)s assignments created.", created)
    messages.success(request, created_text % {"count": created})
    return redirect("review-manage:assignments", slug=conference.slug)


@conference_permission_required("review.manage_review")
@require_POST
def assignment_new(request, conference, code: str):
    submission = get_object_or_404(Submission, conference=conference, code=code)
    reviewer_ids = [reviewer.pk for reviewer in reviewers_of(conference)]
    form = AssignmentAddForm(request.POST, reviewers=get_user_model().objects.filter(pk__in=reviewer_ids))
    if form.is_valid():
        try:
            assignment_add(submission=submission, reviewer=form.cleaned_data["reviewer"], by=request.user)
        except ValidationError as error:
            message_from(request, error)
        else:
            messages.success(request, _("Reviewer added to “%(title)s”.") % {"title": submission.title})
    else:
        messages.error(request, _("Choose a reviewer."))
    return redirect(reverse("review-manage:assignments", kwargs={"slug": conference.slug}) + f"#s-{code}")


@conference_permission_required("review.manage_review")
@require_POST
def assignment_delete(request, conference, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("submission__conference", "reviewer"),
        pk=pk,
        submission__conference=conference,
    )
    assignment_remove(assignment=assignment, by=request.user)
    messages.success(request, _("Reviewer removed from “%(title)s”.") % {"title": assignment.submission.title})
    return redirect("review-manage:assignments", slug=conference.slug)
