"""Server-rendered SVG histograms (no JavaScript, CSP-safe), like cfp.charts."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 720, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, int]]
    plot_left: int
    plot_right: int
    plot_bottom: int
    total: int


def histogram(values: list[Decimal], *, low: int = 0, high: int = 10) -> Histogram | None:
    """Counts of `values` in one-point bins from `low` to `high` (the top bin includes `high`)."""
    if not values:
        return None
    bins = high - low
    counts = [0] * bins
    for value in values:
        counts[min(int(value) - low, bins - 1)] += 1
    top = max(counts) or 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / bins
    bars = []
    for index, count in enumerate(counts):
        height = round(count / top * plot_h, 1)
        bars.append(
            Bar(
                x=round(MARGIN_LEFT + index * step + 2, 1),
                y=round(MARGIN_TOP + plot_h - height, 1),
                width=round(step - 4, 1),
                height=height,
                label=f"{low + index}–{low + index + 1}",
                count=count,
            )
        )
    ticks = sorted({0, top // 2, top})
    return Histogram(
        WIDTH,
        HEIGHT,
        bars,
        [(round(MARGIN_TOP + plot_h - t / top * plot_h, 1), t) for t in ticks],
        MARGIN_LEFT,
        WIDTH - MARGIN_RIGHT,
        HEIGHT - MARGIN_BOTTOM,
        len(values),
    )
