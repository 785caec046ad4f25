"""The account: time zone (and moving reminders to it), a copy of my data, and deleting it all."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, session, url_for

from models import ReminderSchedule, User
from reminders.parsing import ScheduleError
from reminders.schedules import list_schedules, update_schedule
from reminders.user_deletion import delete_user
from reminders.wording import describe
from web import display
from web.blueprint import blueprint
from web.context import TOKEN_KEY, db, now, sign_in_required, signed_in_user
from web.forms import TimeZoneForm
from web.user_data import export_user_data


@blueprint.route("/account", methods=["GET", "POST"])
@sign_in_required
def edit_account():
    """The account page; a posted time zone is checked and saved, then reminders elsewhere may follow it."""
    user = signed_in_user()
    form = TimeZoneForm(time_zone=user.time_zone or "UTC")
    if form.validate_on_submit():
        previous, user.time_zone = user.time_zone, form.time_zone.data
        db().commit()
        flash(f"Your time zone is now {user.time_zone}.")
        if previous != user.time_zone and _elsewhere(user):
            return redirect(url_for("web.move_reminders", **({"from": previous} if previous else {})))
        return redirect(url_for("web.edit_account"))
    return render_template("web/edit_account.html", form=form, user=user)


@blueprint.route("/account/move-reminders", methods=["GET", "POST"])
@sign_in_required
def move_reminders():
    """Ask (GET) whether reminders in other zones should move to the account's; move the ticked ones
    (POST), each keeping its wall-clock times."""
    user = signed_in_user()
    if user.time_zone is None:
        return redirect(url_for("web.edit_account"))
    elsewhere = _elsewhere(user)
    if request.method == "GET":
        if not elsewhere:
            return redirect(url_for("web.edit_account"))
        previous = request.args.get("from")
        rows = [{"id": schedule.id, "title": display.title(schedule), "when": describe(schedule),
                 "ticked": previous in (None, schedule.time_zone)} for schedule in elsewhere]
        return render_template("web/move_reminders.html", zone=user.time_zone, rows=rows)
    if request.form.get("zone") != user.time_zone:  # the zone changed again in another tab
        flash("Your time zone changed meanwhile; nothing was moved.", "error")
        return redirect(url_for("web.edit_account"))
    wanted = set(request.form.getlist("schedule"))
    moving = [schedule for schedule in elsewhere if str(schedule.id) in wanted]
    try:
        for schedule in moving:
            update_schedule(db(), schedule, now(), time_zone=user.time_zone)
    except ScheduleError as error:
        db().rollback()
        flash(str(error), "error")
        return redirect(url_for("web.edit_account"))
    db().commit()
    flash(f"Moved {_count(len(moving))} to {user.time_zone}; they keep their times of day." if moving
          else "Your reminders stay in their own zones.")
    return redirect(url_for("web.index"))


def _elsewhere(user: User) -> list[ReminderSchedule]:
    """The user's reminders in a zone other than the account's."""
    return [schedule for schedule in list_schedules(db(), user) if schedule.time_zone != user.time_zone]


def _count(reminders: int) -> str:
    return "1 reminder" if reminders == 1 else f"{reminders} reminders"


@blueprint.get("/account/data.json")
@sign_in_required
def download_data():
    """Everything stored about me, as a JSON file to keep."""
    data = export_user_data(db(), signed_in_user())
    data["exported_at"] = now().isoformat()
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="cramp-coach-data.json"'})


@blueprint.route("/account/delete", methods=["GET", "POST"])
@sign_in_required
def delete_account():
    """Ask first (GET); delete the user and all their data, then sign out (POST)."""
    if request.method == "GET":
        return render_template("web/delete_account.html")
    delete_user(db(), signed_in_user())
    db().commit()
    session.pop(TOKEN_KEY, None)
    flash("Your data and account are deleted. Reminders on your Alexa devices are being deleted too; "
          "that can take a few minutes. Talking to Cramp Coach again starts afresh.")
    return redirect(url_for("web.index"))
