"""Talk videos, added by organisers one by one or from a CSV (talk code, URL).

A CSV import is checked whole first: the report lists each line with what it would do or why it is
wrong (unknown code, not a web address, the same talk twice), and nothing is stored while any line
is wrong.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from cfp.models import Submission
from conference.models import Conference
from events.services import emit
from slides.models import TalkVideo
from slides.permissions import SLIDE_STATES
from slides.services.publication import media_changed

validate_video_url = URLValidator(schemes=["https", "http"])
MAX_CSV_LINES = 2000


def _video_talk(submission: Submission) -> None:
    if submission.state not in SLIDE_STATES:
        raise ValidationError(_("Only accepted talks have videos."), code="not_accepted")


def clean_video_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 500:
        raise ValidationError(_("This address is too long (500 characters at most)."), code="too_long")
    try:
        validate_video_url(url)
    except ValidationError:
        raise ValidationError(
            _("“%(url)s” is not a web address: give the video's full https:// link."),
            code="bad_url",
            params={"url": url[:100]},
        ) from None
    return url


def _video_data(submission: Submission, url: str) -> dict[str, Any]:
    return {"conference": submission.conference.slug, "submission": submission.code, "url": url}


def _emit_video(submission: Submission, happened: str, data: dict[str, Any], by) -> None:
    emit(
        f"summit.slides.video.{happened}.v1",
        subject=f"slides/{submission.code}",
        data=data,
        conference_slug=submission.conference.slug,
        actor=by,
    )


def _store_video(submission: Submission, url: str, by) -> str | None:
    """Add or change the video inside a transaction; returns "added", "changed" or None (same URL)."""
    video = TalkVideo.objects.select_for_update().filter(submission=submission).first()
    if video is None:
        TalkVideo.objects.create(submission=submission, url=url, added_by=by)
        _emit_video(submission, "added", _video_data(submission, url), by)
        return "added"
    if video.url == url:
        return None
    previous = video.url
    video.url = url
    video.added_by = by
    video.save(update_fields=["url", "added_by", "updated_at"])
    _emit_video(submission, "changed", _video_data(submission, url) | {"previous_url": previous}, by)
    return "changed"


def video_set(*, submission: Submission, url: str, by) -> TalkVideo:
    _video_talk(submission)
    url = clean_video_url(url)
    with transaction.atomic():
        if _store_video(submission, url, by):
            media_changed(submission.conference)
    return TalkVideo.objects.get(submission=submission)


def video_remove(*, submission: Submission, by) -> bool:
    with transaction.atomic():
        video = TalkVideo.objects.select_for_update().filter(submission=submission).first()
        if video is None:
            return False
        video.delete()
        _emit_video(submission, "removed", _video_data(submission, video.url), by)
        media_changed(submission.conference)
    return True


@dataclass
class ImportLine:
    number: int
    code: str
    url: str
    error: str = ""
    action: str = ""  # "add", "change" or "same" when the line is valid


@dataclass
class ImportReport:
    lines: list[ImportLine] = field(default_factory=list)
    error: str = ""  # a problem with the whole file

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.lines) and not any(line.error for line in self.lines)

    @property
    def error_count(self) -> int:
        return sum(1 for line in self.lines if line.error)


def _rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    # An optional header line: "code,url" or "talk,video" in any case.
    if rows and rows[0] and rows[0][0].strip().lower() in ("code", "talk", "talk code", "submission"):
        rows[0] = []
    return rows


def check_video_csv(*, conference: Conference, text: str) -> ImportReport:
    """Every line checked against the conference's accepted talks, without storing anything."""
    report = ImportReport()
    try:
        rows = _rows(text)
    except csv.Error as error:
        report.error = _("The file is not readable as CSV: %(error)s") % {"error": error}
        return report
    if len(rows) > MAX_CSV_LINES:
        report.error = _("Import at most %(count)d lines at a time.") % {"count": MAX_CSV_LINES}
        return report
    candidates = [row for row in rows if any(cell.strip() for cell in row)]
    codes = {row[0].strip().upper() for row in candidates}
    talks = {
        submission.code: submission
        for submission in Submission.objects.filter(conference=conference, code__in=codes, state__in=SLIDE_STATES)
    }
    current = dict(TalkVideo.objects.filter(submission__in=talks.values()).values_list("submission__code", "url"))
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        code = row[0].strip().upper()
        url = row[1].strip() if len(row) > 1 else ""
        line = ImportLine(number=number, code=code, url=url)
        report.lines.append(line)
        if len(row) != 2:
            line.error = _("Each line holds two values: the talk's code, then the video's URL.")
        elif code not in talks:
            line.error = _("No accepted talk of this conference has the code “%(code)s”.") % {"code": code[:20]}
        elif code in seen:
            line.error = _("This talk is already on line %(line)d.") % {"line": seen[code]}
        else:
            try:
                clean_video_url(url)
            except ValidationError as error:
                line.error = error.messages[0]
        seen.setdefault(code, number)
        if not line.error:
            line.action = "add" if code not in current else ("same" if current[code] == url else "change")
    if not report.lines and not report.error:
        report.error = _("The file holds no lines: one line per talk, its code then the video's URL.")
    return report


def videos_import(*, conference: Conference, text: str, by) -> ImportReport:
    """Check the CSV again and, only when every line is right, store it all in one transaction."""
    report = check_video_csv(conference=conference, text=text)
    if not report.ok:
        return report
    with transaction.atomic():
        talks = {
            submission.code: submission
            for submission in Submission.objects.select_related("conference").filter(
                conference=conference, code__in=[line.code for line in report.lines]
            )
        }
        changed = [line for line in report.lines if _store_video(talks[line.code], line.url, by)]
        if changed:
            media_changed(conference)
    return report
