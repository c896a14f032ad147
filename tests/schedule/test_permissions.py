"""Each schedule rule, allowed and denied."""

import pytest

from tests.factories import SpeakerUnavailabilityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule", ["schedule.edit_schedule", "schedule.publish_schedule"])
def test_organiser_may_build_and_publish(organiser, conference, rule):
    assert organiser.has_perm(rule, conference)


@pytest.mark.parametrize("rule", ["schedule.edit_schedule", "schedule.publish_schedule"])
@pytest.mark.parametrize("who", ["reviewer", "mentor", "attendee", "other_organiser"])
def test_others_may_not_build_or_publish(person, conference, rule, who):
    assert not person(who).has_perm(rule, conference)


def test_speaker_may_declare_unavailability(speaker, conference, talk):
    assert speaker.has_perm("schedule.declare_unavailability", conference)


def test_non_speaker_may_not_declare_unavailability(attendee, conference, make_talk):
    make_talk("A draft", speakers=[attendee], state="draft")

    assert not attendee.has_perm("schedule.declare_unavailability", conference)


def test_speaker_may_remove_their_own_unavailability(speaker, conference):
    assert speaker.has_perm(
        "schedule.remove_unavailability", SpeakerUnavailabilityFactory(conference=conference, user=speaker)
    )


def test_speaker_may_not_remove_someone_elses_unavailability(speaker, other_speaker, conference):
    theirs = SpeakerUnavailabilityFactory(conference=conference, user=other_speaker)

    assert not speaker.has_perm("schedule.remove_unavailability", theirs)
