"""The reviewer's pages under /<conference>/reviewing/: dashboard, bidding, the review form,
other reviews, clarification questions. A submission the reviewer may not open answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from
from conference.models import Conference
from conference.selectors import reviewer_track_ids
from review import selectors
from review.forms import BidForm, ClarificationForm, ConflictForm, ReviewForm
from review.services.committee import bid_place, conflict_declare
from review.services.reviews import clarification_ask, review_submit


def _submission(request, conference: Conference, code: str, permission: str) -> Submission:
    try:
        submission = selectors.submission_for_review(code=code)
    except Submission.DoesNotExist:
        raise Http404 from None
    if submission.conference_id != conference.pk or not request.user.has_perm(permission, submission):
        # Conflicted, out of the reviewer's tracks, or not assigned: it looks like no submission at all.
        raise Http404
    return submission


@conference_permission_required("review.view_reviewing")
def dashboard(request, conference):
    review_settings = selectors.review_settings_for(conference)
    track_ids = reviewer_track_ids(request.user, conference)
    status = selectors.phase_status(conference)
    context = {
        "conference": conference,
        "review_settings": review_settings,
        "phase": status.phase,
        "can_bid": status.can_bid,
        "can_review": status.can_review,
        "tracks": conference.tracks.all() if track_ids is None else conference.tracks.filter(pk__in=track_ids),
        "all_tracks": track_ids is None,
    } | selectors.dashboard(request.user, conference, review_settings)
    return render(request, "review/dashboard.html", context)


@conference_permission_required("review.view_reviewing")
def bidding(request, conference):
    context = {
        "conference": conference,
        "submissions": selectors.bidding_list(request.user, conference),
        "can_bid": selectors.phase_allows(conference, "bid"),
        "levels": BidForm.base_fields["level"].choices,
    }
    return render(request, "review/bidding.html", context)


@conference_permission_required("review.view_reviewing")
@require_POST
def bid(request, conference, code: str):
    submission = _submission(request, conference, code, "review.bid")
    form = BidForm(request.POST)
    if form.is_valid():
        bid_place(reviewer=request.user, submission=submission, level=form.cleaned_data["level"])
        message = _("Your bid on “%(title)s” is saved.") % {"title": submission.title}
    else:
        message = _("Choose eager, willing or not interested.")
    if request.htmx:
        submission.my_bids = list(submission.review_bids.filter(reviewer=request.user))
        context = {
            "conference": conference,
            "submission": submission,
            "can_bid": True,
            "status": message,
            "levels": BidForm.base_fields["level"].choices,
        }
        return render(request, "review/bidding.html#bid-row", context)
    (messages.success if form.is_valid() else messages.error)(request, message)
    return redirect("reviewing:bids", slug=conference.slug)


@conference_permission_required("review.view_reviewing")
@require_POST
def conflict(request, conference, code: str):
    submission = _submission(request, conference, code, "review.declare_conflict")
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    conflict_declare(reviewer=request.user, submission=submission, reason=reason)
    messages.success(
        request, _("Conflict of interest declared: you will not see “%(title)s” again.") % {"title": submission.title}
    )
    return redirect("reviewing:bids", slug=conference.slug)


def _mine(submission: Submission, user):
    return next((review for review in submission.reviews.all() if review.reviewer_id == user.pk), None)


@conference_permission_required("review.view_reviewing")
def submission_review(request, conference, code: str):
    submission = _submission(request, conference, code, "review.view_submission_for_review")
    user = request.user
    can_review = user.has_perm("review.review_submission", submission)
    categories = selectors.categories_for(conference, submission.track)
    mine = _mine(submission, user)
    form = ReviewForm(
        request.POST if request.method == "POST" else None, categories=categories, initial=ReviewForm.initial_from(mine)
    )
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                review_submit(
                    reviewer=user,
                    submission=submission,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    comment_to_speaker=form.cleaned_data["comment_to_speaker"],
                )
            except ValidationError as error:
                form_error_from(form, error)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("reviewing:submission", slug=conference.slug, code=code)
    review_settings = selectors.review_settings_for(conference)
    show_others = user.has_perm("review.view_other_reviews", submission)
    context = {
        "conference": conference,
        "submission": submission,
        "anonymous": review_settings.anonymous,
        "form": form,
        "can_review": can_review and bool(categories),
        "mine": mine,
        "others": [r for r in submission.reviews.all() if r.reviewer_id != user.pk] if show_others else None,
        "others_hidden_until_review": not show_others and review_settings.show_others_after_review,
        "can_ask": user.has_perm("review.ask_clarification", submission),
        "clarification_form": ClarificationForm(),
        "answers": submission.answers.all(),
        "next_code": selectors.next_to_review(user, conference, review_settings, after=submission),
    }
    return render(request, "review/submission.html", context)


@conference_permission_required("review.view_reviewing")
@require_POST
def ask(request, conference, code: str):
    submission = _submission(request, conference, code, "review.ask_clarification")
    form = ClarificationForm(request.POST)
    if form.is_valid():
        clarification_ask(reviewer=request.user, submission=submission, question=form.cleaned_data["question"])
        messages.success(request, _("Your question is on its way to the speakers."))
    else:
        messages.error(request, _("Please write your question."))
    return redirect("reviewing:submission", slug=conference.slug, code=code)
