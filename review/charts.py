"""The ranking page's score histogram (drawn by `common/_chart.html`)."""

from dataclasses import dataclass
from decimal import Decimal

from common.charts import Bar, Chart, Frame

FRAME = Frame(height=240)
COLOUR = "#0a58ca"


@dataclass(frozen=True, kw_only=True)
class Histogram(Chart):
    total: int  # how many values were counted


def histogram(values: list[Decimal], *, low: int = 0, high: int = 10) -> Histogram | None:
    """Counts of `values` in one-point bins from `low` to `high` (the top bin includes `high`)."""
    if not values:
        return None
    bins = high - low
    counts = [0] * bins
    for value in values:
        counts[min(int(value) - low, bins - 1)] += 1
    top = max(counts) or 1
    step = FRAME.plot_width / bins
    bars = []
    for index, count in enumerate(counts):
        height = round(count / top * FRAME.plot_height, 1)
        bars.append(
            Bar(
                x=round(FRAME.plot_left + index * step + 2, 1),
                y=round(FRAME.plot_top + FRAME.plot_height - height, 1),
                width=round(step - 4, 1),
                height=height,
                value=count,
                label=f"{low + index}–{low + index + 1}",
                colour=COLOUR,
            )
        )
    labels = [(round(bar.x + bar.width / 2, 1), bar.label) for bar in bars]
    return Histogram(**FRAME.canvas(), bars=bars, y_ticks=FRAME.y_ticks(top), x_labels=labels, total=len(values))
