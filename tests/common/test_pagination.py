"""API lists page within bounds: a `limit` or `offset` out of range or not a whole number is refused
with the API's JSON error, never a 500 and never read as the default."""

import pytest

from common.pagination import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=9223372036854775808", "limit"),
        ("offset=9223372036854775808", "offset"),
        ("limit=10&offset=99999999999999999999", "offset"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        (f"offset={MAX_OFFSET + 1}", "offset"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("offset=-1", "offset"),
        ("limit=ten", "limit"),
        ("offset=", "offset"),
        ("limit=%205", "limit"),
        ("limit=5_0", "limit"),
    ],
)
def test_conference_list_with_bad_paging_is_refused(client, conference, query, field):
    response = client.get(f"/api/conferences/?{query}")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "The request has invalid fields.",
        "fields": {
            field: [
                f"Give a whole number from {0 if field == 'offset' else 1} to "
                f"{MAX_OFFSET if field == 'offset' else MAX_LIMIT}."
            ]
        },
    }


@pytest.mark.parametrize("query", [f"limit={MAX_LIMIT}", f"offset={MAX_OFFSET}", "limit=1&offset=0", ""])
def test_conference_list_with_paging_in_bounds_answers(client, conference, query):
    response = client.get(f"/api/conferences/?{query}")

    assert response.status_code == 200
    assert response.json()["count"] == 1
