"""Server-rendered SVG line charts (no JavaScript, CSP-safe): cumulative counts per series over days."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    points: str  # SVG polyline points
    total: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    lines: list[Line]
    y_ticks: list[tuple[float, int]]  # (y position, value)
    x_labels: list[tuple[float, str]]  # (x position, label)
    plot_left: int
    plot_right: int
    plot_bottom: int


def cumulative_line_chart(days: list, series: list[dict], label_every: int | None = None) -> LineChart | None:
    if not days:
        return None
    top = max((max(s["cumulative"]) for s in series if s["cumulative"]), default=0) or 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / max(len(days) - 1, 1)

    def x(index: int) -> float:
        return round(MARGIN_LEFT + index * step, 1)

    def y(value: int) -> float:
        return round(MARGIN_TOP + plot_h - value / top * plot_h, 1)

    lines = [
        Line(
            s["name"],
            s["colour"],
            " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(s["cumulative"])),
            s["cumulative"][-1],
        )
        for s in series
    ]
    ticks = sorted({0, top // 2, top})
    every = label_every or max(1, len(days) // 6)
    labels = [(x(i), day.strftime("%b %d")) for i, day in enumerate(days) if i % every == 0 or i == len(days) - 1]
    return LineChart(
        WIDTH,
        HEIGHT,
        lines,
        [(y(t), t) for t in ticks],
        labels,
        MARGIN_LEFT,
        WIDTH - MARGIN_RIGHT,
        HEIGHT - MARGIN_BOTTOM,
    )
