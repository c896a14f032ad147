"""The shared chart pieces and the one template that draws them."""

from django.template.loader import render_to_string

from common.charts import Bar, Chart, Frame, Line, Marker

FRAME = Frame(height=240)


def test_frame_scales_zero_to_the_bottom_and_top_to_the_top():
    assert (FRAME.y(0, 8), FRAME.y(8, 8), FRAME.y(4, 8)) == (FRAME.plot_bottom, FRAME.plot_top, 108.0)
    assert [value for _y, value in FRAME.y_ticks(8)] == [0, 4, 8]


def test_frame_with_an_empty_scale_does_not_divide_by_zero():
    assert FRAME.y(0, 0) == FRAME.plot_bottom


def render(chart: Chart, **context) -> str:
    return render_to_string("common/_chart.html", {"chart": chart, "id": "c", "title": "Uploads"} | context)


def test_chart_template_describes_every_figure():
    chart = Chart(
        **FRAME.canvas(),
        y_ticks=FRAME.y_ticks(4),
        bars=[
            Bar(50, 100, 10, 84, 2, "Sep 10: drafts", "#1f6feb"),
            Bar(50, 80, 10, 20, 1, "Sep 10: finals", "#1a7f37", pattern=True),
        ],
        markers=[Marker(300, "draft due", 12)],
        unit="%",
    )

    page = render(chart, legend="Solid bars: drafts.")

    assert 'aria-labelledby="c-title c-desc"' in page and '<title id="c-title">Uploads</title>' in page
    assert '<desc id="c-desc">Sep 10: drafts: 2%. Sep 10: finals: 1%. draft due. </desc>' in page
    assert 'fill="url(#c-hatch)"' in page  # the second measure is hatched, not only coloured
    assert "<figcaption>Solid bars: drafts.</figcaption>" in page


def test_chart_template_keys_lines_by_name_and_dash():
    lines = [Line("Core", "#111111", "48,200 704,16", 3), Line("Streams", "#222222", "48,200 704,100", 1, "6 3")]

    page = render(Chart(**FRAME.canvas(), y_ticks=FRAME.y_ticks(3), lines=lines))

    assert '<desc id="c-desc">Core: 3. Streams: 1. </desc>' in page
    assert page.count('stroke-dasharray="6 3"') == 1
    assert "Core (3)" in page and "Streams (1)" in page
