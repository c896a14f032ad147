"""The submissions API: speakers manage their own proposals, organisers read their conference's."""

import pytest
from django.urls import reverse

from cfp.models import Submission
from events.models import OutboxEvent
from tests.factories import TrackFactory
from tests.factories.cfp import CfpSettingsFactory, LateAccessCodeFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

State = Submission.State


def list_url(conference) -> str:
    return reverse("submission-list", kwargs={"conference_slug": conference.slug})


def item_url(submission, action: str = "detail") -> str:
    return reverse(
        f"submission-{action}", kwargs={"conference_slug": submission.conference.slug, "code": submission.code}
    )


def codes(response) -> list[str]:
    return sorted(row["code"] for row in response.json()["results"])


@pytest.fixture
def payload(track, talk, level):
    return {
        "title": "Exactly-once in practice",
        "abstract": "What exactly-once delivery costs in a real payments pipeline.",
        "submission_type": talk.pk,
        "track": track.slug,
        "level": level.slug,
    }


@pytest.fixture
def someone_elses(conference, catalogue, other_speaker):
    return SubmissionFactory(conference=conference, speakers=[other_speaker], title="Not yours", **catalogue)


# --- Reading --------------------------------------------------------------------------------------


def test_submission_list_speaker_sees_own_drafts_and_submissions_only(
    api_client_for, speaker, conference, draft, submitted, someone_elses
):
    response = api_client_for(speaker).get(list_url(conference))

    assert response.status_code == 200
    assert codes(response) == sorted([draft.code, submitted.code])


def test_submission_list_organiser_sees_every_non_draft(
    api_client_for, organiser, conference, draft, submitted, someone_elses
):
    response = api_client_for(organiser).get(list_url(conference))

    assert codes(response) == sorted([submitted.code, someone_elses.code])


@pytest.mark.parametrize("who", ["reviewer", "mentor", "attendee", "other_organiser", "outsider"])
def test_submission_list_without_proposals_is_empty(api_client_for, person, conference, submitted, who):
    response = api_client_for(person(who)).get(list_url(conference))

    assert (response.status_code, codes(response)) == (200, [])


def test_submission_list_private_conference_outsider_is_not_found(api_client_for, outsider, conference):
    conference.is_public = False
    conference.save(update_fields=["is_public"])

    response = api_client_for(outsider).get(list_url(conference))

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "Not found.", "fields": {}}


@pytest.mark.parametrize(("who", "status"), [("staff", 403), ("reviewer", 201), ("outsider", 404)])
def test_submission_create_private_conference_only_for_its_team(
    api_client_for, person, conference, payload, who, status
):
    conference.is_public = False
    conference.save(update_fields=["is_public"])

    response = api_client_for(person(who)).post(list_url(conference), payload, format="json")

    assert response.status_code == status


def test_submission_detail_speaker_reads_own(api_client_for, speaker, submitted):
    response = api_client_for(speaker).get(item_url(submitted))

    body = response.json()
    assert response.status_code == 200
    assert (body["code"], body["state"], body["track"]) == (submitted.code, "submitted", "stream-processing")
    assert body["speakers"] == [{"id": speaker.pk, "name": "Ada Lovelace", "is_primary": True}]


@pytest.mark.parametrize("who", ["other_speaker", "reviewer", "other_organiser"])
def test_submission_detail_someone_elses_code_is_not_found(api_client_for, person, submitted, who):
    response = api_client_for(person(who)).get(item_url(submitted))

    assert response.status_code == 404


def test_submission_detail_organiser_reads_submitted(api_client_for, organiser, submitted):
    assert api_client_for(organiser).get(item_url(submitted)).status_code == 200


def test_submission_detail_organiser_does_not_see_drafts(api_client_for, organiser, draft):
    assert api_client_for(organiser).get(item_url(draft)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_submission_list_anonymous_is_unauthorised(api_client_for, conference, payload, method):
    response = getattr(api_client_for(None), method)(list_url(conference), payload, format="json")

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "action"), [("get", "detail"), ("patch", "detail"), ("post", "submit"), ("post", "withdraw")]
)
def test_submission_item_anonymous_is_unauthorised(api_client_for, draft, method, action):
    response = getattr(api_client_for(None), method)(item_url(draft, action), {}, format="json")

    draft.refresh_from_db()
    assert response.status_code == 401
    assert draft.state == State.DRAFT


# --- Writing --------------------------------------------------------------------------------------


def test_submission_create_makes_draft(api_client_for, speaker, conference, payload):
    response = api_client_for(speaker).post(list_url(conference), payload, format="json")

    submission = Submission.objects.get()
    assert response.status_code == 201
    assert response.json()["code"] == submission.code
    assert (submission.state, submission.title) == (State.DRAFT, "Exactly-once in practice")
    assert list(submission.speakers.all()) == [speaker]
    assert OutboxEvent.objects.get().type == "summit.cfp.submission.created.v1"


def test_submission_create_with_empty_title_is_field_error(api_client_for, speaker, conference, payload):
    response = api_client_for(speaker).post(list_url(conference), payload | {"title": ""}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "The request has invalid fields.",
        "fields": {"title": ["This field may not be blank."]},
    }
    assert Submission.objects.count() == 0


