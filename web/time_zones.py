"""Finding a time zone from what a person types: ``Asia/Tokyo``, ``tokyo`` or ``new york``."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from wtforms import StringField
from wtforms.validators import ValidationError

from reminders.parsing import ScheduleError, parse_time_zone

UNKNOWN_ZONE = "{text!r} is not a time zone I know; type a city such as Tokyo or a zone such as Europe/Berlin."


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """UTC, then every current zone, one per place (``zone.tab``), without the old aliases."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return ("UTC", *sorted({row[2] for row in rows}))


def place_name(zone: str) -> str:
    """``America/New_York`` as ``New York``: the words people look for."""
    return zone.rpartition("/")[2].replace("_", " ")


def find_time_zone(text: str | None) -> str:
    """The zone's IANA name from its name in any letter case, or from its city alone; raises ``ScheduleError``."""
    typed = (text or "").strip()
    if not typed:
        raise ScheduleError("Type your city, for example Tokyo, or a zone such as Europe/Berlin.")
    try:
        return parse_time_zone(typed).key
    except ScheduleError:
        pass
    wanted = _place_key(typed)
    found = next((zone for zone in zone_names() if _place_key(place_name(zone)) == wanted), None)
    if found is None:
        raise ScheduleError(UNKNOWN_ZONE.format(text=typed))
    return found


def _place_key(words: str) -> str:
    return " ".join(words.lower().replace("_", " ").replace("-", " ").split())


class TimeZoneField(StringField):
    """A zone typed as a city (``tokyo``) or an IANA name, with the list (``web/_time_zones.html``) to pick
    from; a valid entry is stored as its IANA name (``Asia/Tokyo``)."""

    def __init__(self, label: str, **kwargs):
        super().__init__(label, description="Type your city, for example Tokyo or New York, or pick from the list.",
                         render_kw={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}, **kwargs)

    def pre_validate(self, form) -> None:
        try:
            self.data = find_time_zone(self.data)
        except ScheduleError as error:
            raise ValidationError(str(error)) from error

    @property
    def options(self) -> list[tuple[str, str]]:
        """Each zone with the place people know it by, for the list to pick from."""
        return [(name, place_name(name)) for name in zone_names()]

    @property
    def zone_name(self) -> str:
        """The IANA name of what was typed, or the text itself when it names no zone."""
        try:
            return find_time_zone(self.data)
        except ScheduleError:
            return self.data or ""
