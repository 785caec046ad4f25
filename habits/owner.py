"""Whose habit it is: an account, and within it the recognised speaker, if Alexa named one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_

ACCOUNT = ""
"""The person id of the account as a whole: no speaker recognised, the web page, a reminder's link."""


@dataclass(frozen=True)
class Owner:
    user_id: int
    person_id: str = ACCOUNT
    zone_name: str = "UTC"

    @classmethod
    def of(cls, user_id: int, person_id: str | None, zone_name: str | None) -> "Owner":
        return cls(user_id, person_id or ACCOUNT, _known_zone(zone_name))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    def scope(self, table) -> ColumnElement[bool]:
        """The WHERE clause that keeps a query to this owner's rows of ``table``."""
        return and_(table.user_id == self.user_id, table.person_id == self.person_id)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The UTC instants a local day starts and ends at (23 or 25 hours long across a DST change)."""
        start = datetime.combine(day, time(0), self.zone)
        end = datetime.combine(day + timedelta(days=1), time(0), self.zone)
        return start, end

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone)


def _known_zone(name: str | None) -> str:
    if not name:
        return "UTC"
    try:
        return ZoneInfo(name).key
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
