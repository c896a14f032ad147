"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis over the WSGI
app): every operation and method, anonymously and with an organiser's token, with every check,
negative data included. Seeded and bounded, so CI runs the same cases each time."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.generation.value import GeneratedValue
from schemathesis.specs.openapi.checks import positive_data_acceptance

from summit.wsgi import application
from tests.api import schema_world

# Loaded when the module is collected: the schema is built from the code and needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.seed = 22
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


# Requests valid by the schema that a rule no OpenAPI keyword can state refuses: the object a code
# or id names must exist at this conference, times must be in order, a proposal must be in a state
# that allows the action. For these operations a 400 on valid data is accepted when every field it
# names is listed here; a refusal naming any other field is still a failure.
C = "/api/conferences/{conference_slug}"
# A URL that matches `format: uri` is not always one Django's URLField takes ("a:b" is a URI).
URLS = {"video_url", "slides_url", "website"}
ANY = {"non_field_errors"}
RULES_BEYOND_THE_SCHEMA: dict[str, set[str]] = {
    "POST /api/conferences/": URLS | {"slug", "end_date", "cfp_closes_at", "review_closes_at"} | ANY,
    "PUT /api/conferences/{slug}/": URLS | {"slug", "end_date", "cfp_closes_at", "review_closes_at"} | ANY,
    "PATCH /api/conferences/{slug}/": URLS | {"slug", "end_date", "cfp_closes_at", "review_closes_at"} | ANY,
    f"POST {C}/decisions/": {"codes"} | ANY,
    f"POST {C}/office-hours/bookings/": {"slot", "shared_submission"} | ANY,
    f"POST {C}/office-hours/bookings/{{code}}/cancel/": ANY,
    f"POST {C}/office-hours/bookings/{{code}}/reschedule/": {"slot"} | ANY,
    f"POST {C}/reviews/": {"submission", "scores"} | ANY,
    # Slots fall within the conference's days, a talk's slot lasts its format's length.
    f"POST {C}/schedule/slots/": {"submission", "room", "starts_at", "ends_at"} | ANY,
    f"PATCH {C}/schedule/slots/{{id}}/": {"room", "starts_at", "ends_at"} | ANY,
    f"POST {C}/schedule/favourites/": {"codes"},
    f"PATCH {C}/slides/publication/{{code}}/": ANY,
    f"POST {C}/slides/talks/{{code}}/extensions/": {"until"} | ANY,
    f"PUT {C}/slides/videos/{{code}}/": {"url"},
    f"POST {C}/slides/talks/{{code}}/versions/": {"file"} | ANY,
    # Asking for changes needs a note or a comment on a page.
    f"POST {C}/slides/talks/{{code}}/versions/{{number}}/reviews/": {"note"},
    # A comment's page lies within the deck.
    f"POST {C}/slides/talks/{{code}}/versions/{{number}}/comments/": {"page"},
    f"POST {C}/submissions/": URLS | {"submission_type", "track", "level"} | ANY,
    f"PUT {C}/submissions/{{code}}/": URLS | {"submission_type", "track", "level"} | ANY,
    f"PATCH {C}/submissions/{{code}}/": URLS | {"submission_type", "track", "level"} | ANY,
    f"POST {C}/submissions/{{code}}/submit/": {"late_code", "code_of_conduct_accepted"} | ANY,
    f"POST {C}/submissions/{{code}}/withdraw/": ANY,
    # A webhook's host must resolve to a public address (and https:// unless set for development).
    f"POST {C}/webhooks/": {"url"},
    f"PUT {C}/webhooks/{{id}}/": {"url"},
    f"PATCH {C}/webhooks/{{id}}/": {"url"},
}


def refused_only_by_rules_beyond_the_schema(ctx, response, case):
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    refused = set(response.json()["fields"])
    allowed = RULES_BEYOND_THE_SCHEMA[case.operation.label]
    assert refused and refused <= allowed, f"Valid data refused for {sorted(refused - allowed)}: {response.text}"
    return None


def validate(case, **kwargs):
    if case.operation.label in RULES_BEYOND_THE_SCHEMA:
        kwargs |= {
            "excluded_checks": [positive_data_acceptance],
            "additional_checks": [refused_only_by_rules_beyond_the_schema],
        }
    case.call_and_validate(**kwargs)


@schema.hook
def before_generate_path_parameters(ctx, strategy):
    """Mixes the path parameters of objects that exist in with the generated ones; parameters made
    invalid on purpose (negative data) are left as they are, or they would be valid after all."""

    def mixed(drawn):
        if isinstance(drawn, GeneratedValue):
            if drawn.meta is not None:
                return st.just(drawn)
            known = [GeneratedValue(value, None) for value in schema_world.known_path_parameters(ctx.operation.path)]
        else:
            known = schema_world.known_path_parameters(ctx.operation.path)
        return st.sampled_from([drawn, *known])

    return strategy.flatmap(mixed)


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
def world(conference, organiser, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from schedule import views

    views._programmes.clear()
    schema_world.build_world(conference, organiser)
    yield
    schema_world.forget_world()
    views._programmes.clear()


@pytest.fixture
def organiser_headers(organiser, api_header):
    return api_header(organiser)


@schema.parametrize()
@FUZZ
def test_api_anonymous_conforms_to_schema(case, world):
    validate(case)


@schema.parametrize()
@FUZZ
def test_api_organiser_conforms_to_schema(case, world, organiser_headers):
    validate(case, headers=organiser_headers)