def test_submission_create_with_unknown_track_is_field_error(api_client_for, speaker, conference, payload):
    response = api_client_for(speaker).post(list_url(conference), payload | {"track": "no-such-track"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"track": ["Object with slug=no-such-track does not exist."]}


def test_submission_create_with_other_conference_track_is_field_error(
    api_client_for, speaker, conference, other_conference, payload
):
    TrackFactory(conference=other_conference, slug="elsewhere")

    response = api_client_for(speaker).post(list_url(conference), payload | {"track": "elsewhere"}, format="json")

    assert response.json()["fields"] == {"track": ["Object with slug=elsewhere does not exist."]}


def test_submission_create_with_bad_url_is_field_error(api_client_for, speaker, conference, payload):
    response = api_client_for(speaker).post(list_url(conference), payload | {"video_url": "not a link"}, format="json")

    assert response.json()["fields"] == {"video_url": ["Enter a valid URL."]}


def test_submission_create_with_abstract_too_long_is_field_error(api_client_for, speaker, conference, payload):
    response = api_client_for(speaker).post(list_url(conference), payload | {"abstract": "x" * 1501}, format="json")

    assert response.json()["fields"] == {"abstract": ["Ensure this field has no more than 1500 characters."]}


def test_submission_create_after_close_says_so(api_client_for, speaker, conference, payload, close_cfp):
    close_cfp()

    response = api_client_for(speaker).post(list_url(conference), payload, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"non_field_errors": ["The call for papers has closed."]}
    assert (Submission.objects.count(), OutboxEvent.objects.count()) == (0, 0)


def test_submission_patch_changes_own_draft(api_client_for, speaker, draft):
    response = api_client_for(speaker).patch(item_url(draft), {"title": "Exactly-once, for real"}, format="json")

    draft.refresh_from_db()
    assert (response.status_code, response.json()["title"]) == (200, "Exactly-once, for real")
    assert draft.title == "Exactly-once, for real"
    assert OutboxEvent.objects.get().data["changed_fields"] == ["title"]


def test_submission_patch_ignores_state(api_client_for, speaker, draft):
    api_client_for(speaker).patch(item_url(draft), {"state": "accepted"}, format="json")

    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_submission_patch_with_empty_title_is_field_error(api_client_for, speaker, draft):
    response = api_client_for(speaker).patch(item_url(draft), {"title": ""}, format="json")

    draft.refresh_from_db()
    assert response.json()["fields"] == {"title": ["This field may not be blank."]}
    assert draft.title == "Exactly-once in practice"


def test_submission_patch_submitted_after_close_is_refused(api_client_for, speaker, submitted, close_cfp):
    close_cfp()

    response = api_client_for(speaker).patch(item_url(submitted), {"title": "Too late"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "non_field_errors": ["The call for papers has closed; submissions can no longer be edited."]
    }


def test_submission_patch_by_organiser_is_forbidden(api_client_for, organiser, submitted):
    response = api_client_for(organiser).patch(item_url(submitted), {"title": "Retitled"}, format="json")

    submitted.refresh_from_db()
    assert response.status_code == 403
    assert submitted.title == "Consumer lag explained"


def test_submission_patch_someone_elses_is_not_found(api_client_for, other_speaker, draft):
    response = api_client_for(other_speaker).patch(item_url(draft), {"title": "Mine now"}, format="json")

    assert response.status_code == 404


def test_submission_submit_action_submits(api_client_for, speaker, draft):
    response = api_client_for(speaker).post(item_url(draft, "submit"), {}, format="json")

    draft.refresh_from_db()
    assert (response.status_code, response.json()["state"]) == (200, "submitted")
    assert draft.state == State.SUBMITTED
    assert OutboxEvent.objects.get().type == "summit.cfp.submission.submitted.v1"


def test_submission_submit_without_code_of_conduct_is_field_error(api_client_for, speaker, draft, conference):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    response = api_client_for(speaker).post(item_url(draft, "submit"), {}, format="json")

    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "The request has invalid fields.",
        "fields": {"code_of_conduct": ["Please accept the code of conduct to submit."]},
    }
    assert draft.state == State.DRAFT


def test_submission_submit_accepting_code_of_conduct_submits(api_client_for, speaker, draft, conference):
    CfpSettingsFactory(conference=conference, code_of_conduct="Be excellent to each other.")

    response = api_client_for(speaker).post(
        item_url(draft, "submit"), {"code_of_conduct_accepted": True}, format="json"
    )

    assert response.json()["state"] == "submitted"


def test_submission_submit_after_close_with_late_code(api_client_for, speaker, draft, conference, close_cfp):
    close_cfp()
    LateAccessCodeFactory(conference=conference, code="ada-late")

    response = api_client_for(speaker).post(item_url(draft, "submit"), {"late_code": "ada-late"}, format="json")

    assert response.json()["state"] == "submitted"


@pytest.mark.parametrize(("who", "status"), [("organiser", 404), ("other_speaker", 404)])
def test_submission_submit_by_someone_else_is_refused(api_client_for, person, draft, who, status):
    response = api_client_for(person(who)).post(item_url(draft, "submit"), {}, format="json")

    draft.refresh_from_db()
    assert response.status_code == status
    assert draft.state == State.DRAFT


def test_submission_withdraw_action_withdraws(api_client_for, speaker, submitted):
    response = api_client_for(speaker).post(item_url(submitted, "withdraw"), format="json")

    assert (response.status_code, response.json()["state"]) == (200, "withdrawn")


def test_submission_withdraw_twice_is_refused(api_client_for, speaker, submitted):
    client = api_client_for(speaker)
    client.post(item_url(submitted, "withdraw"), format="json")

    response = client.post(item_url(submitted, "withdraw"), format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "non_field_errors": ["A submission that is Withdrawn cannot become Withdrawn."]
    }


@pytest.mark.parametrize(("who", "status"), [("organiser", 403), ("other_speaker", 404), ("reviewer", 404)])
def test_submission_withdraw_by_someone_else_is_refused(api_client_for, person, submitted, who, status):
    response = api_client_for(person(who)).post(item_url(submitted, "withdraw"), format="json")

    submitted.refresh_from_db()
    assert response.status_code == status
    assert submitted.state == State.SUBMITTED
