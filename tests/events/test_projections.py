"""The stats read model folded straight from envelopes, without a broker."""

import uuid

import pytest

from events import projections
from events.models import ReviewerReviewCount

pytestmark = pytest.mark.django_db
SOURCE = "/summit/kafka-summit-test"


def review_envelope(reviewer_id: int, *, is_update: bool) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "source": SOURCE,
        "type": projections.REVIEW_SUBMITTED,
        "time": "2030-04-02T10:00:00Z",
        "data": {"reviewer_id": reviewer_id, "is_update": is_update},
    }


def test_apply_counts_a_changed_review_once_per_reviewer():
    first = review_envelope(7, is_update=False)

    applied = projections.apply([first, review_envelope(7, is_update=True), review_envelope(9, is_update=False)])

    assert applied == 3
    assert dict(ReviewerReviewCount.objects.values_list("reviewer_id", "count")) == {7: 1, 9: 1}


def test_apply_skips_an_envelope_it_has_already_applied():
    envelope = review_envelope(7, is_update=False)
    projections.apply([envelope])

    assert projections.apply([envelope]) == 0
    assert ReviewerReviewCount.objects.get(reviewer_id=7).count == 1
