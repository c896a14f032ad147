"""The released programme's API is cached per release like the public pages: an ETag, 304 for a
client that holds it, no query once cached, a fresh copy after a new release."""

import pytest
from django.core.cache import cache

from schedule.services.releases import release_publish

pytestmark = pytest.mark.django_db

API_PATHS = ["", "talks/", "speakers/"]


def _url(conference, suffix: str) -> str:
    return f"/api/conferences/{conference.slug}/schedule/{suffix}"


@pytest.mark.parametrize("suffix", API_PATHS)
def test_schedule_api_answers_not_modified_to_a_client_holding_it(client, conference, released, suffix):
    first = client.get(_url(conference, suffix))

    again = client.get(_url(conference, suffix), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert (again.status_code, again["ETag"], again.content) == (304, first["ETag"], b"")


@pytest.mark.parametrize("suffix", API_PATHS)
def test_schedule_api_cached_copy_makes_no_query(client, conference, released, suffix, django_assert_num_queries):
    first = client.get(_url(conference, suffix))

    with django_assert_num_queries(0):
        second = client.get(_url(conference, suffix))

    assert (second.content, second["ETag"]) == (first.content, first["ETag"])


def test_schedule_api_stale_etag_gets_the_new_release(
    client, conference, released, organiser, talk, django_capture_on_commit_callbacks
):
    old = client.get(_url(conference, ""))
    talk.title = "A new title for v2"
    talk.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(conference=conference, version="v2", by=organiser)

    response = client.get(_url(conference, ""), HTTP_IF_NONE_MATCH=old["ETag"])

    assert response.status_code == 200
    assert response["ETag"] != old["ETag"]
    assert response.json()["version"] == "v2"


def test_schedule_api_of_a_private_conference_is_not_cached(organiser_api, conference, released):
    conference.is_public = False
    conference.save(update_fields=["is_public"])
    cache.clear()

    response = organiser_api.get(_url(conference, ""))

    assert response.status_code == 200
    assert not [key for key in cache._cache if ":api:" in key]  # type: ignore[attr-defined]


def test_schedule_api_wrong_etag_gets_the_body(client, conference, released):
    response = client.get(_url(conference, "talks/"), HTTP_IF_NONE_MATCH='"not-this-one"')

    assert response.status_code == 200
    assert [talk["code"] for talk in response.json()]
