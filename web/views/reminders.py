"""The reminders list (the site's root once signed in), and creating, editing, pausing,
resuming, snoozing and deleting a schedule."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for

from scheduler.channels import undeliverable_reason
from scheduler.parsing import ScheduleError
from scheduler.schedules import (create_schedule, delete_schedule, list_schedules,
                                 pause_schedule, resume_schedule, snooze_schedule, update_schedule)
from scheduler.spec import ScheduleSpec
from scheduler.wording import KIND_WORDS, describe, upcoming
from web import display
from web.blueprint import blueprint
from web.context import db, now, own_schedule, refusal_shown_in, sign_in_required, signed_in_user
from web.forms import ScheduleForm, SignInForm, SnoozeForm


@blueprint.get("/")
def index():
    """The site's root: the sign-in form, or once signed in, every reminder with its next times."""
    user = signed_in_user()
    if user is None:
        return render_template("web/sign_in.html", form=SignInForm())
    rows = []
    for schedule in list_schedules(db(), user):
        zone = display.display_zone(user, schedule)
        rows.append({
            "schedule": schedule, "title": display.title(schedule), "when": describe(schedule),
            "status": display.status(schedule, now(), zone),
            "undeliverable": undeliverable_reason(schedule),
            "next": [display.local_time(instant, zone) for instant in upcoming(schedule, now(), 3)],
        })
    return render_template("web/index.html", rows=rows, snooze_form=SnoozeForm())


@blueprint.route("/reminders/new", methods=["GET", "POST"])
@sign_in_required
def create_reminder():
    """A new hydration, stretch or warm-up reminder."""
    user = signed_in_user()
    kind = request.args.get("kind")
    form = ScheduleForm(kind=kind if kind in KIND_WORDS else "hydration", time_zone=user.time_zone or "UTC")
    if form.validate_on_submit():
        with refusal_shown_in(form.form_errors):
            create_schedule(db(), user, ScheduleSpec(**form.spec_fields()), now())
            return _saved("Reminder saved.")
    return render_template("web/create_reminder.html", form=form)


@blueprint.route("/reminders/<int:schedule_id>/edit", methods=["GET", "POST"])
@sign_in_required
def edit_reminder(schedule_id: int):
    """Change every option of a reminder; nothing is saved unless all of it is valid."""
    schedule = own_schedule(schedule_id)
    form = ScheduleForm(schedule=schedule) if request.method == "POST" else ScheduleForm.for_schedule(schedule)
    if form.validate_on_submit():
        with refusal_shown_in(form.form_errors):
            update_schedule(db(), schedule, now(), **form.spec_fields())
            return _saved("Changes saved.")
    return render_template("web/edit_reminder.html", form=form, schedule=schedule,
                           title=display.title(schedule))


@blueprint.post("/reminders/<int:schedule_id>/pause")
@sign_in_required
def pause_reminder(schedule_id: int):
    """Stop a reminder until it is resumed."""
    schedule = own_schedule(schedule_id)
    pause_schedule(schedule, now())
    return _saved(f"{display.title(schedule)} is paused.")


@blueprint.post("/reminders/<int:schedule_id>/resume")
@sign_in_required
def resume_reminder(schedule_id: int):
    """Start a paused or snoozed reminder again from its next time."""
    schedule = own_schedule(schedule_id)
    resume_schedule(schedule, now())
    return _saved(f"{display.title(schedule)} is on again.")


@blueprint.post("/reminders/<int:schedule_id>/snooze")
@sign_in_required
def snooze_reminder(schedule_id: int):
    """Skip a reminder's times for a while."""
    schedule = own_schedule(schedule_id)
    form = SnoozeForm()
    if not form.validate():
        flash("Pick how long to snooze for.", "error")
        return redirect(url_for("web.index"))
    try:
        snooze_schedule(schedule, timedelta(minutes=form.minutes.data), now())
    except ScheduleError as error:
        db().rollback()
        flash(str(error), "error")
        return redirect(url_for("web.index"))
    zone = display.display_zone(signed_in_user(), schedule)
    return _saved(f"{display.title(schedule)} is snoozed until {display.local_time(schedule.snoozed_until, zone)}.")


@blueprint.route("/reminders/<int:schedule_id>/delete", methods=["GET", "POST"])
@sign_in_required
def delete_reminder(schedule_id: int):
    """Ask first (GET), then delete the reminder with its history (POST)."""
    schedule = own_schedule(schedule_id)
    if request.method == "GET":
        return render_template("web/delete_reminder.html", schedule=schedule, title=display.title(schedule),
                               when=describe(schedule))
    name = display.title(schedule)
    delete_schedule(db(), schedule)
    return _saved(f"{name} is deleted.")


def _saved(message: str):
    db().commit()
    flash(message)
    return redirect(url_for("web.index"))
