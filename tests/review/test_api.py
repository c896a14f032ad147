"""The review API: same rules as the pages (404 for what a reviewer may not open), anonymity, codes."""

import pytest
from django.urls import reverse

from cfp.models import Submission
from conference.models import ConferenceRole
from review.models import Review
from review.services.codes import pass_code_issue
from review.services.committee import conflict_declare
from review.services.setup import review_settings_update
from tests.factories import ConferenceRoleFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import ReviewFactory

pytestmark = pytest.mark.django_db


def url(name, conference, **kwargs):
    return reverse(name, kwargs={"conference_slug": conference.slug, **kwargs})


def test_review_submissions_list_is_anonymous_for_reviewers(api_client_for, assigned, reviewer, conference):
    response = api_client_for(reviewer).get(url("review-submission-list", conference))

    [row] = response.json()["results"]
    assert row["code"] == assigned.code
    assert row["speakers"] == [] and row["video_url"] is None
    assert "Ada" not in response.content.decode()


def test_review_submissions_not_anonymous_shows_speakers(api_client_for, assigned, reviewer, conference, organiser):
    review_settings_update(conference=conference, by=organiser, anonymous=False)

    response = api_client_for(reviewer).get(url("review-submission-detail", conference, code=assigned.code))

    assert response.json()["speakers"][0]["name"] == "Ada Lovelace"
    assert response.json()["video_url"] == "https://video.example/ada-talk"


def test_review_submissions_organiser_on_the_committee_sees_all_with_speakers(
    organiser_api, organiser, submitted, conference
):
    ConferenceRoleFactory(conference=conference, user=organiser, role=ConferenceRole.Role.REVIEWER)

    response = organiser_api.get(url("review-submission-list", conference))

    assert [row["speakers"][0]["name"] for row in response.json()["results"]] == ["Ada Lovelace"]


def test_review_submissions_are_not_an_organiser_s_off_the_committee(organiser_api, submitted, conference):
    # As the HTML reviewing pages: the ranking is the organisers' way in.
    assert organiser_api.get(url("review-submission-list", conference)).status_code == 403
    detail = organiser_api.get(url("review-submission-detail", conference, code=submitted.code))
    assert detail.status_code == 403


@pytest.mark.parametrize("why", ["conflict", "unassigned"])
def test_review_submission_detail_unreachable_is_not_found(api_client_for, submitted, reviewer, conference, why):
    if why == "conflict":
        conflict_declare(reviewer=reviewer, submission=submitted)

    response = api_client_for(reviewer).get(url("review-submission-detail", conference, code=submitted.code))

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_review_submissions_conflicted_left_out_of_the_list(api_client_for, assigned, reviewer, conference):
    conflict_declare(reviewer=reviewer, submission=assigned)

    assert api_client_for(reviewer).get(url("review-submission-list", conference)).json()["count"] == 0


def test_review_submissions_outsider_is_forbidden(api_client_for, outsider, conference):
    assert api_client_for(outsider).get(url("review-submission-list", conference)).status_code == 403


def test_review_create_and_list(api_client_for, assigned, reviewer, conference, categories):
    client = api_client_for(reviewer)
    payload = {
        "submission": assigned.code,
        "scores": [{"category": c.pk, "value": 3} for c in categories],
        "comment": "Fine",
    }

    created = client.post(url("review-list", conference), payload, format="json")

    assert created.status_code == 201, created.json()
    assert created.json()["total"] == "4.33"
    assert [row["submission"] for row in client.get(url("review-list", conference)).json()["results"]] == [
        assigned.code
    ]


def test_review_create_conflicted_is_not_found(api_client_for, assigned, reviewer, conference, categories):
    conflict_declare(reviewer=reviewer, submission=assigned)
    payload = {"submission": assigned.code, "scores": [{"category": c.pk, "value": 3} for c in categories]}

    response = api_client_for(reviewer).post(url("review-list", conference), payload, format="json")

    assert response.status_code == 404
    assert Review.objects.count() == 0


