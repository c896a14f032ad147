"""The organiser dashboard's chart: slide uploads per day against the deadlines (drawn by
`common/_chart.html`). Finals are hatched and each deadline is a labelled dashed line, so colour is
never the only signal. Per-track charts share the whole conference's days and scale (`days`,
`top`), so they compare at a glance."""

import datetime as dt
from dataclasses import dataclass

from common.charts import Bar, Chart, Frame, Marker, every_nth

# The top margin holds the deadlines' labels, on two rows.
FRAME = Frame(height=260, top=40)
MAX_DAYS = 120
DRAFT_COLOUR, FINAL_COLOUR = "#1f6feb", "#1a7f37"


@dataclass(frozen=True, kw_only=True)
class UploadChart(Chart):
    # What per-track charts share with this one: the first and last day shown, the top of the scale.
    first: dt.date
    last: dt.date
    top: int


def _anchor(x: float) -> str:
    return "end" if x > FRAME.width - 80 else "start" if x < FRAME.plot_left + 40 else "middle"


def uploads_against_deadlines(
    uploads: list[tuple[dt.date, int, int]],
    deadlines: list[tuple[dt.date, str]],
    *,
    today: dt.date,
    today_label: str = "today",
    days: tuple[dt.date, dt.date] | None = None,
    top: int | None = None,
) -> UploadChart | None:
    """`uploads`: (day, drafts, finals); `deadlines`: (day, label). One stacked bar per day from the
    first upload or deadline to the last (at most MAX_DAYS, the latest kept), or over `days`; the
    scale reaches the busiest day, or `top`."""
    days_seen = [day for day, _, _ in uploads] + [day for day, _ in deadlines]
    if not days_seen:
        return None
    if days is None:
        last = max(days_seen)
        first = max(min(days_seen), last - dt.timedelta(days=MAX_DAYS - 1))
    else:
        first, last = days
    span = (last - first).days + 1
    per_day = {day: (drafts, finals) for day, drafts, finals in uploads}
    top = top or max([drafts + finals for _, drafts, finals in uploads] + [1])
    step = FRAME.plot_width / span
    width = min(max(round(step * 0.7, 1), 1.0), 40.0)

    def y(value: int) -> float:
        return FRAME.y(value, top)

    def x(day: dt.date) -> float:
        return round(FRAME.plot_left + (day - first).days * step + step / 2, 1)

    bars = []
    for offset in range(span):
        day = first + dt.timedelta(days=offset)
        drafts, finals = per_day.get(day, (0, 0))
        left = round(x(day) - width / 2, 1)
        label = f"{day:%b %d}"
        if drafts:
            bars.append(
                Bar(left, y(drafts), width, round(y(0) - y(drafts), 1), drafts, f"{label}: drafts", DRAFT_COLOUR)
            )
        if finals:
            height = round(y(drafts) - y(drafts + finals), 1)
            bars.append(
                Bar(left, y(drafts + finals), width, height, finals, f"{label}: finals", FINAL_COLOUR, pattern=True)
            )
    shown = [(x(day), label) for day, label in sorted(deadlines) if first <= day <= last]
    if first <= today <= last:
        shown = sorted([*shown, (x(today), today_label)])
    # Labels alternate between two rows, so two deadlines a day apart stay readable.
    markers = [Marker(at, label, 12 if i % 2 == 0 else 26, _anchor(at)) for i, (at, label) in enumerate(shown)]
    ticks = [first + dt.timedelta(days=i) for i in range(0, span, every_nth(span, 8))]
    return UploadChart(
        **FRAME.canvas(),
        bars=bars,
        markers=markers,
        y_ticks=FRAME.y_ticks(top),
        x_labels=[(x(day), f"{day:%b %d}") for day in ticks],
        first=first,
        last=last,
        top=top,
    )
