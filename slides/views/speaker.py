"""The speaker's slides, in the portal under /me/slides/: both deadlines with the time left, the
upload form (with a progress bar), every version with the reviewers' comments and verdicts; and the
permission-checked download of a version or its thumbnail, for everyone who may see the talk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from, message_from
from conference.models import Conference
from slides.forms.versions import UploadForm
from slides.selectors import talks
from slides.services.uploads import version_upload
from slides.upload_handlers import limit_upload_size


def talk_for(request, code: str, permission: str = "slides.upload") -> Submission:
    submission = talks.talk_by_code(code=code)
    if submission is None or not request.user.has_perm(permission, submission):
        # Someone else's talk looks like no talk at all.
        raise Http404
    return submission


def _upload_form(submission: Submission, data=None, files=None) -> UploadForm:
    rules = talks.settings_for(submission.conference)
    return UploadForm(data, files, max_size_mb=rules.max_size_mb, max_pages=rules.max_pages)


def _talk_page(request, submission: Submission, form: UploadForm):
    row = talks.talk_row(submission)
    context = {
        "row": row,
        "submission": submission,
        "conference": submission.conference,
        "form": form,
        "now": timezone.now(),
        "versions": talks.versions_with_feedback(submission),
        "may_opt_out": request.user.has_perm("slides.opt_out", submission),
    }
    template = "slides/talk.html#upload-form" if request.htmx else "slides/talk.html"
    return render(request, template, context)


@login_required
def portal(request):
    return render(request, "slides/portal.html", {"rows": talks.talks_of_speaker(request.user), "now": timezone.now()})


@login_required
def talk(request, code: str):
    submission = talk_for(request, code)
    return _talk_page(request, submission, _upload_form(submission))


@csrf_exempt
@login_required
@require_POST
def upload(request, code: str):
    # The upload handlers must be replaced before anything reads request.POST, the CSRF check
    # included: hence csrf_exempt outside and csrf_protect on the inner view.
    submission = talk_for(request, code)
    limit_upload_size(request, talks.settings_for(submission.conference).max_size_mb * 1024 * 1024)
    return _upload(request, submission)


@csrf_protect
def _upload(request, submission: Submission):
    form = _upload_form(submission, request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            version = version_upload(
                submission=submission,
                user=request.user,
                file=file,
                kind=form.cleaned_data["kind"],
                content_type=getattr(file, "content_type", None),
            )
        except ValidationError as error:
            form_error_from(form, error, field="file")
        else:
            messages.success(
                request,
                _("Version %(n)s is in: %(pages)s pages. Thank you!")
                % {"n": version.number, "pages": version.page_count},
            )
            if request.htmx:
                return HttpResponseClientRedirect(reverse("slides:talk", kwargs={"code": submission.code}))
            return redirect("slides:talk", code=submission.code)
    return _talk_page(request, submission, form)


@login_required
@require_POST
def opt_out(request, code: str):
    submission = talk_for(request, code, "slides.opt_out")
    from slides.services.publication import set_opt_out  # slides-publication's service

    choice = request.POST.get("opt_out") == "on"
    try:
        set_opt_out(submission=submission, user=request.user, opt_out=choice)
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(
            request,
            _("Your slides will not be published.") if choice else _("Your slides will be published after the talk."),
        )
    return redirect("slides:talk", code=code)


@conference_permission_required()
def download(request, conference: Conference, code: str, number: int, what: str):
    """A version's PDF (what="pdf") or thumbnail (what="png"), for those who may see the talk's slides."""
    submission = talks.talk_by_code(code=code, conference_slug=conference.slug)
    if submission is None or not request.user.has_perm("slides.view_talk", submission):
        raise Http404
    return version_file(request, submission, number, what)


def version_file(request, submission: Submission, number: int, what: str) -> FileResponse:
    """The file of a version of a talk the caller may see (the page above and the API check that)."""
    version = talks.version_of(submission=submission, number=number)
    if version is None:
        raise Http404
    if what == "pdf":
        field, content_type = version.file, "application/pdf"
        filename = f"{submission.code}-v{version.number}.pdf"
        as_attachment = request.GET.get("inline") != "1"
    else:
        field, content_type = version.thumbnail, "image/png"
        filename, as_attachment = f"{submission.code}-v{version.number}.png", False
        if not field:
            raise Http404
    response = FileResponse(
        field.storage.open(field.name, "rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
