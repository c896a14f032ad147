"""The rules the rest of the slides app builds on: the two deadlines, who may see and review a deck,
and where decks are stored."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from cfp.models import Submission
from conference.models import ConferenceRole
from slides import deadlines
from slides.models import SlideReviewer, SlidesSettings, TalkSlides, private_storage
from tests.factories import ConferenceRoleFactory, TrackFactory, UserFactory
from tests.factories.cfp import SubmissionFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def london(conference):
    conference.timezone = "Europe/London"
    conference.slides_draft_deadline = dt.datetime(2027, 3, 1, 12, 0, tzinfo=LONDON)
    conference.save()
    return conference


def test_final_is_due_at_six_the_evening_before_in_conference_time(london):
    # The talk is at 09:30 London time the morning after the clocks went forward (28 March 2027).
    starts = dt.datetime(2027, 3, 29, 8, 30, tzinfo=dt.UTC)
    result = deadlines.compute(london, SlidesSettings(conference=london), None, starts, starts + dt.timedelta(hours=1))
    assert result.final == dt.datetime(2027, 3, 28, 18, 0, tzinfo=LONDON)
    assert result.final.astimezone(dt.UTC) == dt.datetime(2027, 3, 28, 17, 0, tzinfo=dt.UTC)
    assert result.draft == london.slides_draft_deadline
    assert result.locks_at == starts


def test_days_before_and_time_follow_the_conference(london):
    london.slides_final_days_before = 2
    london.slides_final_time = dt.time(9, 0)
    starts = dt.datetime(2027, 5, 12, 14, 0, tzinfo=dt.UTC)
    result = deadlines.compute(london, SlidesSettings(conference=london), None, starts, None)
    assert result.final == dt.datetime(2027, 5, 10, 9, 0, tzinfo=LONDON)


def test_an_unscheduled_talk_falls_back_to_the_fixed_deadline_and_never_locks(london):
    fixed = dt.datetime(2027, 5, 1, 18, 0, tzinfo=LONDON)
    result = deadlines.compute(
        london, SlidesSettings(conference=london, final_deadline_unscheduled=fixed), None, None, None
    )
    assert result.final == fixed
    assert result.locks_at is None
    assert not result.is_locked(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))


def test_extensions_replace_either_deadline(london):
    starts = dt.datetime(2027, 5, 12, 14, 0, tzinfo=dt.UTC)
    talk = TalkSlides(
        draft_due_extended_to=dt.datetime(2027, 3, 8, 12, 0, tzinfo=LONDON),
        final_due_extended_to=dt.datetime(2027, 5, 12, 8, 0, tzinfo=LONDON),
    )
    result = deadlines.compute(london, SlidesSettings(conference=london), talk, starts, None)
    assert result.due("draft") == talk.draft_due_extended_to
    assert result.due("final") == talk.final_due_extended_to
    assert result.is_locked(starts) and not result.is_locked(starts - dt.timedelta(seconds=1))


@pytest.fixture
def talk(conference):
    return SubmissionFactory(conference=conference, state=Submission.State.ACCEPTED)


def test_speakers_and_organisers_see_an_accepted_talks_slides_others_do_not(talk, organiser, outsider, attendee):
    speaker = talk.speakers.get()
    assert speaker.has_perm("slides.view_talk", talk) and speaker.has_perm("slides.upload", talk)
    assert organiser.has_perm("slides.view_talk", talk) and organiser.has_perm("slides.review", talk)
    assert not organiser.has_perm("slides.upload", talk)
    for someone in (outsider, attendee, SubmissionFactory(conference=talk.conference).speakers.get()):
        assert not someone.has_perm("slides.view_talk", talk)
        assert not someone.has_perm("slides.upload", talk)


def test_a_talk_that_is_not_accepted_has_no_slides(conference):
    proposal = SubmissionFactory(conference=conference, state=Submission.State.SUBMITTED)
    assert not proposal.speakers.get().has_perm("slides.upload", proposal)


def test_track_reviewers_review_slides_unless_conflicted_or_switched_off(talk, conference):
    reviewer = ConferenceRoleFactory(conference=conference, role=ConferenceRole.Role.REVIEWER, tracks=[talk.track]).user
    other_track = ConferenceRoleFactory(
        conference=conference, role=ConferenceRole.Role.REVIEWER, tracks=[TrackFactory(conference=conference)]
    ).user
    assert reviewer.has_perm("slides.review", talk)
    assert not other_track.has_perm("slides.review", talk)

    co_author = ConferenceRoleFactory(conference=conference, role=ConferenceRole.Role.REVIEWER).user
    own = SubmissionFactory(conference=conference, state=Submission.State.ACCEPTED, speakers=[co_author])
    assert not co_author.has_perm("slides.review", own)  # a reviewer never reviews their own talk

    SlidesSettings.objects.create(conference=conference, track_reviewers_review_slides=False)
    conference.refresh_from_db()
    talk.refresh_from_db()
    assert not reviewer.has_perm("slides.review", talk)


def test_appointed_slide_reviewers_cover_their_tracks_only(talk, conference):
    mentor = UserFactory()
    appointment = SlideReviewer.objects.create(conference=conference, user=mentor)
    assert mentor.has_perm("slides.review", talk) and mentor.has_perm("slides.view_talk", talk)
    appointment.tracks.set([TrackFactory(conference=conference)])
    assert not mentor.has_perm("slides.review", talk)


def test_decks_go_to_the_private_storage_the_settings_name(settings, tmp_path):
    name = private_storage.save("probe.pdf", ContentFile(b"%PDF-1.7"))
    assert (tmp_path / "slides" / name).read_bytes() == b"%PDF-1.7"
    with pytest.raises(ValueError):
        private_storage.url(name)  # no URL of its own: decks leave through a permission-checked view


def test_a_talk_with_a_published_deck_can_be_deleted_but_not_its_published_version_alone(conference):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from slides.models import SlideVersion, Status
    from tests.factories import SlideVersionFactory, TalkSlidesFactory

    def published_talk():
        record = TalkSlidesFactory(submission__conference=conference)
        version = SlideVersionFactory(talk=record, kind="final")
        record.status, record.published_at, record.published_version = Status.PUBLISHED, timezone.now(), version
        record.save()
        return record, version

    record, version = published_talk()
    with pytest.raises(IntegrityError), transaction.atomic():
        SlideVersion.objects.filter(pk=version.pk).delete()
        # The foreign key is checked at commit (deferred); check_constraints stands in for the commit.
        from django.db import connection

        connection.check_constraints()

    record.submission.delete()
    assert not TalkSlides.objects.filter(pk=record.pk).exists()
    assert not SlideVersion.objects.filter(pk=version.pk).exists()
