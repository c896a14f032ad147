"""Paging of the API's lists, bounded and strict: a `limit` or `offset` past what a database integer
holds made SQLite and PostgreSQL refuse the query (a 500 for anyone, signed in or not), and a value
that is not a whole number in range is refused with a 400 rather than read as the default, so a
client's mistake does not pass for an answer. The schema states the same bounds."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 200
# Far past any list Summit holds, and well inside a 64-bit integer once the limit is added.
MAX_OFFSET = 10**9
WHOLE_NUMBER = re.compile(r"[0-9]+")


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT
    bounds = {"limit": (1, MAX_LIMIT), "offset": (0, MAX_OFFSET)}

    def get_limit(self, request) -> int:
        return self._bounded(request, self.limit_query_param, self.default_limit, *self.bounds["limit"])

    def get_offset(self, request) -> int:
        return self._bounded(request, self.offset_query_param, 0, *self.bounds["offset"])

    @staticmethod
    def _bounded(request, name: str, default: int, low: int, high: int) -> int:
        if name not in request.query_params:
            return default
        value = request.query_params[name]
        # int() would take " 5", "+5", "5_0" and other scripts' digits.
        if not WHOLE_NUMBER.fullmatch(value) or not low <= int(value) <= high:
            raise ValidationError({name: [f"Give a whole number from {low} to {high}."]})
        return int(value)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            low, high = self.bounds[parameter["name"]]
            parameter["schema"] |= {"minimum": low, "maximum": high}
        return parameters
