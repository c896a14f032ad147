"""Paging of the API's lists, bounded: a `limit` or `offset` past what a database integer holds made
SQLite and PostgreSQL refuse the query (a 500 for anyone, signed in or not)."""

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 200
# Far past any list Summit holds, and well inside a 64-bit integer once the limit is added.
MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
