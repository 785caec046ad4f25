"""The pages' forms. Field checks ask the reminder domain (``scheduler``) so the rules live once."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from accounts.sign_in import normalise_code
from models import ReminderSchedule
from reminders.parsing import DAY_NAMES, ScheduleError, parse_clock
from reminders.recurrence import DAILY, INTERVAL, WEEKLY
from reminders.spec import ScheduleSpec, check, check_apprise_url
from reminders.wording import KIND_WORDS, clock_words, every_words
from web.schedule_preview import Preview, draft_schedule, never_rings, preview_of, silenced_message
from web.time_zones import TimeZoneField

INTERVAL_CHOICES = (15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 720)
SNOOZE_CHOICES = [SelectChoice(minutes, words) for minutes, words in (
    (30, "30 minutes"), (60, "1 hour"), (120, "2 hours"), (240, "4 hours"),
    (1440, "1 day"), (3 * 1440, "3 days"), (7 * 1440, "1 week"))]
REPEAT_CHOICES = [SelectChoice(INTERVAL, "Every so often, within a daily window"),
                  SelectChoice(DAILY, "At set times, every day"),
                  SelectChoice(WEEKLY, "At set times, on the days I pick")]
# Typed, not picked: a time input would refuse "noon" or "8am", which the pages accept everywhere.
_TIME_TYPED = {"autocomplete": "off", "spellcheck": "false", "size": 8}
_TIME_HINT = "Times like 8 am, noon or 20:00."
OVERNIGHT_NOTE = "This runs overnight, into the next morning; saving asks you to confirm that."
# A field is checked on its own by giving the domain a spec that is valid apart from that field.
_PROBE = {"kind": "hydration", "time_zone": "UTC"}


def _domain_check(**fields: object) -> None:
    try:
        check(ScheduleSpec(**{**_PROBE, **fields}))
    except ScheduleError as error:
        raise ValidationError(str(error)) from error


def shared_addresses(schedule: ReminderSchedule) -> int:
    """How many of the account's addresses for all reminders reach ``schedule``
    (``ScheduleSpec.shared_addresses``)."""
    return len(schedule.user.account_addresses) if schedule.use_account_addresses else 0


def _clock(field: Field) -> time | None:
    """The field's time of day, read once here at the edge; ``None`` when left empty."""
    text = (field.data or "").strip()
    if not text:
        return None
    try:
        return parse_clock(text)
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
    window_start = StringField("Daily from", default="08:00", render_kw=_TIME_TYPED)
    window_end = StringField("Daily until", default="20:00", render_kw=_TIME_TYPED)
    confirm_overnight = BooleanField("Yes, remind me through the night")
    times = StringField("Times of day",
                        description="One or more, separated by commas, for example 8 am, noon, 18:30.")
    days = MultiCheckboxField("Days", choices=[SelectChoice(str(day), name.capitalize())
                                               for day, name in enumerate(DAY_NAMES)])
    quiet_start = StringField("Quiet from", render_kw=_TIME_TYPED)
    quiet_end = StringField("Quiet until", render_kw=_TIME_TYPED)
    time_zone = TimeZoneField("Time zone")

    time_hint = _TIME_HINT

    def __init__(self, *args, now: datetime, schedule: ReminderSchedule | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.saved_window = (schedule.window_start, schedule.window_end) if schedule is not None else None
        # A new reminder starts in the account's zone, so that is the zone given with it.
        self.account_zone = schedule.user.time_zone if schedule is not None else kwargs.get("time_zone")
        minutes = set(INTERVAL_CHOICES)
        if schedule is not None and schedule.interval_minutes:
            minutes.add(schedule.interval_minutes)
        self.every.choices = [SelectChoice(str(value), every_words(value).capitalize()) for value in sorted(minutes)]

    @classmethod
    def for_schedule(cls, schedule: ReminderSchedule, now: datetime) -> "ScheduleForm":
        interval = schedule.recurrence == INTERVAL
        return cls(
            now=now, schedule=schedule, kind=schedule.kind, label=schedule.label or "", repeat=schedule.recurrence,
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
            "kind": self.kind.data, "label": self.label.data, "time_zone": self.time_zone.zone_name,
            "every": self.every.data if interval else None,
            "between": (_clock(self.window_start), _clock(self.window_end)) if interval else None,
            "at": () if interval else self.times.data,
            "days": [int(day) for day in self.days.data] if self.repeat.data == WEEKLY else None,
            "quiet": quiet if all(quiet) else None,
        }

    @property
    def overnight_window(self) -> bool:
        """Whether the typed interval window runs past midnight, as the form shows it."""
        if self.repeat.data != INTERVAL:
            return False
        try:
            start, end = _clock(self.window_start), _clock(self.window_end)
        except ValidationError:
            return False
        return start is not None and end is not None and end < start

    @property
    def asks_overnight(self) -> bool:
        """An overnight window is confirmed once, unless the reminder already runs overnight this way."""
        if not self.overnight_window:
            return False
        return (_clock(self.window_start), _clock(self.window_end)) != self.saved_window

    def validate(self, extra_validators=None) -> bool:
        """Each field, then the whole: a schedule whose quiet hours hide every time is refused."""
        if not super().validate(extra_validators):
            return False
        try:
            schedule = draft_schedule(ScheduleSpec(**self.spec_fields()))
        except ScheduleError:
            return True  # the domain says why when the view saves it (``refusal_shown_in``)
        if never_rings(schedule, self.now):
            self.quiet_end.errors.append(silenced_message(schedule))
            return False
        return True

    def preview(self) -> Preview:
        """The schedule as typed so far, in words with its next times; never raises."""
        try:
            fields = self.spec_fields()
        except ValidationError:
            return preview_of(None, "Fix the times above to see when it will ring.", self.now)
        if fields["between"] is not None and None in fields["between"]:
            return preview_of(None, "Give both daily times to see when it will ring.", self.now)
        preview = preview_of({**fields, "label": None}, "", self.now)  # the words leave the label out
        if self.asks_overnight and not preview.problem:
            return replace(preview, problem=OVERNIGHT_NOTE)
        return preview

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
        if self.window_start.errors:
            return
        start = _clock(self.window_start)
        _domain_check(every=60, between=(start, end))
        if self.asks_overnight and not self.confirm_overnight.data:
            raise ValidationError(
                f"This runs overnight: from {clock_words(start)} until {clock_words(end)} "
                f"the next morning. If that is what you want, tick “{self.confirm_overnight.label.text}” "
                "and save again.")

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



class SnoozeForm(FlaskForm):
    minutes = SelectField("Snooze for", choices=SNOOZE_CHOICES, coerce=int, default=60)


class AlexaForm(FlaskForm):
    enabled = BooleanField("Remind me on Alexa")


class AccountAddressesForm(FlaskForm):
    enabled = BooleanField("Also send to my addresses for all reminders")


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
    time_zone = TimeZoneField("Your time zone")
