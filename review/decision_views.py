"""Organisers' ranking, decisions, the outbox of decision e-mails and the codes export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.confirm import confirmation_page, is_confirmed
from common.csv_export import csv_download
from common.views import message_from
from review import selectors
from review.charts import histogram
from review.models import Notification, NotificationBatch
from review.services.decisions import decisions_make_bulk
from review.services.notifications import notifications_prepare, notifications_send

ALL_TRACKS = "all"


def _decision_question(decision: str, count: int) -> tuple[str, str] | None:
    """The confirmation's question and button for a decision on `count` submissions."""
    if decision == "accept":
        question = ngettext("Accept %(count)s submission?", "Accept %(count)s submissions?", count)
        return question % {"count": count}, _("Yes, accept")
    if decision == "waitlist":
        question = ngettext(
            "Put %(count)s submission on the waiting list?", "Put %(count)s submissions on the waiting list?", count
        )
        return question % {"count": count}, _("Yes, put on the waiting list")
    if decision == "reject":
        question = ngettext("Reject %(count)s submission?", "Reject %(count)s submissions?", count)
        return question % {"count": count}, _("Yes, reject")
    return None


@conference_permission_required("review.decide")
def ranking(request, conference):
    tracks = list(conference.tracks.all())
    # Per track by default: that is how programme committees decide, and it keeps the page light.
    track = request.GET.get("track") or (tracks[0].slug if tracks else ALL_TRACKS)
    rows = selectors.ranking(conference, track="" if track == ALL_TRACKS else track)
    context = {
        "conference": conference,
        "rows": rows,
        "track": track,
        "tracks": tracks,
        "all_tracks": ALL_TRACKS,
        "chart": histogram([row.mean for row in rows if row.mean is not None]),
        "decided": sum(1 for row in rows if row.submission.state in selectors.DECIDED_STATES),
        "states": {state: sum(1 for row in rows if row.submission.state == state) for state in Submission.State.values},
    }
    return render(request, "review/manage/ranking.html", context)


@conference_permission_required("review.decide")
@require_POST
def decide(request, conference):
    codes = request.POST.getlist("codes")
    decision = request.POST.get("decision", "")
    back = request.POST.get("next", "")
    if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
        back = reverse("review-manage:ranking", args=[conference.slug])
    asked = _decision_question(decision, len(codes))
    if codes and asked and not is_confirmed(request):
        question, button = asked
        detail = _("The speakers hear of it when you send the e-mails from the outbox.")
        return confirmation_page(request, question=question, detail=detail, button=button, back=back)
    if not codes:
        messages.error(request, _("Select at least one submission."))
    else:
        try:
            count = decisions_make_bulk(conference=conference, codes=codes, decision=decision, by=request.user)
        except ValidationError as error:
            message_from(request, error)
        else:
            recorded = ngettext(
                "Decision recorded for %(count)s submission.", "Decision recorded for %(count)s submissions.", count
            )
            messages.success(request, recorded % {"count": count})
    return redirect(back)


@conference_permission_required("review.decide")
def submission_detail(request, conference, code: str):
    try:
        submission = selectors.submission_for_review(code=code)
    except Submission.DoesNotExist:
        raise Http404 from None
    if submission.conference_id != conference.pk or submission.state not in selectors.VISIBLE_STATES:
        raise Http404
    totals = [review.total for review in submission.reviews.all()]
    mean, spread, outliers = selectors._stats(totals)
    context = {
        "conference": conference,
        "submission": submission,
        "mean": mean,
        "spread": spread,
        "outliers": outliers,
        "can_decide": submission.state in selectors.OPEN_STATES or submission.state == Submission.State.WAITLISTED,
    }
    return render(request, "review/manage/submission.html", context)


@conference_permission_required("review.manage_review")
def outbox(request, conference):
    context = {
        "conference": conference,
        "notifications": selectors.outbox(conference),
        "counts": selectors.notification_counts(conference),
        "batch": NotificationBatch.objects.filter(conference=conference).first(),
    }
    return render(request, "review/manage/outbox.html", context)


@conference_permission_required("review.manage_review")
def notification_preview(request, conference, pk: int):
    notification = get_object_or_404(
        Notification.objects.select_related("submission", "recipient"), conference=conference, pk=pk
    )
    return render(request, "review/manage/notification.html", {"conference": conference, "notification": notification})


@conference_permission_required("review.manage_review")
@require_POST
def prepare(request, conference):
    count = notifications_prepare(conference=conference, by=request.user)
    if count:
        queued = ngettext(
            "%(count)s message queued. Read it, then send.", "%(count)s messages queued. Read them, then send.", count
        )
        messages.success(request, queued % {"count": count})
    else:
        messages.info(request, _("Every decided speaker already has their message."))
    return redirect("review-manage:outbox", slug=conference.slug)


@conference_permission_required("review.manage_review")
@require_POST
def send(request, conference):
    queued = selectors.notification_counts(conference).get(Notification.Status.QUEUED, 0)
    if queued and not is_confirmed(request):
        question = ngettext(
            "Send %(count)s e-mail to the speakers?", "Send %(count)s e-mails to the speakers?", queued
        ) % {"count": queued}
        return confirmation_page(
            request,
            question=question,
            detail=_("Each message leaves as you read it in the outbox, with its code."),
            button=_("Yes, send them"),
            back=reverse("review-manage:outbox", args=[conference.slug]),
        )
    batch = notifications_send(conference=conference, by=request.user)
    if batch is None:
        messages.info(request, _("There is nothing queued to send."))
        return redirect("review-manage:outbox", slug=conference.slug)
    return redirect("review-manage:batch", slug=conference.slug, pk=batch.pk)


@conference_permission_required("review.manage_review")
def batch(request, conference, pk: int):
    batch = get_object_or_404(NotificationBatch, conference=conference, pk=pk)
    context = {"conference": conference} | selectors.batch_progress(batch)
    template = "review/manage/batch.html#progress" if request.htmx else "review/manage/batch.html"
    return render(request, template, context)


@conference_permission_required("review.manage_review")
def codes_export(request, conference):
    header = [
        "code",
        "kind",
        "discount_percent",
        "speaker_name",
        "speaker_email",
        "submission",
        "issued_at",
        "redeemed_at",
    ]
    rows = (
        [
            code.code,
            code.kind,
            code.discount_percent,
            code.speaker.name,
            code.speaker.email,
            code.submission.code,
            code.issued_at.isoformat(),
            code.redeemed_at.isoformat() if code.redeemed_at else "",
        ]
        for code in selectors.pass_codes(conference).iterator(chunk_size=500)
    )
    return csv_download(header=header, rows=rows, name=f"{conference.slug}-speaker-codes")
