"""PostgreSQL drops the request's connection (a restart, a killed backend): that request answers a
503 with Retry-After, as a page or as API JSON, and the next request succeeds on a new connection.
The fault is real: pg_terminate_backend from a second connection."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from common.unavailable import server_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.postgres
def test_killed_connection_answers_503_page_then_the_next_request_works(kill_connection, conference):
    client = Client(raise_request_exception=False)
    page = reverse("public:conference", args=[conference.slug])
    kill_connection()

    failed = client.get(page)
    recovered = client.get(page)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert failed["Cache-Control"] == "no-store"
    assert "Back in a moment" in failed.content.decode()
    assert recovered.status_code == 200


@pytest.mark.postgres
def test_killed_connection_answers_503_json_under_the_api(kill_connection, conference, api_client_for):
    client = api_client_for(UserFactory())
    client.raise_request_exception = False
    url = reverse("conference-list")
    kill_connection()

    failed = client.get(url)
    recovered = client.get(url)

    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert failed.json() == {
        "error": "service_unavailable",
        "message": "The database is not answering. Please try again in a few seconds.",
        "fields": {},
    }
    assert recovered.status_code == 200


@pytest.mark.postgres
def test_503_page_is_translated(kill_connection, conference):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "fr"})
    kill_connection()

    failed = client.get(reverse("public:conference", args=[conference.slug]))

    assert failed.status_code == 503
    assert '<html lang="fr">' in failed.content.decode()
    assert "De retour dans un instant" in failed.content.decode()


@pytest.mark.postgres
def test_killed_connection_before_the_view_answers_503_too(kill_connection, conference):
    """The public schedule's cache middleware reads the database before any view runs."""
    client = Client(raise_request_exception=False)
    page = f"/{conference.slug}/schedule/"
    before = client.get(page).status_code  # 404: no release yet
    cache.clear()  # the middleware must read the release pointer from the database again
    kill_connection()

    failed = client.get(page)

    assert failed.status_code == 503
    assert client.get(page).status_code == before == 404


def test_other_server_errors_under_the_api_stay_json_500(rf):
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/api/conferences/"))

    assert response.status_code == 500
    assert json.loads(response.content)["error"] == "server_error"
