"""Every rule in conference/permissions.py, with someone it lets in and someone it keeps out."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import TrackFactory

pytestmark = pytest.mark.django_db

BACK_OFFICE_RULES = [
    "conference.change_conference",
    "conference.view_backoffice",
    "conference.manage_team",
    "conference.view_events",
]


def _user(person, who: str):
    return person(who) or AnonymousUser()


@pytest.mark.parametrize("who", ["site_admin", "staff"])
def test_add_conference_by_site_admin_is_allowed(person, who):
    assert person(who).has_perm("conference.add_conference") is True


@pytest.mark.parametrize("who", ["anonymous", "outsider", "organiser"])
def test_add_conference_by_anyone_else_is_denied(person, who):
    assert _user(person, who).has_perm("conference.add_conference") is False


@pytest.mark.parametrize("who", ["anonymous", "outsider", "attendee", "reviewer"])
def test_view_conference_public_by_anyone_is_allowed(conference, person, who):
    assert _user(person, who).has_perm("conference.view_conference", conference) is True


@pytest.mark.parametrize("who", ["organiser", "reviewer", "mentor", "site_admin"])
def test_view_conference_private_by_team_is_allowed(conference, person, who):
    conference.is_public = False
    conference.save()

    assert _user(person, who).has_perm("conference.view_conference", conference) is True


@pytest.mark.parametrize("who", ["anonymous", "outsider", "attendee", "other_organiser"])
def test_view_conference_private_by_outsiders_is_denied(conference, person, who):
    conference.is_public = False
    conference.save()

    assert _user(person, who).has_perm("conference.view_conference", conference) is False


@pytest.mark.parametrize("rule", BACK_OFFICE_RULES)
@pytest.mark.parametrize("who", ["organiser", "site_admin"])
def test_back_office_rule_by_organiser_or_site_admin_is_allowed(conference, person, rule, who):
    assert _user(person, who).has_perm(rule, conference) is True


@pytest.mark.parametrize("rule", BACK_OFFICE_RULES)
@pytest.mark.parametrize("who", ["anonymous", "outsider", "reviewer", "mentor", "attendee", "other_organiser"])
def test_back_office_rule_by_anyone_else_is_denied(conference, person, rule, who):
    assert _user(person, who).has_perm(rule, conference) is False


def test_change_conference_on_a_track_follows_its_conference(conference, organiser, other_organiser):
    track = TrackFactory(conference=conference)

    assert organiser.has_perm("conference.change_conference", track) is True
    assert other_organiser.has_perm("conference.change_conference", track) is False


def test_rule_without_a_conference_is_denied(organiser):
    assert organiser.has_perm("conference.change_conference", None) is False
