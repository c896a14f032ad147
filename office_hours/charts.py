"""Server-rendered SVG bar charts for the organiser's office-hours page (no JavaScript, CSP-safe)."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str
    pattern: bool = False


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_bottom: int
    unit: str = ""


def _scale(top: int):
    plot_h = HEIGHT - TOP - BOTTOM
    top = top or 1

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top * plot_h, 1)

    return y, top


def daily_bars(days: list[tuple[date, int]], colour: str = "#1f6feb") -> BarChart | None:
    """One bar per day that had bookings."""
    if not days:
        return None
    y, top = _scale(max(n for _, n in days))
    step = (WIDTH - LEFT - RIGHT) / len(days)
    width = min(max(round(step * 0.7, 1), 1.0), 48.0)
    bars = [
        Bar(
            round(LEFT + i * step + (step - width) / 2, 1),
            y(n),
            width,
            round(y(0) - y(n), 1),
            n,
            f"{day:%b %d}",
            colour,
        )
        for i, (day, n) in enumerate(days)
    ]
    every = max(1, len(days) // 8)
    labels = [(bar.x + width / 2, bar.label) for i, bar in enumerate(bars) if i % every == 0 or i == len(bars) - 1]
    return BarChart(
        WIDTH,
        HEIGHT,
        bars,
        [(y(t), t) for t in sorted({0, top // 2, top})],
        labels,
        LEFT,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
    )


def grouped_percent_bars(groups: list[tuple[str, list[tuple[str, int, str]]]]) -> BarChart:
    """`groups`: (group label, [(measure, percent, colour)]) → bars side by side per group, 0–100 %.
    The second measure of each group is hatched, so colour is not the only difference."""
    y, _top = _scale(100)
    group_w = (WIDTH - LEFT - RIGHT) / len(groups)
    bars, labels = [], []
    for g, (group, measures) in enumerate(groups):
        width = group_w * 0.6 / len(measures)
        start = LEFT + g * group_w + group_w * 0.2
        for m, (measure, value, colour) in enumerate(measures):
            bars.append(
                Bar(
                    round(start + m * width, 1),
                    y(value),
                    round(width - 4, 1),
                    round(y(0) - y(value), 1),
                    value,
                    f"{group}: {measure}",
                    colour,
                    pattern=m % 2 == 1,
                )
            )
        labels.append((round(start + group_w * 0.3, 1), group))
    return BarChart(
        WIDTH, HEIGHT, bars, [(y(t), t) for t in (0, 50, 100)], labels, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, unit="%"
    )
