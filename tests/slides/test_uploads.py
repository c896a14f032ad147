"""Uploads: versions numbered under a lock, status, late flag, lock at the talk's start, events, and
bad input that stores nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import OutboxEvent
from schedule.models import ScheduleSlot
from slides.models import SlideVersion, Status, TalkSlides
from slides.pdf.check import PdfRejected
from slides.services.records import locked_talk_slides
from slides.services.uploads import version_upload

pytestmark = pytest.mark.django_db


def test_upload_first_draft_is_version_1_with_its_file_thumbnail_and_event(talk, speaker, pdf_upload, stored_files):
    version = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=4), kind="draft")

    assert (version.number, version.kind, version.page_count, version.is_late) == (1, "draft", 4, False)
    assert len(version.sha256) == 64 and version.size_bytes > 0
    assert TalkSlides.objects.get(submission=talk).status == Status.DRAFT_IN
    assert stored_files() == sorted([version.file.name, version.thumbnail.name])
    assert version.file.name.endswith(f"{talk.code}/{version.sha256}.pdf")
    event = OutboxEvent.objects.get(type="summit.slides.version.uploaded.v1")
    assert event.subject == f"slides/{talk.code}"
    assert event.data["version"] == 1 and event.data["status"] == "draft_in" and event.data["page_count"] == 4


def test_upload_numbers_versions_and_final_sets_final_in(talk, speaker, pdf_upload):
    version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="draft")
    final = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=6), kind="final")
    again = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=6), kind="draft")

    assert [final.number, again.number] == [2, 3]
    assert TalkSlides.objects.get(submission=talk).status == Status.FINAL_IN


def test_upload_after_deadline_is_flagged_late_and_clears_late_status(talk, speaker, pdf_upload, conference):
    TalkSlides.objects.create(submission=talk, status=Status.LATE, late_since=conference.slides_draft_deadline)
    after = conference.slides_draft_deadline + dt.timedelta(hours=1)

    version = version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="draft", now=after)

    record = TalkSlides.objects.get(submission=talk)
    assert version.is_late is True
    assert (record.status, record.late_since) == (Status.DRAFT_IN, None)


def test_upload_after_the_talk_started_is_refused_and_stores_nothing(talk, speaker, pdf_upload, stored_files):
    slot = ScheduleSlot.objects.get(submission=talk)

    with pytest.raises(ValidationError) as refused:
        version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="final", now=slot.starts_at)

    assert refused.value.code == "locked"
    assert stored_files() == []
    assert SlideVersion.objects.count() == 0 and OutboxEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("fixture", "code"), [("html_as_pdf", "not_pdf"), ("polyglot", "polyglot")], ids=["html", "polyglot"]
)
def test_upload_bad_file_is_refused_with_its_reason_and_stores_nothing(
    request, talk, speaker, stored_files, fixture, code
):
    with pytest.raises(PdfRejected) as refused:
        version_upload(submission=talk, user=speaker, file=request.getfixturevalue(fixture)(), kind="draft")

    assert refused.value.code == code
    assert refused.value.messages[0]
    assert stored_files() == []
    assert not TalkSlides.objects.exists() and not SlideVersion.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_upload_over_the_page_limit_is_refused(talk, speaker, pdf_upload, conference, stored_files):
    from tests.factories import SlidesSettingsFactory

    SlidesSettingsFactory(conference=conference, max_pages=3)
    conference.refresh_from_db()

    with pytest.raises(PdfRejected) as refused:
        version_upload(submission=talk, user=speaker, file=pdf_upload(pages=4), kind="draft")

    assert refused.value.code == "too_many_pages"
    assert stored_files() == []


def test_upload_failing_in_the_transaction_deletes_the_stored_files(
    talk, speaker, pdf_upload, stored_files, monkeypatch
):
    def broken_emit(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr("slides.services.uploads.emit", broken_emit)

    with pytest.raises(RuntimeError):
        version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="draft")

    assert stored_files() == []
    assert not SlideVersion.objects.exists()


def test_upload_to_a_talk_not_accepted_is_refused(conference, speaker, pdf_upload, stored_files):
    from tests.factories.cfp import SubmissionFactory

    submitted = SubmissionFactory(conference=conference, speakers=[speaker], state="submitted")

    with pytest.raises(ValidationError) as refused:
        version_upload(submission=submitted, user=speaker, file=pdf_upload(), kind="draft")

    assert refused.value.code == "not_accepted"
    assert stored_files() == []


def test_locked_talk_slides_creates_once_and_returns_the_same_row(talk):
    from django.db import transaction

    with transaction.atomic():
        first = locked_talk_slides(talk)
    with transaction.atomic():
        second = locked_talk_slides(talk)

    assert first.pk == second.pk
    assert TalkSlides.objects.count() == 1


def test_upload_with_a_wrong_mime_type_is_refused_and_stores_nothing(talk, speaker, pdf_bytes, stored_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("deck.pdf", pdf_bytes(2), content_type="text/html")

    with pytest.raises(PdfRejected):
        version_upload(submission=talk, user=speaker, file=file, kind="draft", content_type="text/html")

    assert stored_files() == []
    assert not SlideVersion.objects.exists()


def test_upload_of_an_empty_file_is_refused(talk, speaker, stored_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(PdfRejected) as refused:
        version_upload(submission=talk, user=speaker, file=SimpleUploadedFile("deck.pdf", b""), kind="draft")

    assert refused.value.code == "empty"
    assert stored_files() == []


def test_upload_with_an_unknown_kind_is_refused(talk, speaker, pdf_upload, stored_files):
    with pytest.raises(ValidationError):
        version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="keynote")

    assert stored_files() == []


def test_upload_within_an_extension_is_not_late(talk, speaker, pdf_upload, conference):
    extended = conference.slides_draft_deadline + dt.timedelta(days=3)
    TalkSlides.objects.create(submission=talk, draft_due_extended_to=extended)

    version = version_upload(
        submission=talk, user=speaker, file=pdf_upload(), kind="draft", now=extended - dt.timedelta(hours=1)
    )

    assert version.is_late is False
