"""Property-based tests of the API against its own OpenAPI schema (schemathesis over the WSGI app)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from summit.wsgi import application
from tests.factories import ConferenceFactory, LevelFactory, RoomFactory, SubmissionTypeFactory, TrackFactory

# DRF's pagination reads a malformed limit or offset as the default instead of refusing it; that is
# deliberate upstream behaviour, so the check that invalid input gets a 4xx is left out.
LENIENT = [negative_data_rejection]

# Loaded when the module is collected: the schema is built from the code and needs no database.
# Submissions are cfp's, tested with the cfp app.
schema = (
    schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET").exclude(path_regex="/submissions")
)


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """The real WSGI app closes the database connection after each request, and with it the test's
    transaction (on PostgreSQL). Django's test client suspends that for its requests; so does this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(conference, organiser, api_header):
    """A public and a private conference with one item in each list, and the organiser's token."""
    private = ConferenceFactory(slug="private-summit", is_public=False)
    for owner in (conference, private):
        TrackFactory(conference=owner)
        RoomFactory(conference=owner)
        SubmissionTypeFactory(conference=owner)
        LevelFactory(conference=owner)
    return api_header(organiser)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_get_anonymous_conforms_to_schema(case, api_data):
    case.call_and_validate(excluded_checks=LENIENT)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_get_organiser_conforms_to_schema(case, api_data):
    case.call_and_validate(headers=api_data, excluded_checks=LENIENT)
