"""CSV downloads for organisers: streamed row by row, and safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

# Spreadsheets run a cell that starts like a formula; speakers type many of the texts we export.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, quoted so it shows as text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class _Echo:
    """A file that hands back what is written to it, so csv.writer yields lines instead of buffering."""

    def write(self, value: str) -> str:
        return value


def csv_download(*, header: list[str], rows: Iterable[Iterable[Any]], name: str) -> StreamingHttpResponse:
    """An attachment `<name>-<YYYYmmdd-HHMM>.csv`, streamed: `rows` is consumed as the client reads,
    so pass a lazy iterable (a generator over `queryset.iterator()`). Every text cell goes through
    `csv_safe`."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
