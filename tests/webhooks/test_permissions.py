"""Every rule in webhooks/permissions.py, with someone it lets in and someone it keeps out."""

import pytest

from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

ALLOWED = [
    *cases("webhooks.manage_webhooks", ["organiser", "site_admin", "staff"], "conference"),
    *cases("webhooks.manage_site_webhooks", ["site_admin", "staff"], None),
]

DENIED = [
    *cases(
        "webhooks.manage_webhooks",
        ["anonymous", "outsider", "attendee", "reviewer", "mentor", "other_organiser"],
        "conference",
    ),
    *cases("webhooks.manage_site_webhooks", ["anonymous", "outsider", "organiser"], None),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False
