"""Comments per page and verdicts: the status they set and the events they emit."""

import pytest
from django.core.exceptions import ValidationError

from events.models import OutboxEvent
from slides.models import SlideComment, Status, TalkSlides
from slides.services.review import comment_add, version_review
from slides.services.uploads import version_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(talk, speaker, pdf_upload):
    return version_upload(submission=talk, user=speaker, file=pdf_upload(pages=5), kind="draft")


def test_comment_add_on_page_3_emits_its_event(draft, organiser):
    comment = comment_add(version=draft, author=organiser, body="Diagram too small", page=3)

    assert (comment.page, comment.body) == (3, "Diagram too small")
    event = OutboxEvent.objects.get(type="summit.slides.comment.added.v1")
    assert event.data == {
        "conference": draft.talk.submission.conference.slug,
        "submission": draft.talk.submission.code,
        "version": 1,
        "kind": "draft",
        "comment_id": comment.pk,
        "author_id": organiser.pk,
        "page": 3,
    }


@pytest.mark.parametrize(("page", "body"), [(6, "Off the end"), (None, "   ")], ids=["page-past-end", "empty"])
def test_comment_add_bad_input_is_refused(draft, organiser, page, body):
    with pytest.raises(ValidationError):
        comment_add(version=draft, author=organiser, body=body, page=page)

    assert not SlideComment.objects.exists()
    assert not OutboxEvent.objects.filter(type="summit.slides.comment.added.v1").exists()


def test_version_review_changes_requested_then_approved_sets_status(draft, organiser):
    version_review(version=draft, reviewer=organiser, verdict="changes_requested", note="Shorten it")
    assert TalkSlides.objects.get().status == Status.CHANGES_REQUESTED

    version_review(version=draft, reviewer=organiser, verdict="approved")
    assert TalkSlides.objects.get().status == Status.APPROVED
    events = OutboxEvent.objects.filter(type="summit.slides.version.reviewed.v1").order_by("id")
    assert [e.data["status"] for e in events] == ["changes_requested", "approved"]


def test_version_review_changes_without_note_or_comment_is_refused(draft, organiser):
    with pytest.raises(ValidationError):
        version_review(version=draft, reviewer=organiser, verdict="changes_requested", note="")

    assert TalkSlides.objects.get().status == Status.DRAFT_IN


def test_version_review_of_an_older_draft_leaves_final_in(draft, talk, speaker, organiser, pdf_upload):
    version_upload(submission=talk, user=speaker, file=pdf_upload(), kind="final")

    version_review(version=draft, reviewer=organiser, verdict="changes_requested", note="Too late anyway")

    assert TalkSlides.objects.get().status == Status.FINAL_IN
