"""Speaker portal: the CFP page, writing and submitting, co-speakers, withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp import late_codes, selectors, states, windows
from cfp.forms import InviteSpeakerForm, SubmissionForm
from cfp.models import Submission
from cfp.services.speakers import OPEN_FOR_SPEAKERS, speaker_accept_invitation, speaker_invite
from cfp.services.submissions import (
    submission_create_draft,
    submission_submit,
    submission_update,
    submission_withdraw,
)
from common import attempts
from common.access import conference_permission_required
from common.confirm import confirmation_page, is_confirmed
from common.views import form_error_from, message_from
from conference.models import Conference


def _submission_for(request, code: str, permission: str = "cfp.view_submission") -> Submission:
    try:
        submission = selectors.submission_detail(code=code)
    except Submission.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, submission):
        # Someone else's submission looks like no submission at all.
        raise Http404
    return submission


@conference_permission_required("conference.view_conference", sign_in=False)
def cfp_landing(request, conference):
    context = {
        "conference": conference,
        "cfp_settings": selectors.cfp_settings_for(conference),
        "is_open": windows.cfp_is_open(conference),
        "has_closed": windows.cfp_has_closed(conference),
    }
    return render(request, "cfp/landing.html", context)


def _form_for(request, conference: Conference, instance: Submission | None):
    track = instance.track if instance else None
    submission_type = instance.submission_type if instance else None
    if request.method == "POST":
        # Questions depend on the track and format being chosen now, not the saved ones.
        track = conference.tracks.filter(pk=request.POST.get("track") or 0).first() or track
        submission_type = (
            conference.submission_types.filter(pk=request.POST.get("submission_type") or 0).first() or submission_type
        )
    questions = selectors.applicable_questions(conference, track=track, type=submission_type)
    return SubmissionForm(
        request.POST or None,
        instance=instance,
        conference=conference,
        questions=questions,
        cfp_settings=selectors.cfp_settings_for(conference),
        cfp_open=windows.cfp_is_open(conference),
        submitting=request.method == "POST" and request.POST.get("action") == "submit",
        speaker=request.user,
    )


def _save(request, form: SubmissionForm, conference: Conference, submission: Submission | None):
    """Save a draft or the edits, then submit if asked. All or nothing: one transaction."""
    wants_submit = request.POST.get("action") == "submit"
    late_code = form.cleaned_data.get("late_code") or ""
    seconds = late_codes.wait_before_trying(request, late_code)
    if seconds is not None:
        raise ValidationError({"late_code": attempts.too_many_wrong_codes(seconds)}, code="throttled")
    with late_codes.counting_refusal(request, late_code), transaction.atomic():
        if submission is None:
            submission = submission_create_draft(
                conference=conference,
                by=request.user,
                answers=form.answers(),
                late_code=form.cleaned_data.get("late_code") or "",
                **form.submission_fields(),
            )
        else:
            submission = submission_update(
                submission=submission, by=request.user, answers=form.answers(), **form.submission_fields()
            )
        if wants_submit:
            submission_submit(
                submission=submission,
                by=request.user,
                code_of_conduct_accepted=form.cleaned_data.get("code_of_conduct", False),
                late_code=form.cleaned_data.get("late_code") or "",
            )
    return submission, wants_submit


@conference_permission_required("cfp.submit_to_conference")
def submission_create(request, conference):
    late_code = (request.POST if request.method == "POST" else request.GET).get("late_code", "").strip()
    retry_in = late_codes.wait_before_trying(request, late_code)
    access = windows.new_proposal_access(conference, "" if retry_in else late_code)
    if access != "closed":
        retry_in = None  # the code was not needed, so it was not a guess
    elif not retry_in:
        late_codes.count_refused(request, late_code)
    if access in ("closed", "not_open") and not request.user.has_perm("cfp.preview_submission_form", conference):
        return _submission_unavailable(request, conference, access, late_code, retry_in)
    form = _form_for(request, conference, None)
    if access == "late" and request.method == "GET":
        form.initial["late_code"] = late_code
    if request.method == "POST" and form.is_valid():
        try:
            submission, submitted = _save(request, form, conference, None)
        except ValidationError as error:
            form_error_from(form, error)
        else:
            messages.success(
                request,
                _("Your proposal is submitted. We sent you a confirmation e-mail.")
                if submitted
                else _("Your draft is saved. Finish it and submit before the call for papers closes."),
            )
            return redirect("cfp:submission", code=submission.code)
    context = {
        "conference": conference,
        "form": form,
        "is_open": access == "open",
        "has_closed": windows.cfp_has_closed(conference),
    }
    return render(request, "cfp/submission_form.html", context)


def _submission_unavailable(request, conference: Conference, access: str, late_code: str, retry_in: int | None):
    """The call is not taking proposals from this speaker: say when it opens or that it has closed,
    with no form to fill in vain. A POST (a page left open across the deadline) is refused without
    saving anything; after the close its text comes back in the form with the late-code field, before
    the opening as a read-only copy. Too many wrong codes (`retry_in` seconds to wait) answer 429."""
    refused = request.method == "POST"
    form = _form_for(request, conference, None) if refused and access == "closed" else None
    if retry_in:
        code_error = attempts.too_many_wrong_codes(retry_in)
    else:
        code_error = _("This late-submission code is not valid, has expired or has been used up.")
    status = 429 if retry_in else 403 if refused else 200
    if form is not None:
        form.is_valid()
        form.add_error(
            "late_code" if late_code else None,
            code_error
            if late_code
            else _(
                "The call for papers has closed: nothing was saved. Enter a late-submission code from the "
                "organisers to save your proposal."
            ),
        )
        context = {"conference": conference, "form": form, "is_open": False, "has_closed": True}
        response = render(request, "cfp/submission_form.html", context, status=status)
    else:
        context = {
            "conference": conference,
            "access": access,
            "late_code": late_code,
            "code_refused": bool(late_code) and access == "closed",
            "code_error": code_error,
            "refused": refused,
            "sent": request.POST if refused else None,
        }
        response = render(request, "cfp/submission_unavailable.html", context, status=status)
    if retry_in:
        response["Retry-After"] = str(retry_in)
    return response


@login_required
def my_submissions(request):
    submissions = selectors.submissions_of_speaker(request.user)
    return render(request, "cfp/my_submissions.html", {"submissions": submissions, "now": timezone.now()})


@login_required
def submission_detail(request, code: str):
    submission = _submission_for(request, code)
    conference = submission.conference
    # Organisers may read this page; only its speakers get the controls that change it.
    editable = request.user.has_perm("cfp.change_submission", submission) and windows.speakers_may_edit(submission)
    form = _form_for(request, conference, submission) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                submission, submitted = _save(request, form, conference, submission)
            except ValidationError as error:
                form_error_from(form, error)
            else:
                messages.success(
                    request, _("Your proposal is submitted.") if submitted else _("Your changes are saved.")
                )
                return redirect("cfp:submission", code=submission.code)
    context = {
        "submission": submission,
        "conference": conference,
        "form": form,
        "editable": editable,
        "can_withdraw": request.user.has_perm("cfp.withdraw_submission", submission)
        and states.can_transition(submission.state, Submission.State.WITHDRAWN),
        "can_invite": request.user.has_perm("cfp.invite_speaker", submission) and submission.state in OPEN_FOR_SPEAKERS,
        "is_open": windows.cfp_is_open(conference),
    }
    return render(request, "cfp/submission_detail.html", context)


@login_required
@require_POST
def submission_withdraw_view(request, code: str):
    submission = _submission_for(request, code, "cfp.withdraw_submission")
    if not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Withdraw “%(title)s”?") % {"title": submission.title},
            detail=_("It leaves the call for papers: reviewers no longer see it and it cannot be submitted again."),
            button=_("Yes, withdraw it"),
            back=reverse("cfp:submission", args=[code]),
        )
    try:
        submission_withdraw(submission=submission, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("cfp:submission", code=code)


@login_required
@require_POST
def submission_invite(request, code: str):
    submission = _submission_for(request, code, "cfp.invite_speaker")
    form = InviteSpeakerForm(request.POST)
    if form.is_valid():
        try:
            speaker_invite(submission=submission, email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            message_from(request, error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return redirect("cfp:submission", code=code)


@login_required
def invitation_accept(request, token: str):
    invitation = selectors.pending_invitation(token=token)
    if invitation is None:
        raise Http404
    if request.method == "POST":
        try:
            submission = speaker_accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            message_from(request, error)
        else:
            messages.success(request, _("You are now a speaker of this proposal."))
            return redirect("cfp:submission", code=submission.code)
    return render(request, "cfp/invitation.html", {"invitation": invitation})
