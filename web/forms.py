"""The pages' forms. Field checks ask the reminder domain (``scheduler``) so the rules live once."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TimeInput

from models import ReminderSchedule
from scheduler.parsing import DAY_NAMES, ScheduleError, parse_clock, parse_time_zone
from scheduler.recurrence import DAILY, INTERVAL, WEEKLY
from scheduler.spec import ScheduleSpec, check, check_apprise_url
from scheduler.wording import KIND_WORDS, every_words
from web.sign_in import normalise_code

INTERVAL_CHOICES = (15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 720)
SNOOZE_CHOICES = [SelectChoice(minutes, words) for minutes, words in (
    (30, "30 minutes"), (60, "1 hour"), (120, "2 hours"), (240, "4 hours"),
    (1440, "1 day"), (3 * 1440, "3 days"), (7 * 1440, "1 week"))]
REPEAT_CHOICES = [SelectChoice(INTERVAL, "Every so often, within a daily window"),
                  SelectChoice(DAILY, "At set times, every day"),
                  SelectChoice(WEEKLY, "At set times, on the days I pick")]
# A field is checked on its own by giving the domain a spec that is valid apart from that field.
_PROBE = {"kind": "hydration", "time_zone": "UTC"}


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    """Every current zone, one per place (``zone.tab``), without the old aliases."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return tuple(sorted({row[2] for row in rows}))


def time_zone_choices(current: str | None = None) -> list[SelectChoice]:
    """UTC, then the zones grouped by region (``Europe/Berlin`` under ``Europe``); an alias in use is kept."""
    choices = [SelectChoice("UTC")]
    if current and current != "UTC" and current not in _zone_names():
        choices.append(SelectChoice(current))
    for name in _zone_names():
        region = name.partition("/")[0]
        choices.append(SelectChoice(name, name.replace("_", " "), optgroup=region))
    return choices


def _domain_check(**fields: object) -> None:
    try:
        check(ScheduleSpec(**{**_PROBE, **fields}))
    except ScheduleError as error:
        raise ValidationError(str(error)) from error


def _check_time_zone(field: Field) -> None:
    try:
        parse_time_zone(field.data or "")
    except ScheduleError as error:
        raise ValidationError(str(error)) from error


