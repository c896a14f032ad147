"""Every rule in accounts/permissions.py: a person's API tokens are theirs alone, whatever their role.
(Seeing them is the selector's: tests/accounts/test_api_tokens.py lists only the person's own.)"""

import pytest

from accounts.permissions import is_personal
from tests.factories import ApiTokenFactory
from tests.permission_cases import cases

pytestmark = pytest.mark.django_db

TOKEN_RULES = ["accounts.revoke_api_token"]


@pytest.fixture
def organisers_token(organiser):
    return ApiTokenFactory(user=organiser)


ALLOWED = [
    *cases(TOKEN_RULES, "organiser", "organisers_token"),
]

DENIED = [
    # site_admin: the rules are personal, so Django's superuser shortcut does not grant them.
    *cases(TOKEN_RULES, ["outsider", "other_organiser", "staff", "site_admin", "anonymous"], "organisers_token"),
    *cases(TOKEN_RULES, "organiser", None),
]


@pytest.mark.parametrize("case", ALLOWED, ids=str)
def test_rule_allows(request, case):
    assert case.has_perm(request) is True


@pytest.mark.parametrize("case", DENIED, ids=str)
def test_rule_denies(request, case):
    assert case.has_perm(request) is False


def test_token_rules_are_personal():
    assert [is_personal(rule) for rule in TOKEN_RULES] == [True]
