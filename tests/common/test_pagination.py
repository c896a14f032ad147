"""API lists page within bounds whatever `limit` and `offset` a caller sends."""

import pytest

from common.pagination import MAX_LIMIT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["limit=9223372036854775808", "offset=9223372036854775808", "limit=10&offset=99999999999999999999"]
)
def test_conference_list_with_huge_paging_numbers_answers(client, conference, query):
    response = client.get(f"/api/conferences/?{query}")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_conference_list_limit_is_capped(client, conference):
    response = client.get("/api/conferences/?limit=100000")

    assert response.status_code == 200
    assert f"limit={MAX_LIMIT}" in (response.json()["next"] or f"limit={MAX_LIMIT}")