def test_review_create_bad_score_is_invalid(api_client_for, assigned, reviewer, conference, categories):
    payload = {"submission": assigned.code, "scores": [{"category": c.pk, "value": 99} for c in categories]}

    response = api_client_for(reviewer).post(url("review-list", conference), payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert f"score_{categories[0].pk}" in response.json()["fields"]


def test_review_create_closed_is_forbidden(api_client_for, assigned, reviewer, conference, categories):
    from tests.factories.review import ReviewPhaseFactory

    ReviewPhaseFactory(conference=conference, can_review=False, can_bid=True)
    payload = {"submission": assigned.code, "scores": [{"category": c.pk, "value": 3} for c in categories]}

    assert api_client_for(reviewer).post(url("review-list", conference), payload, format="json").status_code == 403


def test_reviews_organiser_sees_all(organiser_api, assigned, reviewer, second_reviewer, conference):
    ReviewFactory(submission=assigned, reviewer=reviewer)
    ReviewFactory(submission=assigned, reviewer=second_reviewer)

    assert organiser_api.get(url("review-list", conference)).json()["count"] == 2


def test_ranking_for_organisers(organiser_api, assigned, reviewer, conference):
    ReviewFactory(submission=assigned, reviewer=reviewer, total=7)

    response = organiser_api.get(url("ranking-list", conference))

    assert response.json() == [
        {
            "code": assigned.code,
            "title": assigned.title,
            "track": "stream-processing",
            "state": "submitted",
            "mean": "7.00",
            "spread": "0.00",
            "reviews": 1,
            "assigned": 1,
            "outliers": [],
        }
    ]


def test_ranking_reviewer_is_forbidden(api_client_for, reviewer, conference):
    assert api_client_for(reviewer).get(url("ranking-list", conference)).status_code == 403


def test_decisions_in_bulk(organiser_api, conference, catalogue):
    codes = [SubmissionFactory(conference=conference, **catalogue).code for _ in range(3)]

    response = organiser_api.post(
        url("decision-list", conference), {"codes": codes, "decision": "waitlist"}, format="json"
    )

    assert response.json() == {"decided": 3}
    assert set(Submission.objects.values_list("state", flat=True)) == {"waitlisted"}


def test_decisions_reviewer_is_forbidden(api_client_for, reviewer, submitted, conference):
    payload = {"codes": [submitted.code], "decision": "accept"}

    assert api_client_for(reviewer).post(url("decision-list", conference), payload, format="json").status_code == 403


def test_pass_code_redeem_twice_fails_clearly(organiser_api, submitted, speaker, organiser, conference):
    code = pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser)
    redeem = url("pass-code-redeem", conference, code=code.code)

    first = organiser_api.post(redeem, {"reference": "ORDER-1"}, format="json")
    second = organiser_api.post(redeem, {"reference": "ORDER-2"}, format="json")

    assert first.status_code == 200 and first.json()["redeemed_reference"] == "ORDER-1"
    assert second.status_code == 409
    assert second.json()["error"] == "already_redeemed"
    assert "already used" in second.json()["message"]


def test_pass_code_unknown_is_not_found(organiser_api, conference):
    response = organiser_api.post(url("pass-code-redeem", conference, code="ABCDEFGHJKMNPQRS"), {}, format="json")

    assert response.status_code == 404


def test_pass_codes_list_for_the_ticketing_system(organiser_api, submitted, speaker, organiser, conference):
    code = pass_code_issue(submission=submitted, speaker=speaker, kind="pass", by=organiser)

    response = organiser_api.get(url("pass-code-list", conference))

    assert [(row["code"], row["kind"]) for row in response.json()["results"]] == [(code.code, "pass")]


def test_pass_codes_speaker_is_forbidden(api_client_for, speaker, conference):
    assert api_client_for(speaker).get(url("pass-code-list", conference)).status_code == 403
