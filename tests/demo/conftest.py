"""The default demo, built once per module: building it takes half a minute, reading it a few milliseconds."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import FAST_PASSWORD_HASHERS, outbox_rows_checked


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""


@pytest.fixture(scope="module")
def demo_slides_dir(tmp_path_factory):
    """Where the module's demo keeps its slide decks (see `demo_decks`)."""
    return tmp_path_factory.mktemp("demo-slides")


@pytest.fixture
def demo_decks(settings, demo_slides_dir):
    """Points the private slides storage at the demo's decks, for tests that read them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "slides": {**settings.STORAGES["slides"], "OPTIONS": {"location": demo_slides_dir}},
    }


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, demo_slides_dir) -> str:
    """`seed_demo`'s output, with the demo it built in the database for the module's tests.

    The demo is built in a transaction that is rolled back when the module ends, so no other module
    sees it. Each test still runs in its own savepoint inside it (pytest-django's `db`), so a test that
    changes the demo changes it for itself only. The demo's events are checked like a test's.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        storages = {
            **settings.STORAGES,
            "slides": {**settings.STORAGES["slides"], "OPTIONS": {"location": demo_slides_dir}},
        }
        with (
            override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, STORAGES=storages),
            outbox_rows_checked() as invalid,
        ):
            call_command("seed_demo", stdout=out)
        assert invalid == []
        with django_db_blocker.block():
            yield out.getvalue()
        transaction.set_rollback(True)
