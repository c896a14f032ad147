"""The organiser dashboard's chart: slide uploads per day against the deadlines, as server-rendered
SVG (no JavaScript, CSP-safe), like office_hours.charts. Finals are hatched and each deadline is a
labelled dashed line, so colour is never the only signal. Per-track charts share the whole
conference's days and scale (`days`, `top`), so they compare at a glance."""

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 40, 40
MAX_DAYS = 120
DRAFT_COLOUR, FINAL_COLOUR = "#1f6feb", "#1a7f37"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str
    pattern: bool


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    # Labels alternate between two rows, so two deadlines a day apart stay readable.
    label_y: float
    # Near the edges the label grows inwards, so the viewBox does not cut it.
    anchor: str = "middle"


@dataclass(frozen=True)
class UploadChart:
    width: int
    height: int
    bars: list[Bar]
    markers: list[Marker]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    # What per-track charts share with this one: the first and last day shown, the top of the scale.
    first: dt.date
    last: dt.date
    top: int


def _anchor(x: float) -> str:
    return "end" if x > WIDTH - 80 else "start" if x < LEFT + 40 else "middle"


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
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / span
    width = min(max(round(step * 0.7, 1), 1.0), 40.0)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top * plot_h, 1)

    def x(day: dt.date) -> float:
        return round(LEFT + (day - first).days * step + step / 2, 1)

    bars = []
    for offset in range(span):
        day = first + dt.timedelta(days=offset)
        drafts, finals = per_day.get(day, (0, 0))
        left = round(x(day) - width / 2, 1)
        label = f"{day:%b %d}"
        if drafts:
            bars.append(
                Bar(left, y(drafts), width, round(y(0) - y(drafts), 1), drafts, f"{label}: drafts", DRAFT_COLOUR, False)
            )
        if finals:
            bars.append(
                Bar(
                    left,
                    y(drafts + finals),
                    width,
                    round(y(drafts) - y(drafts + finals), 1),
                    finals,
                    f"{label}: finals",
                    FINAL_COLOUR,
                    True,
                )
            )
    shown = [(x(day), label) for day, label in sorted(deadlines) if first <= day <= last]
    if first <= today <= last:
        shown = sorted([*shown, (x(today), today_label)])
    markers = [Marker(at, label, 12 if i % 2 == 0 else 26, _anchor(at)) for i, (at, label) in enumerate(shown)]
    every = max(1, span // 8)
    ticks = [first + dt.timedelta(days=i) for i in range(0, span, every)]
    x_labels = [(x(day), f"{day:%b %d}") for day in ticks]
    return UploadChart(
        WIDTH,
        HEIGHT,
        bars,
        markers,
        [(y(t), t) for t in sorted({0, top // 2, top})],
        x_labels,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
        first,
        last,
        top,
    )
