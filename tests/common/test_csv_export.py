"""The organisers' CSV downloads: streamed, and no cell a spreadsheet would run."""

import csv
import io

from django.http import StreamingHttpResponse

from common.csv_export import csv_download, csv_safe


def test_csv_safe_quotes_every_formula_start():
    assert [csv_safe(text) for text in ["=1+1", "+Ada", "-1 tips", "@SUM(A1)", "\tx", "\rx"]] == [
        "'=1+1",
        "'+Ada",
        "'-1 tips",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]


def test_csv_safe_leaves_plain_text_and_numbers_alone():
    assert [csv_safe(value) for value in ["Ada", "", "2025-01-01T10:00:00+00:00", -5, 100]] == [
        "Ada",
        "",
        "2025-01-01T10:00:00+00:00",
        -5,
        100,
    ]


def test_csv_download_streams_header_and_guarded_rows():
    response = csv_download(header=["name", "n"], rows=iter([["=cmd", -1], ["Ada", 2]]), name="kafka-codes")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines == [["name", "n"], ["'=cmd", "-1"], ["Ada", "2"]]


def test_csv_download_names_the_file_with_a_time_stamp():
    response = csv_download(header=["x"], rows=[], name="kafka-codes")

    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="kafka-codes-')
    assert disposition.endswith('.csv"')
    assert len(disposition) == len('attachment; filename="kafka-codes-YYYYmmdd-HHMM.csv"')
