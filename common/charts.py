"""The pieces of the organisers' charts: server-rendered SVG (no JavaScript, CSP-safe), drawn by one
template, `templates/common/_chart.html`. Each app computes its own figures into a `Chart`; this
module only knows the canvas, the scale and what can be drawn on it.

Colour is never the only signal: bars may be hatched (`pattern`), lines dashed (`dash`), deadlines
are labelled lines, and the template writes every figure into the SVG's description."""

from dataclasses import dataclass, field

WIDTH = 720


@dataclass(frozen=True)
class Frame:
    """The canvas and the plot area inside its margins (axis labels go in the margins)."""

    height: int
    top: int = 16
    width: int = WIDTH
    left: int = 48
    right: int = 16
    bottom: int = 40

    @property
    def plot_left(self) -> int:
        return self.left

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_top(self) -> int:
        return self.top

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.plot_top

    def y(self, value: float, top: int) -> float:
        """Where `value` sits on a scale from 0 (the bottom of the plot) to `top` (its top)."""
        return round(self.plot_top + self.plot_height - value / (top or 1) * self.plot_height, 1)

    def y_ticks(self, top: int, values: list[int] | None = None) -> list[tuple[float, int]]:
        """Grid lines at 0, half and the top of the scale, or at `values`."""
        return [(self.y(value, top), value) for value in values or sorted({0, top // 2, top})]

    def canvas(self) -> dict:
        """The frame's part of a `Chart`: `Chart(**frame.canvas(), ...)`."""
        return {
            "width": self.width,
            "height": self.height,
            "plot_left": self.plot_left,
            "plot_right": self.plot_right,
            "plot_top": self.plot_top,
            "plot_bottom": self.plot_bottom,
        }


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    colour: str
    # Hatched instead of solid, so a second measure differs by more than its colour.
    pattern: bool = False


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    points: str  # SVG polyline points
    total: int
    dash: str = ""  # SVG stroke-dasharray; empty for a solid line


@dataclass(frozen=True)
class Marker:
    """A labelled vertical line across the plot (a deadline, today)."""

    x: float
    label: str
    label_y: float
    # Near the edges the label grows inwards, so the viewBox does not cut it.
    anchor: str = "middle"


@dataclass(frozen=True, kw_only=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    y_ticks: list[tuple[float, int]]  # (y position, value)
    x_labels: list[tuple[float, str]] = field(default_factory=list)  # (x position, label)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    unit: str = ""  # written after every value, e.g. "%"


def every_nth(count: int, at_most: int) -> int:
    """The step that labels about `at_most` of `count` positions on the x axis."""
    return max(1, count // at_most)
