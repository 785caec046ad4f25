"""The reminders list (the site's root once signed in), and creating, editing, pausing,
resuming, snoozing and deleting a schedule; "only remind me when I'm behind" for water.

Every action redirects back to the card it came from (``#reminder-<id>``) with its message
inside that card (``web.notices``); a deleted reminder's message goes to the top of the list.
"""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for

from habits.reminders import set_only_when_behind
from models import ReminderSchedule, User
from reminders.parsing import ScheduleError
from reminders.schedules import (create_schedule, delete_schedule, list_schedules,
                                 pause_schedule, resume_schedule, snooze_schedule, update_schedule)
from reminders.spec import ScheduleSpec
from reminders.wording import KIND_WORDS, describe
from web import display
from web.blueprint import blueprint
from web.context import (db, now, own_schedule, refusal_shown_in, services, sign_in_required,
                         signed_in_user)
from web.forms import ScheduleForm, SignInForm, SnoozeForm, shared_addresses
from web.notices import TEMPLATE_GLOBALS, place_new_messages
from web.presets import preset_fields
from web.reminder_rows import reminder_cards, reminder_names

LIST = "reminders"
WATER_SETTINGS = "water-reminders"
blueprint.after_app_request(place_new_messages)
# Globals, not context: the form macros, imported without context, draw errors too.
blueprint.record_once(lambda state: state.app.jinja_env.globals.update(TEMPLATE_GLOBALS,
                                                                       reminder_names=reminder_names))


@blueprint.get("/")
def index():
    """The site's root: the sign-in form, or once signed in, every reminder, soonest first."""
    user = signed_in_user()
    if user is None:
        return render_template("web/sign_in.html", form=SignInForm())
    schedules = list_schedules(db(), user)
    cards = reminder_cards(db(), user, schedules, now(), services().trials.latest(user.id))
    water = [schedule for schedule in schedules if schedule.kind == "hydration"]
    return render_template("web/index.html", cards=cards, snooze_form=SnoozeForm(), has_water=bool(water),
                           only_when_behind=only_when_behind(water))


def only_when_behind(water: list[ReminderSchedule]) -> bool:
    """The account's setting, kept on each water reminder: on when all of them hold back."""
    return bool(water) and all(schedule.only_when_behind for schedule in water)


@blueprint.post("/reminders/pace")
@sign_in_required
def set_pace():
    """Turn "only remind me when I'm behind" on or off for all water reminders."""
    wanted = request.form.get("only_when_behind") == "on"
    set_only_when_behind(db(), signed_in_user().id, wanted, now())
    message = ("Water reminders now come only when you're behind on your goal." if wanted
               else "Water reminders now come every time.")
    return _saved(message, WATER_SETTINGS)


@blueprint.route("/reminders/new", methods=["GET", "POST"])
@sign_in_required
def create_reminder():
    """A new hydration, stretch or warm-up reminder."""
    user = signed_in_user()
    kind = request.args.get("kind")
    form = ScheduleForm(**{"kind": kind if kind in KIND_WORDS else "hydration",
                           **preset_fields(request.args.get("preset"))}, time_zone=user.time_zone or "UTC", now=now())
    if form.validate_on_submit():
        holds_back = _water_holds_back(user)
        with refusal_shown_in(form.form_errors):
            schedule = create_schedule(db(), user, ScheduleSpec(**form.spec_fields()), now())
            if schedule.kind == "hydration" and holds_back:
                schedule.only_when_behind = True  # the account's setting covers new water reminders too
            return _saved("Reminder saved.", _card(schedule))
    return render_template("web/create_reminder.html", form=form)


@blueprint.route("/reminders/<int:schedule_id>/edit", methods=["GET", "POST"])
@sign_in_required
def edit_reminder(schedule_id: int):
    """Change every option of a reminder; nothing is saved unless all of it is valid."""
    schedule = own_schedule(schedule_id)
    form = (ScheduleForm(schedule=schedule, now=now()) if request.method == "POST"
            else ScheduleForm.for_schedule(schedule, now()))
    if form.validate_on_submit():
        with refusal_shown_in(form.form_errors):
            update_schedule(db(), schedule, now(), **form.spec_fields(), shared_addresses=shared_addresses(schedule))
            return _saved("Changes saved.", _card(schedule))
    return render_template("web/edit_reminder.html", form=form, schedule=schedule,
                           title=display.title(schedule))


@blueprint.post("/reminders/<int:schedule_id>/pause")
@sign_in_required
def pause_reminder(schedule_id: int):
    """Stop a reminder until it is resumed."""
    schedule = own_schedule(schedule_id)
    pause_schedule(schedule, now())
    return _saved(f"{display.title(schedule)} is paused.", _card(schedule))


@blueprint.post("/reminders/<int:schedule_id>/resume")
@sign_in_required
def resume_reminder(schedule_id: int):
    """Start a paused or snoozed reminder again from its next time."""
    schedule = own_schedule(schedule_id)
    resume_schedule(schedule, now())
    return _saved(f"{display.title(schedule)} is on again.", _card(schedule))


@blueprint.post("/reminders/<int:schedule_id>/snooze")
@sign_in_required
def snooze_reminder(schedule_id: int):
    """Skip a reminder's times for a while."""
    schedule = own_schedule(schedule_id)
    form = SnoozeForm()
    if not form.validate():
        return _refused("Pick how long to snooze for.", _card(schedule))
    try:
        snooze_schedule(schedule, timedelta(minutes=form.minutes.data), now())
    except ScheduleError as error:
        db().rollback()
        return _refused(str(error), _card(schedule))
    zone = display.display_zone(signed_in_user(), schedule)
    return _saved(f"{display.title(schedule)} is snoozed until {display.local_time(schedule.snoozed_until, zone)}.",
                  _card(schedule))


@blueprint.route("/reminders/<int:schedule_id>/delete", methods=["GET", "POST"])
@sign_in_required
def delete_reminder(schedule_id: int):
    """Ask first (GET), then delete the reminder with its history (POST)."""
    schedule = own_schedule(schedule_id)
    if request.method == "GET":
        return render_template("web/delete_reminder.html", schedule=schedule, title=display.title(schedule),
                               when=describe(schedule), back=url_for("web.index", _anchor=_card(schedule)))
    name = display.title(schedule)
    delete_schedule(db(), schedule)
    return _saved(f"{name} is deleted.", LIST)


def _card(schedule: ReminderSchedule) -> str:
    return f"reminder-{schedule.id}"


def _water_holds_back(user: User) -> bool:
    return only_when_behind([schedule for schedule in list_schedules(db(), user) if schedule.kind == "hydration"])


def _saved(message: str, place: str):
    db().commit()
    flash(message)
    return redirect(url_for("web.index", _anchor=place))


def _refused(message: str, place: str):
    flash(message, "error")
    return redirect(url_for("web.index", _anchor=place))
