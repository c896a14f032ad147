"""Publication pages: the public download of a published deck, and the organisers' pages for
publication times, videos (one by one and from a CSV) and the AV team's pack."""

import datetime as dt
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cfp.models import Submission
from common.access import conference_permission_required
from common.views import form_error_from
from conference.models import Conference
from slides import avpack
from slides.forms.publication import AvPackForm, PublishAtForm, VideoForm, VideoImportForm
from slides.selectors.publication import published_deck, room_of, rooms_of, talk_rows
from slides.selectors.talks import talk_by_code
from slides.services.publication import set_publish_at
from slides.services.videos import check_video_csv, video_remove, video_set, videos_import

logger = logging.getLogger(__name__)


@require_GET
def public_deck(request, slug: str, code: str):
    """The published version of a talk's deck, for anyone; 404 until it is published (and after
    the speaker opted out), exactly as for a talk with no slides."""
    talk = published_deck(slug=slug, code=code)
    if talk is None:
        raise Http404
    version = talk.published_version
    name = f"{slugify(talk.submission.title)[:80] or talk.submission.code}.pdf"
    response = FileResponse(
        version.file.storage.open(version.file.name, "rb"), content_type="application/pdf", filename=name
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _talk(conference: Conference, code: str) -> Submission:
    submission = talk_by_code(code=code, conference_slug=conference.slug, accepted_only=True)
    if submission is None:
        raise Http404
    return submission


@conference_permission_required("slides.manage")
def publication(request, conference: Conference):
    with timezone.override(conference.tzinfo):
        rows = [
            (
                row,
                PublishAtForm(
                    initial={"publish_at": row.talk.publish_at if row.talk else None}, prefix=row.submission.code
                ),
            )
            for row in talk_rows(conference)
        ]
        return render(request, "slides/publication/publication.html", {"conference": conference, "rows": rows})


@conference_permission_required("slides.manage")
@require_POST
def publication_set(request, conference: Conference, code: str):
    submission = _talk(conference, code)
    with timezone.override(conference.tzinfo):
        form = PublishAtForm(request.POST, prefix=code)
        if form.is_valid():
            set_publish_at(submission=submission, publish_at=form.cleaned_data["publish_at"], by=request.user)
            messages.success(request, _("Publication time of “%(title)s” saved.") % {"title": submission.title})
        else:
            messages.error(
                request, _("“%(title)s”: give a date and time, or leave it empty.") % {"title": submission.title}
            )
    return redirect("slides_publication:publication", slug=conference.slug)


@conference_permission_required("slides.manage")
def videos(request, conference: Conference):
    rows = talk_rows(conference)
    forms = {}
    if request.method == "POST":
        code = request.POST.get("code", "")
        submission = _talk(conference, code)
        form = VideoForm(request.POST, prefix=code)
        if form.is_valid():
            try:
                video_set(submission=submission, url=form.cleaned_data["url"], by=request.user)
            except ValidationError as error:
                form_error_from(form, error, field="url")
            else:
                messages.success(request, _("Video of “%(title)s” saved.") % {"title": submission.title})
                return redirect("slides_publication:videos", slug=conference.slug)
        forms[code] = form

    def form_of(row) -> VideoForm:
        initial = {"url": row.video.url if row.video else ""}
        return forms.get(row.submission.code) or VideoForm(initial=initial, prefix=row.submission.code)

    pairs = [(row, form_of(row)) for row in rows]
    return render(request, "slides/publication/videos.html", {"conference": conference, "rows": pairs})


@conference_permission_required("slides.manage")
@require_POST
def video_delete(request, conference: Conference, code: str):
    submission = _talk(conference, code)
    if video_remove(submission=submission, by=request.user):
        messages.success(request, _("Video of “%(title)s” removed.") % {"title": submission.title})
    return redirect("slides_publication:videos", slug=conference.slug)


@conference_permission_required("slides.manage")
def videos_csv(request, conference: Conference):
    """Upload or paste a CSV; "Check" shows the report line by line, "Import" stores it all, or
    nothing when any line is wrong."""
    form = VideoImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if request.POST.get("action") == "import":
            report = videos_import(conference=conference, text=text, by=request.user)
            if report.ok:
                messages.success(request, _("%(count)d videos imported.") % {"count": len(report.lines)})
                return redirect("slides_publication:videos", slug=conference.slug)
            messages.error(request, _("Nothing was imported: correct the lines below, then import again."))
        else:
            report = check_video_csv(conference=conference, text=text)
        # The checked text stays in the form, so the organiser corrects it in place.
        form = VideoImportForm(initial={"text": text})
    return render(
        request, "slides/publication/videos_csv.html", {"conference": conference, "form": form, "report": report}
    )


def _days(conference: Conference) -> list[dt.date]:
    count = (conference.end_date - conference.start_date).days + 1
    return [conference.start_date + dt.timedelta(days=n) for n in range(count)]


@conference_permission_required("slides.manage")
def av_pack(request, conference: Conference):
    rooms = rooms_of(conference)
    form = AvPackForm(request.GET or None, rooms=rooms, days=_days(conference))
    entries = None
    if form.is_valid():
        room = next(room for room in rooms if room.pk == form.cleaned_data["room"])
        entries = avpack.pack_entries(conference, room, form.cleaned_data["day"])
    context = {"conference": conference, "form": form, "entries": entries}
    return render(request, "slides/publication/av_pack.html", context)


@conference_permission_required("slides.manage")
@require_GET
def av_pack_download(request, conference: Conference, room: int, day: str):
    room_obj = room_of(conference, room)
    if room_obj is None:
        raise Http404
    try:
        day = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if day not in _days(conference):
        raise Http404
    entries = avpack.pack_entries(conference, room_obj, day)
    # A read: no event, but who took which pack is worth a log line.
    logger.info(
        "AV pack %s / %s / %s for %s: %d talks, %d without a final deck",
        conference.slug,
        room_obj.name,
        day,
        request.user.email,
        len(entries),
        sum(1 for entry in entries if entry.version is None),
    )
    response = StreamingHttpResponse(
        avpack.stream_pack(conference, room_obj, day, entries), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{avpack.pack_filename(conference, room_obj, day)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
