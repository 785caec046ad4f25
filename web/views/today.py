"""The "Today" panel on the reminders page: water against the goal with quick-add buttons,
stretches done, and the rest of today's reminders across all schedules in time order.

The panel is a partial (``web/_today.html``) that asks for its data through ``today_panel()``,
so the reminders page only includes it.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for

from habits.owner import Owner
from habits.progress import today_progress
from habits.stretches import log_stretch
from habits.units import Units
from habits.water import HabitError, log_water, undo_last_water
from models import User
from reminders.schedules import list_schedules
from reminders.wording import upcoming
from web import display
from web.blueprint import blueprint
from web.context import db, now, sign_in_required, signed_in_user

QUICK_ADD = ("GLASS", "BOTTLE", "MUG")
CONTAINER_WORDS = {"GLASS": "glass", "BOTTLE": "bottle", "MUG": "mug", "CUP": "cup"}
MAX_TODAY_PER_SCHEDULE = 48


def web_owner(user: User) -> Owner:
    """On the web the habit is the account's own (a household member's voice logs stay theirs)."""
    return Owner.of(user.id, None, user.time_zone)


def units_of(user: User) -> Units:
    return Units(user.locale or "en-US")


def today_panel() -> dict:
    """What the panel shows for the signed-in user."""
    user = signed_in_user()
    owner = web_owner(user)
    units = units_of(user)
    today = today_progress(db(), owner, now())
    later = []
    for schedule in list_schedules(db(), user):
        for instant in upcoming(schedule, now(), MAX_TODAY_PER_SCHEDULE):
            if instant.astimezone(owner.zone).date() != today.day:
                break
            later.append((instant, display.title(schedule)))
    later.sort(key=lambda pair: pair[0])
    return {
        "drunk": units.amount(today.drunk_ml), "goal": units.amount(today.goal.ml), "reached": today.reached,
        "percent": round(today.share * 100), "left": units.amount(today.left_ml), "stretches": today.stretches,
        "quick_add": [(container, f"{CONTAINER_WORDS[container]} ({units.container_ml(container)} ml)")
                      for container in QUICK_ADD],
        "later": [(display.local_time(instant, owner.zone), title) for instant, title in later],
    }


@blueprint.app_context_processor
def _panel_data() -> dict:
    return {"today_panel": today_panel}


@blueprint.post("/today/water")
@sign_in_required
def add_water():
    """A quick-add button: one glass, bottle or mug, now."""
    user = signed_in_user()
    container = request.form.get("container", "")
    if container not in QUICK_ADD:
        flash("Pick one of the buttons to add water.", "error")
        return redirect(url_for("web.index", _anchor="today"))
    units = units_of(user)
    try:
        log_water(db(), web_owner(user), units.container_ml(container), now(), now(), "web")
    except HabitError:
        flash("That drink could not be logged.", "error")
        return redirect(url_for("web.index", _anchor="today"))
    db().commit()
    flash(f"Added a {CONTAINER_WORDS[container]} of water.", "success")
    return redirect(url_for("web.index", _anchor="today"))


@blueprint.post("/today/undo")
@sign_in_required
def undo_water():
    """Take off the last drink logged for the account."""
    removed = undo_last_water(db(), web_owner(signed_in_user()))
    db().commit()
    if removed is None:
        flash("There is no water logged to take back.", "error")
    else:
        flash(f"Took off {units_of(signed_in_user()).amount(removed.amount_ml)}.", "success")
    return redirect(url_for("web.index", _anchor="today"))


@blueprint.post("/today/stretch")
@sign_in_required
def add_stretch():
    """"I did my stretch", from the page."""
    log_stretch(db(), web_owner(signed_in_user()), now(), "web")
    db().commit()
    flash("Stretch logged. Nice work.", "success")
    return redirect(url_for("web.index", _anchor="today"))
