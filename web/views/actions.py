"""A reminder's signed links, "Done" and "Snooze 30 min": a page to confirm, then what was done.

No sign-in: the link's signature is the permission. Opening a link only shows what it will do;
the button (a POST with a CSRF token) does it, so a mail scanner or a chat's link preview that
fetches the link cannot use it up.
"""
from __future__ import annotations

from flask import current_app, render_template

from habits.links import DONE, LIFETIME, SNOOZE_FOR, ActionLinks, LinkRefused, link_schedule, use_link
from habits.owner import Owner
from habits.progress import today_progress
from habits.units import Units
from models import ReminderSchedule
from reminders.schedules import snooze_schedule
from web import display
from web.blueprint import blueprint
from web.context import db, now

REFUSALS = {
    "expired": f"This link has expired: reminder links work for {LIFETIME.total_seconds() / 3600:.0f} hours.",
    "used": "This link has already been used. Each link works once.",
    "gone": "The reminder this link belongs to has been deleted.",
}


def action_links() -> ActionLinks:
    return ActionLinks(current_app.secret_key, current_app.extensions["cramp_coach"]["settings"].public_url)


@blueprint.get("/act/<token>")
def confirm_action(token: str):
    """What the link will do, with the button that does it."""
    link = action_links().read(token)
    if link is None:
        return _invalid()
    try:
        schedule = link_schedule(db(), link, now())
    except LinkRefused as refused:
        return _refused(refused)
    return render_template("web/use_action.html", done=False, action=link.action, what=_what(schedule, link.action),
                           token=token)


@blueprint.post("/act/<token>")
def use_action(token: str):
    """Do what the link says, once, and say what was done."""
    link = action_links().read(token)
    if link is None:
        return _invalid()
    session = db()
    try:
        schedule = use_link(session, link, now())
    except LinkRefused as refused:
        session.rollback()
        return _refused(refused)
    if link.action == DONE:
        owner = Owner.of(schedule.user_id, None, schedule.time_zone)
        today = today_progress(session, owner, now())
        units = Units(schedule.user.locale or "en-US")
        result = (f"Logged a glass of water. You've had {units.amount(today.drunk_ml)} of your "
                  f"{units.amount(today.goal.ml)} today." if schedule.kind == "hydration"
                  else "Logged your stretch. Nice work.")
    else:
        snooze_schedule(schedule, SNOOZE_FOR, now())
        zone = display.display_zone(schedule.user, schedule)
        result = f"Snoozed {display.title(schedule).lower()} until {display.local_time(schedule.snoozed_until, zone)}."
    session.commit()
    return render_template("web/use_action.html", done=True, result=result)


def _what(schedule: ReminderSchedule, action: str) -> str:
    title = display.title(schedule).lower()
    if action != DONE:
        return f"Snooze your {title} reminder for 30 minutes."
    if schedule.kind == "hydration":
        return "Log a glass of water."
    return "Log your stretch as done."


def _invalid():
    return render_template("web/use_action.html", done=True,
                           result="This link isn't valid. Please use the link exactly as it came."), 400


def _refused(refused: LinkRefused):
    return render_template("web/use_action.html", done=True, result=REFUSALS[refused.reason]), 410
