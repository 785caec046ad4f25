"""Where each reminder goes: Alexa on or off, Apprise addresses, and a test notification."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from models import NotificationChannel, ReminderSchedule
from scheduler.channels.apprise_channel import AppriseChannel
from scheduler.messages import ReminderMessage
from scheduler.outcome import masked_url
from scheduler.parsing import ScheduleError
from scheduler.schedules import list_schedules, update_schedule
from web import display
from web.blueprint import blueprint
from web.context import db, now, own_schedule, refusal_shown_in, services, sign_in_required, signed_in_user
from web.forms import AlexaForm, ChannelForm

TEST_MESSAGE = ReminderMessage(title="Cramp Coach test",
                               body="This is a test notification. Your reminders will arrive here.")


@blueprint.get("/notifications")
@sign_in_required
def show_notifications():
    """Each reminder's Alexa setting and Apprise addresses, with the outcome of recent tests."""
    for result in services().trials.take_results(signed_in_user().id):
        flash(result.message, "error" if result.ok is False else "message")
    return _page()


@blueprint.post("/reminders/<int:schedule_id>/alexa")
@sign_in_required
def set_alexa(schedule_id: int):
    """Turn a reminder's Alexa delivery on or off."""
    schedule = own_schedule(schedule_id)
    form = AlexaForm(prefix=f"alexa-{schedule.id}")
    if form.validate():
        with refusal_shown_in(form.enabled.errors):
            update_schedule(db(), schedule, now(), alexa=form.enabled.data)
            return _saved(schedule, f"Alexa reminders are {'on' if form.enabled.data else 'off'} "
                                    f"for {display.title(schedule)}.")
    return _page(alexa_forms={schedule.id: form})


@blueprint.post("/reminders/<int:schedule_id>/channels")
@sign_in_required
def add_channel(schedule_id: int):
    """Add an Apprise address to a reminder."""
    schedule = own_schedule(schedule_id)
    form = ChannelForm(prefix=f"channel-{schedule.id}")
    if form.validate():
        urls = [channel.apprise_url for channel in schedule.notify_channels] + [form.url.data.strip()]
        with refusal_shown_in(form.url.errors):
            update_schedule(db(), schedule, now(), notify=urls)
            return _saved(schedule, f"Added {masked_url(form.url.data)} to {display.title(schedule)}.")
    return _page(channel_forms={schedule.id: form})


@blueprint.post("/channels/<int:channel_id>/delete")
@sign_in_required
def remove_channel(channel_id: int):
    """Remove an Apprise address from its reminder."""
    channel = _own_channel(channel_id)
    schedule = own_schedule(channel.schedule_id)
    urls = [other.apprise_url for other in schedule.notify_channels if other.id != channel.id]
    try:
        update_schedule(db(), schedule, now(), notify=urls)
    except ScheduleError as error:
        db().rollback()
        flash(str(error), "error")
        return redirect(url_for("web.show_notifications", _anchor=f"reminder-{schedule.id}"))
    return _saved(schedule, f"Removed {masked_url(channel.apprise_url)} from {display.title(schedule)}.")


@blueprint.post("/channels/<int:channel_id>/test")
@sign_in_required
def test_channel(channel_id: int):
    """Queue a test notification (``web.trial_notifications``); the page shows how it went."""
    channel = _own_channel(channel_id)
    queued, message = services().trials.start(signed_in_user().id, channel.id, channel.apprise_url,
                                              masked_url(channel.apprise_url))
    flash(message, "message" if queued else "error")
    return redirect(url_for("web.show_notifications", _anchor=f"reminder-{channel.schedule_id}"))


def send_test_notification(url: str) -> None:
    """What the test button sends; runs on the test pool, never on a request thread."""
    AppriseChannel(url).deliver(TEST_MESSAGE)


def _page(alexa_forms: dict[int, AlexaForm] | None = None, channel_forms: dict[int, ChannelForm] | None = None):
    """The page with a form pair per reminder; a form that just failed keeps its input and errors."""
    alexa_forms, channel_forms = alexa_forms or {}, channel_forms or {}
    sections = []
    for schedule in list_schedules(db(), signed_in_user()):
        sections.append({
            "schedule": schedule, "title": display.title(schedule),
            "alexa_form": alexa_forms.get(schedule.id)
            or AlexaForm(prefix=f"alexa-{schedule.id}", formdata=None, enabled=schedule.alexa_enabled),
            "channel_form": channel_forms.get(schedule.id)
            or ChannelForm(prefix=f"channel-{schedule.id}", formdata=None),
            "channels": [(channel.id, masked_url(channel.apprise_url)) for channel in schedule.notify_channels],
        })
    return render_template("web/show_notifications.html", sections=sections)


def _own_channel(channel_id: int) -> NotificationChannel:
    """The signed-in user's notification address; anyone else's is a 404."""
    channel = db().scalar(select(NotificationChannel).join(ReminderSchedule).where(
        NotificationChannel.id == channel_id, ReminderSchedule.user_id == signed_in_user().id))
    if channel is None:
        abort(404)
    return channel


def _saved(schedule: ReminderSchedule, message: str):
    db().commit()
    flash(message)
    return redirect(url_for("web.show_notifications", _anchor=f"reminder-{schedule.id}"))
