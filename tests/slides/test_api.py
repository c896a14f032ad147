"""The slides API: the same rules as the pages (404 for a talk one may not see, 403 for an action one
may not take on a talk one sees), uploads with bad files refused and nothing stored."""

import pytest

from events.models import OutboxEvent
from review.models import Conflict
from slides.models import SlideComment, SlideVersion, Status, TalkSlides
from slides.services.uploads import version_upload
from tests.factories.cfp import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(conference, talk):
    return f"/api/conferences/{conference.slug}/slides/talks/{talk.code}"


@pytest.fixture
def draft(talk, speaker, pdf_upload):
    return version_upload(submission=talk, user=speaker, file=pdf_upload(pages=5), kind="draft")


def test_api_upload_creates_a_version(api_client_for, speaker, base, pdf_upload):
    response = api_client_for(speaker).post(
        f"{base}/versions/", {"kind": "draft", "file": pdf_upload(pages=4)}, format="multipart"
    )

    assert response.status_code == 201
    assert (response.data["number"], response.data["page_count"], response.data["kind"]) == (1, 4, "draft")
    assert response.data["download_url"].endswith("/v1.pdf")
    assert OutboxEvent.objects.filter(type="summit.slides.version.uploaded.v1").count() == 1


def test_api_upload_polyglot_is_refused_and_stores_nothing(
    api_client_for, speaker, base, polyglot, polyglot_refusal, stored_files
):
    response = api_client_for(speaker).post(
        f"{base}/versions/", {"kind": "draft", "file": polyglot()}, format="multipart"
    )

    assert response.status_code == 400
    assert response.data["fields"]["file"] == [polyglot_refusal]
    assert stored_files() == [] and not SlideVersion.objects.exists() and not TalkSlides.objects.exists()


def test_api_upload_to_another_speakers_talk_is_404_and_stores_nothing(
    api_client_for, other_speaker, base, pdf_upload, stored_files
):
    response = api_client_for(other_speaker).post(
        f"{base}/versions/", {"kind": "draft", "file": pdf_upload()}, format="multipart"
    )

    assert response.status_code == 404
    assert stored_files() == []


def test_api_upload_by_an_organiser_is_403(organiser_api, base, pdf_upload, stored_files):
    response = organiser_api.post(f"{base}/versions/", {"kind": "draft", "file": pdf_upload()}, format="multipart")

    assert response.status_code == 403
    assert stored_files() == []


def test_api_talk_detail_gives_status_and_deadlines(api_client_for, speaker, base, draft, conference):
    data = api_client_for(speaker).get(f"{base}/").json()

    assert data["status"] == Status.DRAFT_IN
    assert data["version_count"] == 1 and data["latest_version"] == 1
    assert data["draft_due"] is not None and data["final_due"] is not None


@pytest.mark.parametrize("who", ["anonymous", "other_speaker", "outsider", "conflicted"])
def test_api_talk_denied(api_client_for, person, reviewer, talk, base, draft, who):
    if who == "conflicted":
        Conflict.objects.create(reviewer=reviewer, submission=talk)
        user = reviewer
    else:
        user = person(who)
    client = api_client_for(user)

    for path in ("/", "/versions/", "/versions/1/", "/versions/1/comments/", "/versions/1/download/"):
        assert client.get(f"{base}{path}").status_code in ((401, 403) if user is None else (404,)), path


def test_api_download_streams_the_pdf(api_client_for, speaker, base, draft):
    response = api_client_for(speaker).get(f"{base}/versions/1/download/")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_api_reviewer_comments_and_gives_a_verdict(api_client_for, reviewer, base, draft):
    client = api_client_for(reviewer)

    comment = client.post(f"{base}/versions/1/comments/", {"page": 3, "body": "Too small"}, format="json")
    verdict = client.post(f"{base}/versions/1/reviews/", {"verdict": "approved"}, format="json")

    assert (comment.status_code, verdict.status_code) == (201, 201)
    assert TalkSlides.objects.get().status == Status.APPROVED
    assert client.get(f"{base}/versions/1/comments/").json()[0]["page"] == 3


def test_api_comment_past_the_last_page_is_400(api_client_for, reviewer, base, draft):
    response = api_client_for(reviewer).post(f"{base}/versions/1/comments/", {"page": 6, "body": "x"}, format="json")

    assert response.status_code == 400
    assert not SlideComment.objects.exists()


def test_api_speaker_cannot_review_their_own_talk(api_client_for, speaker, base, draft):
    response = api_client_for(speaker).post(f"{base}/versions/1/reviews/", {"verdict": "approved"}, format="json")

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_api_talk_list_query_count_is_constant(organiser_api, conference, pdf_upload, django_assert_num_queries, count):
    for _n in range(count):
        submission = SubmissionFactory(conference=conference, state="confirmed")
        speaker = submission.speakers.first()
        version_upload(submission=submission, user=speaker, file=pdf_upload(pages=2), kind="draft")

    with django_assert_num_queries(7):
        response = organiser_api.get(f"/api/conferences/{conference.slug}/slides/talks/")

    assert len(response.json()) == count


def test_api_upload_after_the_talk_started_is_400_and_stores_nothing(
    api_client_for, speaker, talk, base, pdf_upload, stored_files
):
    from schedule.models import ScheduleSlot

    slot = ScheduleSlot.objects.get(submission=talk)
    ScheduleSlot.objects.filter(pk=slot.pk).update(
        starts_at=slot.starts_at.replace(year=2020), ends_at=slot.ends_at.replace(year=2020)
    )

    response = api_client_for(speaker).post(
        f"{base}/versions/", {"kind": "final", "file": pdf_upload()}, format="multipart"
    )

    assert response.status_code == 400
    assert "locked" in response.data["fields"]["file"][0]
    assert stored_files() == []


@pytest.mark.parametrize("count", [1, 3])
def test_api_version_list_query_count_is_constant(
    api_client_for, speaker, talk, base, pdf_upload, django_assert_num_queries, count
):
    for _n in range(count):
        version_upload(submission=talk, user=speaker, file=pdf_upload(pages=2), kind="draft")

    client = api_client_for(speaker)

    # The access policy reads the conference before the talk, so a refusal tells nothing about talks.
    with django_assert_num_queries(5):
        response = client.get(f"{base}/versions/")

    assert len(response.json()) == count
