"""Habit charts drawn on the server as SVG: water per day against the goal, and stretches per day.

Only geometry is computed here; ``web/_chart.html`` draws it with presentation attributes (no
inline styles, no script), so the strict Content-Security-Policy stays as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, WATER_BOTTOM, STRETCH_TOP, BOTTOM = 40, 8, 12, 150, 168, 200


@dataclass(frozen=True)
class Bar:
    day: date
    label: str
    """The day as the axis names it (weekday, or day of the month)."""
    x: float
    width: float
    water_y: float
    water_height: float
    reached: bool
    stretches: int
    stretch_height: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    goal_y: float
    scale_ml: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return WIDTH - RIGHT

    @property
    def water_bottom(self) -> int:
        return WATER_BOTTOM

    @property
    def stretch_bottom(self) -> int:
        return BOTTOM


def habit_chart(title: str, water: dict[date, int], stretches: dict[date, int], goal_ml: int,
                weekday_labels: bool) -> Chart:
    """Bars for each day of ``water`` (in order); the scale fits the goal and the biggest day."""
    days = sorted(water)
    scale = max([goal_ml, *water.values()]) or 1
    most_stretches = max([1, *stretches.values()])
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(days))
    bar_width = slot * 0.7
    bars = []
    for index, day in enumerate(days):
        height = (WATER_BOTTOM - TOP) * water[day] / scale
        done = stretches.get(day, 0)
        bars.append(Bar(day, f"{day:%a}" if weekday_labels else str(day.day), LEFT + index * slot + (slot - bar_width) / 2,
                        bar_width, WATER_BOTTOM - height, height, water[day] >= goal_ml, done,
                        (BOTTOM - STRETCH_TOP) * done / most_stretches))
    goal_y = WATER_BOTTOM - (WATER_BOTTOM - TOP) * goal_ml / scale
    return Chart(title, tuple(bars), goal_y, scale)
