"""The 10x demo writes its thousands of speakers and proposals in bulk: the rows and events must be
the ones the services write one at a time."""

import pytest

from accounts.models import User
from cfp.models import Submission
from demo import cfp as demo_cfp
from demo import conference as demo_conference
from demo.conference import DEMO_SLUG, SIZES, DemoSize, seed_conference
from events.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk(monkeypatch):
    monkeypatch.setattr(demo_conference, "BULK_SPEAKERS", 0)
    monkeypatch.setattr(demo_cfp, "BULK_SUBMISSIONS", 0)
    monkeypatch.setitem(SIZES, "tiny", DemoSize(speakers=4, reviewers=1, submissions=6))


def test_bulk_speakers_are_registered_verified_speakers_with_their_events(bulk):
    seed_conference(size="tiny")

    speakers = User.objects.filter(email__startswith="speaker0", email__endswith="@bench.summit.test")
    assert speakers.count() == 4
    for user in speakers.select_related("speaker_profile"):
        assert user.check_password(demo_conference.DEMO_PASSWORD)
        assert user.emailaddress_set.get().verified
        assert user.speaker_profile.company in demo_conference.COMPANIES
        assert OutboxEvent.objects.filter(type="summit.accounts.user.registered.v1", subject=f"user/{user.pk}").exists()
        assert (
            OutboxEvent.objects.get(type="summit.accounts.speaker_profile.updated.v1", subject=f"user/{user.pk}").actor
            == f"user/{user.pk}"
        )


def test_bulk_proposals_are_submitted_with_their_created_and_submitted_events(bulk):
    result = seed_conference(size="tiny")
    conference = result["conference"]
    assert conference.slug == DEMO_SLUG

    demo_cfp.benchmark_submissions(conference, 6)

    proposals = Submission.objects.filter(conference=conference)
    assert proposals.count() == 6
    for proposal in proposals.prefetch_related("speaker_links"):
        assert proposal.state == Submission.State.SUBMITTED
        assert proposal.submitted_at is not None and proposal.code_of_conduct_accepted_at == proposal.submitted_at
        (link,) = proposal.speaker_links.all()
        assert link.is_primary
        created = OutboxEvent.objects.get(type="summit.cfp.submission.created.v1", subject=proposal.subject)
        submitted = OutboxEvent.objects.get(type="summit.cfp.submission.submitted.v1", subject=proposal.subject)
        assert created.data["state"] == "draft" and submitted.data["previous_state"] == "draft"
        assert submitted.data["speaker_ids"] == [link.user_id]
        assert submitted.actor == f"user/{link.user_id}"
    # A second run adds nothing.
    demo_cfp.benchmark_submissions(conference, 6)
    assert proposals.count() == 6
