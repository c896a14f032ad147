"""Cached attendee pages are answered before sessions and authentication, with the headers the full
stack gave them the first time."""

import pytest

pytestmark = pytest.mark.django_db


def test_cached_page_keeps_its_headers_and_skips_the_database(client, conference, released, django_assert_num_queries):
    first = client.get(f"/{conference.slug}/schedule/")

    with django_assert_num_queries(0):
        second = client.get(f"/{conference.slug}/schedule/", HTTP_ACCEPT_LANGUAGE="en")

    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["ETag"] == first["ETag"]


def test_cached_page_answers_not_modified(client, conference, released):
    etag = client.get(f"/{conference.slug}/schedule.json")["ETag"]

    response = client.get(f"/{conference.slug}/schedule.json", HTTP_IF_NONE_MATCH=etag)

    assert (response.status_code, response["ETag"]) == (304, etag)


def test_each_language_has_its_own_copy(client, conference, released):
    english = client.get(f"/{conference.slug}/schedule/", HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(f"/{conference.slug}/schedule/", HTTP_ACCEPT_LANGUAGE="fr")

    assert english.content != french.content
    assert '<html lang="fr">' in french.content.decode()


def test_unknown_query_parameters_share_one_copy(client, conference, released, django_assert_num_queries):
    client.get(f"/{conference.slug}/schedule/list/?track=core")

    with django_assert_num_queries(0):
        response = client.get(f"/{conference.slug}/schedule/list/?track=core&utm_source=mail")

    assert response.status_code == 200


def test_favourites_feed_is_never_cached_by_the_middleware(client, conference, released):
    assert client.get(f"/{conference.slug}/schedule/feed/nope.ics").status_code == 404
    assert client.get(f"/{conference.slug}/schedule/feed/nope.ics").status_code == 404


def _stored_pages() -> int:
    from django.core.cache import cache

    return sum(1 for key in cache._cache if ":schedule:response:" in key or ":schedule:page:" in key)  # type: ignore[attr-defined]


def test_search_terms_do_not_fill_the_cache(client, conference, released):
    client.get(f"/{conference.slug}/schedule/")
    stored = _stored_pages()

    for number in range(30):
        response = client.get(f"/{conference.slug}/schedule/list/?q=term{number}")
        assert response.status_code == 200
    for name in ("track", "level", "room", "type"):
        for number in range(10):
            assert client.get(f"/{conference.slug}/schedule/?{name}=made-up-{number}").status_code == 200

    assert _stored_pages() == stored


def test_a_search_is_answered_fresh_each_time(client, conference, released, talk):
    client.get(f"/{conference.slug}/schedule/?q={talk.title[:6]}")

    response = client.get(f"/{conference.slug}/schedule/?q={talk.title[:6]}")

    assert talk.title in response.content.decode()
    assert "ETag" not in response


def test_a_filter_naming_a_track_of_the_release_is_cached(
    client, conference, released, talk, django_assert_num_queries
):
    path = f"/{conference.slug}/schedule/?track={talk.track.slug}"
    client.get(path)

    with django_assert_num_queries(0):
        response = client.get(path)

    assert talk.title in response.content.decode()
