"""One-click starts for common reminders: a link (``/reminders/new?preset=water``) fills the form, nothing is saved."""
from __future__ import annotations

from dataclasses import dataclass

from reminders.recurrence import DAILY, INTERVAL, WEEKLY


@dataclass(frozen=True)
class Preset:
    key: str
    words: str
    fields: dict


PRESETS = (
    Preset("water", "Water every 2 hours, 8 am–8 pm",
           {"kind": "hydration", "label": "Water", "repeat": INTERVAL, "every": "120",
            "window_start": "08:00", "window_end": "20:00"}),
    Preset("bedtime-stretch", "Calf stretch at bedtime",
           {"kind": "stretch", "label": "Calf stretch at bedtime", "repeat": DAILY, "times": "22:00"}),
    Preset("run-warm-up", "Warm-up before my run on Tue and Thu",
           {"kind": "warm_up", "label": "Before my run", "repeat": WEEKLY, "times": "07:00", "days": ["1", "3"]}),
)


def preset_fields(key: str | None) -> dict:
    """The form fields a preset fills in; an unknown key fills nothing."""
    return next((dict(preset.fields) for preset in PRESETS if preset.key == key), {})
