"""Every rule in conference/permissions.py, with someone it lets in and someone it keeps out."""

import pytest

from tests.factories import TrackFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

BACK_OFFICE_RULES = [
    "conference.change_conference",
    "conference.view_backoffice",
    "conference.manage_team",
    "conference.view_events",
    "conference.view_outgoing_mail",
]


@pytest.fixture
def private_conference(conference):
    conference.is_public = False
    conference.save()
    return conference


@pytest.fixture
def track(conference):
    return TrackFactory(conference=conference)


ALLOWED = [
    *cases("conference.add_conference", ["site_admin", "staff"], None),
    *cases("conference.view_conference", ["anonymous", "outsider", "attendee", "reviewer"], "conference"),
    *cases("conference.view_conference", ["organiser", "reviewer", "mentor", "site_admin"], "private_conference"),
    *cases(BACK_OFFICE_RULES, ["organiser", "site_admin", "staff"], "conference"),
    # Anything with a `.conference` is asked about as its conference.
    *cases("conference.change_conference", "organiser", "track"),
]

DENIED = [
    *cases("conference.add_conference", ["anonymous", "outsider", "organiser"], None),
    *cases(
        "conference.view_conference", ["anonymous", "outsider", "attendee", "other_organiser"], "private_conference"
    ),
    *cases(
        BACK_OFFICE_RULES, ["anonymous", "outsider", "reviewer", "mentor", "attendee", "other_organiser"], "conference"
    ),
    *cases("conference.change_conference", "other_organiser", "track"),
    *cases("conference.change_conference", "organiser", None),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
