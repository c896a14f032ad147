"""Slide review under /slides/<conference>/review/: the talks a slide reviewer or organiser may read,
one talk's versions with comments per page, and the verdict. Someone who may see the conference
but reviews no slides there gets 403 (common.access); a talk they may not review is 404."""

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
from slides.forms.versions import CommentForm, VerdictForm
from slides.models import SlideVersion
from slides.selectors import talks
from slides.services.review import comment_add, version_review


def _talk(request, conference: Conference, code: str) -> Submission:
    submission = talks.talk_by_code(code=code, conference_slug=conference.slug)
    if submission is None or not request.user.has_perm("slides.review", submission):
        raise Http404
    return submission


def _version(submission: Submission, number: int) -> SlideVersion:
    try:
        return talks.version_detail(submission, number)
    except SlideVersion.DoesNotExist:
        raise Http404 from None


@conference_permission_required("slides.open_review_list")
def review_list(request, conference: Conference):
    rows = talks.reviewable_talks(request.user, conference)
    return render(request, "slides/review_list.html", {"conference": conference, "rows": rows, "now": timezone.now()})


def _talk_page(request, submission: Submission, version: SlideVersion | None, comment_form=None, verdict_form=None):
    versions = talks.versions_with_feedback(submission)
    if version is None and versions:
        version = versions[0]
    context = {
        "conference": submission.conference,
        "submission": submission,
        "row": talks.talk_row(submission),
        "versions": versions,
        "version": next((v for v in versions if version and v.pk == version.pk), None),
        "comment_form": comment_form or (CommentForm(page_count=version.page_count) if version else None),
        "verdict_form": verdict_form or VerdictForm(),
        "now": timezone.now(),
    }
    return render(request, "slides/review_talk.html", context)


@conference_permission_required("slides.open_review_list")
def review_talk(request, conference: Conference, code: str):
    submission = _talk(request, conference, code)
    number = request.GET.get("version", "")
    version = _version(submission, int(number)) if number.isdigit() else None
    return _talk_page(request, submission, version)


@conference_permission_required("slides.open_review_list")
@require_POST
def comment(request, conference: Conference, code: str, number: int):
    submission = _talk(request, conference, code)
    version = _version(submission, number)
    form = CommentForm(request.POST, page_count=version.page_count)
    if form.is_valid():
        try:
            comment_add(version=version, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your comment is saved; the speaker sees it on their slides page."))
            return redirect(f"{request.path.rsplit('/versions/', 1)[0]}/?version={number}")
    return _talk_page(request, submission, version, comment_form=form)


@conference_permission_required("slides.open_review_list")
@require_POST
def verdict(request, conference: Conference, code: str, number: int):
    submission = _talk(request, conference, code)
    version = _version(submission, number)
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            version_review(version=version, reviewer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Your verdict is saved and the speaker can see it."))
            return redirect(f"{request.path.rsplit('/versions/', 1)[0]}/?version={number}")
    return _talk_page(request, submission, version, verdict_form=form)
