"""The uploads chart: stacked bars per day (finals hatched), deadlines as labelled lines."""

import datetime as dt

from slides.charts import MAX_DAYS, uploads_against_deadlines

SEP = dt.date(2030, 9, 1)


def day(n: int) -> dt.date:
    return SEP + dt.timedelta(days=n - 1)


def test_nothing_to_draw_gives_no_chart():
    assert uploads_against_deadlines([], [], today=SEP) is None


def test_drafts_and_finals_stack_on_their_day_and_deadlines_are_marked():
    chart = uploads_against_deadlines(
        [(day(10), 2, 0), (day(12), 1, 3)], [(day(16), "draft due"), (day(29), "finals due: 4")], today=day(12)
    )

    assert [(bar.label, bar.value, bar.pattern) for bar in chart.bars] == [
        ("Sep 10: drafts", 2, False),
        ("Sep 12: drafts", 1, False),
        ("Sep 12: finals", 3, True),
    ]
    drafts, finals = chart.bars[1], chart.bars[2]
    assert finals.y + finals.height == drafts.y  # stacked on the drafts
    assert drafts.y + drafts.height == chart.plot_bottom
    assert finals.y == chart.plot_top  # the tallest day reaches the top
    assert [marker.label for marker in chart.markers] == ["today", "draft due", "finals due: 4"]
    assert [marker.label_y for marker in chart.markers] == [12, 26, 12]
    assert chart.markers[-1].anchor == "end"  # the last day, at the right edge
    assert chart.x_labels[0][1] == "Sep 10"
    assert [value for _y, value in chart.y_ticks] == [0, 2, 4]


def test_a_long_history_keeps_the_latest_days():
    chart = uploads_against_deadlines([(day(1) - dt.timedelta(days=400), 1, 0), (day(5), 1, 0)], [], today=day(5))

    assert [bar.label for bar in chart.bars] == ["Sep 05: drafts"]
    assert chart.x_labels[0][1] == (day(5) - dt.timedelta(days=MAX_DAYS - 1)).strftime("%b %d")


def test_a_track_chart_shares_the_days_and_scale_it_is_given():
    chart = uploads_against_deadlines([(day(12), 1, 0)], [], today=day(12), days=(day(10), day(14)), top=4)

    assert (chart.first, chart.last, chart.top) == (day(10), day(14), 4)
    assert [value for _y, value in chart.y_ticks] == [0, 2, 4]
    bar = chart.bars[0]
    assert bar.height == (chart.plot_bottom - chart.plot_top) / 4  # one upload on a scale of four
    assert [label for _x, label in chart.x_labels][0] == "Sep 10"
