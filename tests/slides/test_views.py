"""The speaker's pages, the slide review pages and the download: allowed and denied (403 or 404 by the
access rule), bad uploads re-rendered with the speaker's choices, constant query counts."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from review.models import Conflict
from slides.models import SlideComment, SlideReview, SlideVersion, Status, TalkSlides
from slides.services.review import comment_add
from slides.services.uploads import version_upload
from tests.factories import SlideReviewerFactory
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(talk, speaker, pdf_upload):
    return version_upload(submission=talk, user=speaker, file=pdf_upload(pages=5), kind="draft")


@pytest.fixture
def conflicted_reviewer(reviewer, talk):
    Conflict.objects.create(reviewer=reviewer, submission=talk)
    return reviewer


def test_portal_lists_talks_with_both_deadlines_and_time_left(client_for, speaker, talk):
    response = client_for(speaker).get(reverse("slides:portal"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Exactly once" in page and "Missing" in page
    assert page.count(" left</span>") == 2


def test_talk_page_shows_versions_comments_and_verdicts(client_for, speaker, talk, draft, organiser):
    comment_add(version=draft, author=organiser, body="Diagram too small", page=3)

    response = client_for(speaker).get(reverse("slides:talk", args=[talk.code]))

    page = response.content.decode()
    assert "Version 1 (Draft)" in page and "Page 3" in page and "Diagram too small" in page
    assert "Upload progress" in page


@pytest.mark.parametrize("who", ["other_speaker", "anonymous", "organiser", "reviewer"])
def test_talk_page_denied_to_anyone_but_its_speakers(client_for, person, talk, who):
    response = client_for(person(who)).get(reverse("slides:talk", args=[talk.code]))

    assert response.status_code == (302 if who == "anonymous" else 404)


def test_upload_view_stores_a_version_and_redirects(client_for, speaker, talk, pdf_upload):
    response = client_for(speaker).post(
        reverse("slides:upload", args=[talk.code]), {"kind": "final", "file": pdf_upload(pages=3)}
    )

    assert response.status_code == 302
    assert SlideVersion.objects.get().kind == "final"


def test_upload_view_htmx_redirects_the_client(client_for, speaker, talk, pdf_upload):
    response = client_for(speaker).post(
        reverse("slides:upload", args=[talk.code]), {"kind": "draft", "file": pdf_upload()}, HTTP_HX_REQUEST="true"
    )

    assert response.headers["HX-Redirect"] == reverse("slides:talk", args=[talk.code])


def test_upload_view_polyglot_rerenders_with_the_reason_and_the_speakers_choice(
    client_for, speaker, talk, polyglot, polyglot_refusal, stored_files
):
    response = client_for(speaker).post(
        reverse("slides:upload", args=[talk.code]), {"kind": "final", "file": polyglot()}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert escape(polyglot_refusal) in page
    assert 'value="final" required id="id_kind_1" checked' in page or 'value="final" checked' in page
    assert "<html" not in page  # only the form's fragment
    assert stored_files() == [] and not SlideVersion.objects.exists() and not TalkSlides.objects.exists()


def test_upload_view_too_large_is_refused_before_the_whole_body_is_kept(client_for, speaker, talk, conference):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import SlidesSettingsFactory
    from tests.slides.conftest import refusal

    SlidesSettingsFactory(conference=conference, max_size_mb=1)
    data = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)
    big = SimpleUploadedFile("big.pdf", data, content_type="application/pdf")

    response = client_for(speaker).post(reverse("slides:upload", args=[talk.code]), {"kind": "draft", "file": big})

    too_large = refusal(data, max_bytes=1024 * 1024)
    assert escape(too_large) in response.content.decode()
    assert not SlideVersion.objects.exists()


@pytest.mark.parametrize("who", ["other_speaker", "organiser"])
def test_upload_view_denied_to_others_stores_nothing(client_for, person, talk, pdf_upload, stored_files, who):
    response = client_for(person(who)).post(
        reverse("slides:upload", args=[talk.code]), {"kind": "draft", "file": pdf_upload()}
    )

    assert response.status_code == 404
    assert stored_files() == []


def test_upload_view_needs_the_csrf_token(speaker, talk, pdf_upload):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(speaker)

    response = client.post(reverse("slides:upload", args=[talk.code]), {"kind": "draft", "file": pdf_upload()})

    assert response.status_code == 403
    assert not SlideVersion.objects.exists()


@pytest.mark.parametrize("who", ["speaker", "organiser", "slide_reviewer", "site_admin"])
def test_download_gives_the_pdf_with_safe_headers(client_for, person, talk, draft, conference, who):
    user = SlideReviewerFactory(conference=conference).user if who == "slide_reviewer" else person(who)

    response = client_for(user).get(reverse("slides:download", args=[conference.slug, talk.code, 1]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{talk.code}-v1.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_thumbnail_is_a_png(client_for, speaker, talk, draft, conference):
    response = client_for(speaker).get(reverse("slides:thumbnail", args=[conference.slug, talk.code, 1]))

    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("who", ["other_speaker", "outsider", "attendee", "conflicted_reviewer"])
@pytest.mark.parametrize("name", ["slides:download", "slides:thumbnail"])
def test_download_denied_is_404(client_for, person, talk, draft, conference, who, name):
    response = client_for(person(who)).get(reverse(name, args=[conference.slug, talk.code, 1]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["slides:download", "slides:thumbnail"])
def test_download_sends_an_anonymous_visitor_to_sign_in(client, talk, draft, conference, name):
    url = reverse(name, args=[conference.slug, talk.code, 1])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


def test_review_list_shows_the_reviewers_talks_without_conflicts(client_for, reviewer, talk, other_talk, conference):
    Conflict.objects.create(reviewer=reviewer, submission=talk)

    page = client_for(reviewer).get(reverse("slides:review-list", args=[conference.slug])).content.decode()

    assert "Tiered storage" in page and "Exactly once" not in page


@pytest.mark.parametrize("who", ["speaker", "outsider", "anonymous"])
def test_review_list_denied(client_for, person, conference, talk, who):
    response = client_for(person(who)).get(reverse("slides:review-list", args=[conference.slug]))

    assert response.status_code == (302 if who == "anonymous" else 403)


def test_review_list_of_a_private_conference_is_not_found(client_for, speaker, conference, talk):
    conference.is_public = False
    conference.save()

    assert client_for(speaker).get(reverse("slides:review-list", args=[conference.slug])).status_code == 404


def test_reviewer_comments_on_page_3_and_requests_changes(client_for, reviewer, talk, draft, conference):
    client = client_for(reviewer)
    base = reverse("slides:review-talk", args=[conference.slug, talk.code])

    response = client.post(f"{base}versions/1/comment/", {"page": "3", "body": "Diagram too small"})
    assert response.status_code == 302
    client.post(f"{base}versions/1/verdict/", {"verdict": "changes_requested", "note": ""})

    assert SlideComment.objects.get().page == 3
    assert SlideReview.objects.get().verdict == "changes_requested"
    assert TalkSlides.objects.get().status == Status.CHANGES_REQUESTED


def test_reviewer_comment_on_a_page_past_the_end_rerenders_with_the_text(client_for, reviewer, talk, draft, conference):
    url = reverse("slides:comment", args=[conference.slug, talk.code, 1])

    response = client_for(reviewer).post(url, {"page": "9", "body": "Where is page 9?"})

    page = response.content.decode()
    assert "This deck has pages 1 to 5" in page and "Where is page 9?" in page
    assert not SlideComment.objects.exists()


# Someone who reviews no slides at the conference is refused the review pages (403); a reviewer who
# may not review this talk (a conflict of interest) finds no such talk (404).
@pytest.mark.parametrize(
    ("who", "status"), [("speaker", 403), ("other_speaker", 403), ("attendee", 403), ("conflicted_reviewer", 404)]
)
def test_review_talk_and_comment_denied(client_for, person, talk, draft, conference, who, status):
    client = client_for(person(who))

    assert client.get(reverse("slides:review-talk", args=[conference.slug, talk.code])).status_code == status
    response = client.post(reverse("slides:comment", args=[conference.slug, talk.code, 1]), {"body": "x"})
    assert response.status_code == status
    response = client.post(reverse("slides:verdict", args=[conference.slug, talk.code, 1]), {"verdict": "approved"})
    assert response.status_code == status
    assert not SlideComment.objects.exists()
    assert not SlideReview.objects.exists()


def _talks_with_versions(conference, count: int, pdf_upload):
    for _n in range(count):
        speaker = SubmissionFactory(conference=conference, state="confirmed").speakers.first()
        submission = speaker.submissions.get()
        version_upload(submission=submission, user=speaker, file=pdf_upload(pages=2), kind="draft")


@pytest.mark.parametrize("count", [1, 3])
def test_review_list_query_count_is_constant(
    client_for, organiser, conference, pdf_upload, django_assert_num_queries, count
):
    _talks_with_versions(conference, count, pdf_upload)
    client = client_for(organiser)
    client.get(reverse("slides:review-list", args=[conference.slug]))  # warm the session

    with django_assert_num_queries(10):
        client.get(reverse("slides:review-list", args=[conference.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_portal_query_count_is_constant(
    client_for, speaker, conference, room, pdf_upload, django_assert_num_queries, count
):
    for _n in range(count):
        submission = SubmissionFactory(conference=conference, speakers=[speaker], state="confirmed")
        version_upload(submission=submission, user=speaker, file=pdf_upload(pages=2), kind="draft")
    client = client_for(speaker)
    client.get(reverse("slides:portal"))

    with django_assert_num_queries(8):
        client.get(reverse("slides:portal"))


@pytest.mark.parametrize("count", [1, 3])
def test_talk_page_query_count_is_constant(
    client_for, speaker, talk, organiser, pdf_upload, django_assert_num_queries, count
):
    for n in range(count):
        version = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=3), kind="draft")
        comment_add(version=version, author=organiser, body=f"Comment {n}", page=2)
    client = client_for(speaker)
    client.get(reverse("slides:talk", args=[talk.code]))

    with django_assert_num_queries(14):
        client.get(reverse("slides:talk", args=[talk.code]))


@pytest.mark.parametrize("count", [1, 3])
def test_review_talk_page_query_count_is_constant(
    client_for, reviewer, talk, speaker, organiser, conference, pdf_upload, django_assert_num_queries, count
):
    for n in range(count):
        version = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=3), kind="draft")
        comment_add(version=version, author=organiser, body=f"Comment {n}", page=2)
    client = client_for(reviewer)
    url = reverse("slides:review-talk", args=[conference.slug, talk.code])
    client.get(url)

    # The access policy reads the conference before the talk, so a refusal tells nothing about talks.
    with django_assert_num_queries(18):
        client.get(url)
