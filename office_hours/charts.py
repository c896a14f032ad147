"""The organiser's office-hours charts: bookings per day, and whether office hours helped (drawn by
`common/_chart.html`)."""

from datetime import date

from common.charts import Bar, Chart, Frame, every_nth

FRAME = Frame(height=240)


def daily_bars(days: list[tuple[date, int]], colour: str = "#1f6feb") -> Chart | None:
    """One bar per day that had bookings."""
    if not days:
        return None
    top = max(n for _, n in days) or 1
    step = FRAME.plot_width / len(days)
    width = min(max(round(step * 0.7, 1), 1.0), 48.0)
    bars = [
        Bar(
            round(FRAME.plot_left + i * step + (step - width) / 2, 1),
            FRAME.y(n, top),
            width,
            round(FRAME.y(0, top) - FRAME.y(n, top), 1),
            n,
            f"{day:%b %d}",
            colour,
        )
        for i, (day, n) in enumerate(days)
    ]
    every = every_nth(len(days), 8)
    labels = [(bar.x + width / 2, bar.label) for i, bar in enumerate(bars) if i % every == 0 or i == len(bars) - 1]
    return Chart(**FRAME.canvas(), bars=bars, y_ticks=FRAME.y_ticks(top), x_labels=labels)


def grouped_percent_bars(groups: list[tuple[str, list[tuple[str, int, str]]]]) -> Chart:
    """`groups`: (group label, [(measure, percent, colour)]) → bars side by side per group, 0–100 %.
    The second measure of each group is hatched, so colour is not the only difference."""
    group_w = FRAME.plot_width / len(groups)
    bars, labels = [], []
    for g, (group, measures) in enumerate(groups):
        width = group_w * 0.6 / len(measures)
        start = FRAME.plot_left + g * group_w + group_w * 0.2
        for m, (measure, value, colour) in enumerate(measures):
            y = FRAME.y(value, 100)
            bars.append(
                Bar(
                    round(start + m * width, 1),
                    y,
                    round(width - 4, 1),
                    round(FRAME.y(0, 100) - y, 1),
                    value,
                    f"{group}: {measure}",
                    colour,
                    pattern=m % 2 == 1,
                )
            )
        labels.append((round(start + group_w * 0.3, 1), group))
    return Chart(**FRAME.canvas(), bars=bars, y_ticks=FRAME.y_ticks(100, [0, 50, 100]), x_labels=labels, unit="%")
