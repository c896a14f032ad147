"""The speaker's side, in the portal under /me/: decisions with their codes, confirm or decline,
and the reviewers' questions to answer. Reviewers are never named here when review is anonymous."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.confirm import confirmation_page, is_confirmed
from common.views import message_from
from review import selectors
from review.forms import AnswerForm
from review.models import Clarification
from review.services.decisions import decision_respond
from review.services.reviews import clarification_answer


@login_required
def decisions(request):
    context = {"submissions": selectors.decisions_for_speaker(request.user), "answer_form": AnswerForm()}
    return render(request, "review/portal/decisions.html", context)


@login_required
@require_POST
def respond(request, code: str):
    submission = Submission.objects.select_related("conference").filter(code=code).first()
    if submission is None or not request.user.has_perm("cfp.view_submission", submission):
        raise Http404
    if not request.user.has_perm("review.respond_to_decision", submission):
        messages.error(request, _("This proposal is not waiting for your confirmation."))
        return redirect("review-portal:decisions")
    confirm = request.POST.get("answer") == "confirm"
    if not confirm and not is_confirmed(request):
        return confirmation_page(
            request,
            question=_("Decline “%(title)s”?") % {"title": submission.title},
            detail=_("The organisers give your slot to another speaker."),
            button=_("Yes, decline the talk"),
            back=reverse("review-portal:decisions"),
        )
    try:
        decision_respond(submission=submission, confirm=confirm, by=request.user)
    except ValidationError as error:
        message_from(request, error)
    else:
        text = (
            _("Thank you: “%(title)s” is confirmed. See you there!")
            if confirm
            else _("“%(title)s” is declined. Thank you for telling us.")
        )
        messages.success(request, text % {"title": submission.title})
    return redirect("review-portal:decisions")


@login_required
@require_POST
def answer(request, pk: int):
    clarification = Clarification.objects.select_related("submission__conference").filter(pk=pk).first()
    if clarification is None or not request.user.has_perm("review.answer_clarification", clarification):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        clarification_answer(clarification=clarification, by=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("Your answer is sent to the reviewers."))
    else:
        messages.error(request, _("Please write your answer."))
    return redirect("review-portal:decisions")
