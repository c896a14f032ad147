"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis over the WSGI
app): every operation and method, anonymously and with an organiser's token, with every check,
negative data included. Seeded and bounded, so CI runs the same cases each time."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.generation.value import GeneratedValue

from summit.wsgi import application
from tests.api import schema_world

# Loaded when the module is collected: the schema is built from the code and needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.seed = 22
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


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
def organiser_headers(organiser):
    token, _ = Token.objects.get_or_create(user=organiser)
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@FUZZ
def test_api_anonymous_conforms_to_schema(case, world):
    case.call_and_validate()


@schema.parametrize()
@FUZZ
def test_api_organiser_conforms_to_schema(case, world, organiser_headers):
    case.call_and_validate(headers=organiser_headers)
