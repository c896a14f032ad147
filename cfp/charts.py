"""The organisers' submissions chart: cumulative submissions per track over the days of the call
(drawn by `common/_chart.html`)."""

from common.charts import Chart, Frame, Line, every_nth

FRAME = Frame(height=260)
# The first four lines differ by their stroke too, not only by colour.
DASHES = ["", "6 3", "2 3", "10 3 2 3"]


def cumulative_line_chart(days: list, series: list[dict], label_every: int | None = None) -> Chart | None:
    if not days:
        return None
    top = max((max(s["cumulative"]) for s in series if s["cumulative"]), default=0) or 1
    step = FRAME.plot_width / max(len(days) - 1, 1)

    def x(index: int) -> float:
        return round(FRAME.plot_left + index * step, 1)

    lines = [
        Line(
            s["name"],
            s["colour"],
            " ".join(f"{x(i)},{FRAME.y(v, top)}" for i, v in enumerate(s["cumulative"])),
            s["cumulative"][-1],
            DASHES[n] if n < len(DASHES) else "",
        )
        for n, s in enumerate(series)
    ]
    every = label_every or every_nth(len(days), 6)
    labels = [(x(i), day.strftime("%b %d")) for i, day in enumerate(days) if i % every == 0 or i == len(days) - 1]
    return Chart(**FRAME.canvas(), lines=lines, y_ticks=FRAME.y_ticks(top), x_labels=labels)
