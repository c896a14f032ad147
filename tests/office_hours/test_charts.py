"""The organiser's SVG bar charts."""

import datetime as dt

from office_hours.charts import daily_bars, grouped_percent_bars


def test_daily_bars_without_bookings_is_none():
    assert daily_bars([]) is None


def test_daily_bars_scale_to_the_busiest_day():
    chart = daily_bars([(dt.date(2027, 2, 1), 2), (dt.date(2027, 2, 2), 4)])

    assert [bar.value for bar in chart.bars] == [2, 4]
    assert chart.bars[1].height == 2 * chart.bars[0].height
    assert chart.x_labels[-1][1] == "Feb 02"


def test_grouped_percent_bars_hatch_the_second_measure():
    chart = grouped_percent_bars(
        [("A", [("s", 50, "#111111"), ("a", 25, "#222222")]), ("B", [("s", 0, "#111111"), ("a", 0, "#222222")])]
    )

    assert [(bar.label, bar.value, bar.pattern) for bar in chart.bars] == [
        ("A: s", 50, False),
        ("A: a", 25, True),
        ("B: s", 0, False),
        ("B: a", 0, True),
    ]
    assert chart.unit == "%" and [label for _, label in chart.x_labels] == ["A", "B"]
