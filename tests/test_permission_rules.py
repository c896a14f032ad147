"""Every permission rule of Summit's apps has a case it allows and a case it denies.

The rules are those the apps of this repository register with django-rules; the cases are the
`ALLOWED` and `DENIED` tables of each app's tests/<app>/test_permissions.py, which run them. A rule
added without both cases fails here, by name.
"""

import importlib
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.conf import settings
from rules.permissions import permissions as registry

from accounts.permissions import is_personal
from tests.permission_cases import Case

# Django grants an active superuser every permission before it asks a rule, so their case shows
# nothing about the rule, except for the personal permissions that skip that shortcut.
SUPERUSER_FIXTURES = frozenset({"site_admin"})


def summit_app_labels() -> set[str]:
    """The apps that live in this repository (not Django's or a library's)."""
    root = Path(settings.BASE_DIR)
    return {config.label for config in apps.get_app_configs() if Path(config.path).parent == root}


def registered_rules() -> set[str]:
    labels = summit_app_labels()
    return {name for name in registry if name.split(".", 1)[0] in labels}


def case_tables(labels: set[str]) -> tuple[list[Case], list[Case]]:
    """The ALLOWED and DENIED cases of tests/<label>/test_permissions.py for each label."""
    allowed: list[Case] = []
    denied: list[Case] = []
    for label in sorted(labels):
        try:
            module = importlib.import_module(f"tests.{label}.test_permissions")
        except ModuleNotFoundError:
            pytest.fail(f"{label} registers permission rules but has no tests/{label}/test_permissions.py")
        allowed += module.ALLOWED
        denied += module.DENIED
    return allowed, denied


def asks_the_rule(case: Case) -> bool:
    return case.user not in SUPERUSER_FIXTURES or is_personal(case.perm)


def uncovered(rule_names: set[str], allowed: list[Case], denied: list[Case]) -> dict[str, str]:
    """What each rule lacks (an allowed case, a denied case), and each case's rule that is not registered."""
    allowed_rules = {case.perm for case in allowed if asks_the_rule(case)}
    denied_rules = {case.perm for case in denied}
    lacking = {}
    for name in sorted(rule_names | allowed_rules | denied_rules):
        if name not in rule_names:
            lacking[name] = "not a registered rule"
        elif name not in allowed_rules and name not in denied_rules:
            lacking[name] = "no allowed case, no denied case"
        elif name not in allowed_rules:
            lacking[name] = "no allowed case"
        elif name not in denied_rules:
            lacking[name] = "no denied case"
    return lacking


def test_summit_apps_register_rules():
    labels = {name.split(".", 1)[0] for name in registered_rules()}

    assert labels == {"accounts", "conference", "cfp", "review", "office_hours", "schedule", "slides", "webhooks"}


def test_every_rule_has_an_allowed_and_a_denied_case():
    rule_names = registered_rules()
    allowed, denied = case_tables({name.split(".", 1)[0] for name in rule_names})

    assert uncovered(rule_names, allowed, denied) == {}


def test_a_rule_without_cases_is_named():
    rules.add_perm("cfp.judge_submission", rules.always_allow)
    try:
        rule_names = registered_rules()
        allowed, denied = case_tables({"cfp"})
        lacking = uncovered(rule_names, allowed, denied)
    finally:
        rules.remove_perm("cfp.judge_submission")

    assert lacking["cfp.judge_submission"] == "no allowed case, no denied case"


def test_a_rule_allowed_only_for_a_superuser_lacks_its_allowed_case():
    denied = [Case("cfp.view_submission", "other_speaker", "submitted")]

    assert uncovered({"cfp.view_submission"}, [Case("cfp.view_submission", "site_admin", "submitted")], denied) == {
        "cfp.view_submission": "no allowed case"
    }


def test_a_case_for_no_registered_rule_is_named():
    case = Case("cfp.veiw_submission", "speaker", "submitted")

    assert uncovered(set(), [case], [case]) == {"cfp.veiw_submission": "not a registered rule"}