def _clock(field: Field) -> str | None:
    text = (field.data or "").strip()
    if not text:
        return None
    try:
        return parse_clock(text).strftime("%H:%M")
    except ScheduleError as error:
        raise ValidationError(str(error)) from error


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignInForm(FlaskForm):
    code = StringField("Code", validators=[InputRequired("Type the 6-digit code Alexa said.")],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"})

    def validate_code(self, field: Field) -> None:
        if normalise_code(field.data) is None:
            raise ValidationError("A code is 6 digits, for example 123456.")


class ScheduleForm(FlaskForm):
    """Every option of a reminder schedule; ``spec_fields`` turns it into domain values."""

    kind = RadioField("What to remind you of", default="hydration",
                      choices=[SelectChoice(kind, words.capitalize()) for kind, words in KIND_WORDS.items()],
                      validators=[InputRequired("Pick what the reminder is for.")])
    label = StringField("Label (optional)", description="Shown with the reminder, for example “Desk water”.")
    repeat = RadioField("When", choices=REPEAT_CHOICES, default=INTERVAL,
                        validators=[InputRequired("Pick how the reminder repeats.")])
    every = SelectField("How often", default="120", validate_choice=False)
    window_start = StringField("Daily from", widget=TimeInput(), default="08:00")
    window_end = StringField("Daily until", widget=TimeInput(), default="20:00")
    times = StringField("Times of day",
                        description="One or more, separated by commas, for example 08:00, 13:00, 18:30.")
    days = MultiCheckboxField("Days", choices=[SelectChoice(str(day), name.capitalize())
                                               for day, name in enumerate(DAY_NAMES)])
    quiet_start = StringField("Quiet from", widget=TimeInput())
    quiet_end = StringField("Quiet until", widget=TimeInput())
    time_zone = SelectField("Time zone", validate_choice=False)

    def __init__(self, *args, schedule: ReminderSchedule | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = time_zone_choices(self.time_zone.data)
        minutes = set(INTERVAL_CHOICES)
        if schedule is not None and schedule.interval_minutes:
            minutes.add(schedule.interval_minutes)
        self.every.choices = [SelectChoice(str(value), every_words(value).capitalize()) for value in sorted(minutes)]

    @classmethod
    def for_schedule(cls, schedule: ReminderSchedule) -> "ScheduleForm":
        interval = schedule.recurrence == INTERVAL
        return cls(
            schedule=schedule, kind=schedule.kind, label=schedule.label or "", repeat=schedule.recurrence,
            every=str(schedule.interval_minutes or 120),
            window_start=schedule.window_start.strftime("%H:%M") if interval else "08:00",
            window_end=schedule.window_end.strftime("%H:%M") if interval else "20:00",
            times=", ".join(schedule.times_of_day), days=[str(day) for day in schedule.weekdays],
            quiet_start=schedule.quiet_start.strftime("%H:%M") if schedule.quiet_start else "",
            quiet_end=schedule.quiet_end.strftime("%H:%M") if schedule.quiet_end else "",
            time_zone=schedule.time_zone)

    def spec_fields(self) -> dict:
        """The ``ScheduleSpec`` fields this form sets; the others are left as they are."""
        interval = self.repeat.data == INTERVAL
        quiet = (_clock(self.quiet_start), _clock(self.quiet_end))
        return {
            "kind": self.kind.data, "label": self.label.data, "time_zone": self.time_zone.data,
            "every": self.every.data if interval else None,
            "between": (_clock(self.window_start), _clock(self.window_end)) if interval else None,
            "at": () if interval else self.times.data,
            "days": [int(day) for day in self.days.data] if self.repeat.data == WEEKLY else None,
            "quiet": quiet if all(quiet) else None,
        }

    def validate_label(self, field: Field) -> None:
        _domain_check(at="08:00", label=field.data)

    def validate_every(self, field: Field) -> None:
        if self.repeat.data == INTERVAL:
            _domain_check(every=field.data)

    def validate_window_start(self, field: Field) -> None:
        if self.repeat.data == INTERVAL and _clock(field) is None:
            raise ValidationError("Give the time reminders start each day.")

    def validate_window_end(self, field: Field) -> None:
        if self.repeat.data != INTERVAL:
            return
        end = _clock(field)
        if end is None:
            raise ValidationError("Give the time reminders stop each day.")
        if not self.window_start.errors:
            _domain_check(every=60, between=(_clock(self.window_start), end))

    def validate_times(self, field: Field) -> None:
        if self.repeat.data == INTERVAL:
            return
        if not (field.data or "").strip():
            raise ValidationError("Give at least one time of day, for example 08:00.")
        _domain_check(at=field.data)

    def validate_days(self, field: Field) -> None:
        if self.repeat.data == WEEKLY and not field.data:
            raise ValidationError("Tick at least one day.")

    def validate_quiet_start(self, field: Field) -> None:
        _clock(field)

    def validate_quiet_end(self, field: Field) -> None:
        end = _clock(field)
        if self.quiet_start.errors:
            return
        start = _clock(self.quiet_start)
        if (start is None) != (end is None):
            raise ValidationError("Give both ends of the quiet hours, or neither.")
        if start is not None:
            _domain_check(at="08:00", quiet=(start, end))

    def validate_time_zone(self, field: Field) -> None:
        _check_time_zone(field)


class SnoozeForm(FlaskForm):
    minutes = SelectField("Snooze for", choices=SNOOZE_CHOICES, coerce=int, default=60)


class AlexaForm(FlaskForm):
    enabled = BooleanField("Remind me on Alexa")


class ChannelForm(FlaskForm):
    url = StringField("Notification address (Apprise URL)",
                      validators=[InputRequired("Paste the address of the app or service to notify.")],
                      description="For example ntfy://my-topic or mailto://me:app-password@gmail.com.")

    def validate_url(self, field: Field) -> None:
        try:
            check_apprise_url(field.data)
        except ScheduleError as error:
            raise ValidationError(str(error)) from error


class TimeZoneForm(FlaskForm):
    time_zone = SelectField("Your time zone", validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = time_zone_choices(self.time_zone.data)

    def validate_time_zone(self, field: Field) -> None:
        _check_time_zone(field)
