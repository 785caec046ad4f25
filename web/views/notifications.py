"""Where reminders go: addresses for all reminders (added once, each reminder may opt out), each
reminder's Alexa setting and own Apprise addresses, a test notification, and undo for Remove."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from models import AccountAddress, NotificationChannel, ReminderSchedule
from reminders.channels.apprise_channel import AppriseChannel
from reminders.messages import ReminderMessage
from reminders.notify_policy import max_addresses_per_reminder
from reminders.outcome import masked_url
from reminders.parsing import ScheduleError
from reminders.schedules import list_schedules, update_schedule
from web import display
from web.address_forms import BUILDERS, AddressForm, builder_forms
from web.blueprint import blueprint
from web.context import db, now, own_schedule, refusal_shown_in, services, sign_in_required, signed_in_user
from web.forms import AccountAddressesForm, AlexaForm, ChannelForm, shared_addresses
from web.notices import flash_at
from web.removed_addresses import forget_undo, keep_for_undo, undoable

TEST_MESSAGE = ReminderMessage(title="Cramp Coach test",
                               body="This is a test notification. Your reminders will arrive here.")
ALL_REMINDERS = "all-reminders"
"""The id of the page's section for addresses of the whole account."""
ACCOUNT_TEST_KEY = "account:{}"
"""How a test of an address for all reminders is keyed in ``web.trial_notifications``: never a
reminder address's id, which is an ``int``."""


@blueprint.get("/notifications")
@sign_in_required
def show_notifications():
    """Addresses for all reminders, then each reminder's Alexa setting and own addresses; a test's
    result is shown inside the section of the address it went to."""
    user = signed_in_user()
    places = {ACCOUNT_TEST_KEY.format(address.id): ALL_REMINDERS for address in user.account_addresses}
    places.update((channel.id, f"reminder-{schedule.id}")
                  for schedule in list_schedules(db(), user) for channel in schedule.notify_channels)
    for result in services().trials.take_results(user.id):
        if result.channel_id in places:
            flash_at(result.message, places[result.channel_id], error=result.ok is False)
        else:  # the address is gone; the result still says how its test went
            flash(result.message, "error" if result.ok is False else "message")
    return _page()


@blueprint.post("/notifications/addresses")
@sign_in_required
def add_account_address():
    """Add an address for all reminders, written by one of the builders (``builder`` says which)."""
    user = signed_in_user()
    builder = BUILDERS.get(request.form.get("builder", ""))
    if builder is None:
        abort(400)
    form = builder(prefix=f"{ALL_REMINDERS}-{builder.builder}")
    if not form.validate():
        return _page(account_form=form)
    url = form.checked_url
    if url in {address.apprise_url for address in user.account_addresses}:
        flash(f"Already added: {masked_url(url)} gets all your reminders.")
        return redirect(url_for("web.show_notifications", _anchor=ALL_REMINDERS))
    if len(user.account_addresses) >= (most := max_addresses_per_reminder()):
        form[form.target].errors.append(f"At most {most} addresses for all reminders; remove one to add another.")
        return _page(account_form=form)
    user.account_addresses.append(AccountAddress(apprise_url=url, created_at=now()))
    db().commit()
    flash(f"Added {masked_url(url)}: all your reminders go there too, unless a reminder opts out below.")
    return redirect(url_for("web.show_notifications", _anchor=ALL_REMINDERS))


@blueprint.post("/notifications/addresses/<int:address_id>/delete")
@sign_in_required
def remove_account_address(address_id: int):
    """Remove an address for all reminders; "Undo" puts it back for a few minutes."""
    user = signed_in_user()
    address = next((address for address in user.account_addresses if address.id == address_id), None)
    if address is None:
        abort(404)
    user.account_addresses.remove(address)
    keep_for_undo(None, address.apprise_url)
    db().commit()
    flash(f"Removed {masked_url(address.apprise_url)} from all reminders.")
    return redirect(url_for("web.show_notifications", _anchor=ALL_REMINDERS))


@blueprint.post("/reminders/<int:schedule_id>/account-addresses")
@sign_in_required
def set_account_addresses(schedule_id: int):
    """Whether one reminder also goes to the addresses for all reminders."""
    schedule = own_schedule(schedule_id)
    form = AccountAddressesForm(prefix=f"account-{schedule.id}")
    if not form.validate():
        abort(400)
    if not form.enabled.data and not schedule.alexa_enabled and not schedule.notify_channels:
        flash(f"{display.title(schedule)} would go nowhere: turn Alexa on or add an address of its own first.",
              "error")
        return redirect(url_for("web.show_notifications", _anchor=f"reminder-{schedule.id}"))
    schedule.use_account_addresses = form.enabled.data
    schedule.updated_at = now()  # the worker reloads a schedule whose updated_at changed
    return _saved(schedule, f"{display.title(schedule)} {'also goes' if form.enabled.data else 'no longer goes'} "
                            "to your addresses for all reminders.")


@blueprint.post("/reminders/<int:schedule_id>/alexa")
@sign_in_required
def set_alexa(schedule_id: int):
    """Turn a reminder's Alexa delivery on or off."""
    schedule = own_schedule(schedule_id)
    form = AlexaForm(prefix=f"alexa-{schedule.id}")
    if form.validate():
        with refusal_shown_in(form.enabled.errors):
            update_schedule(db(), schedule, now(), alexa=form.enabled.data,
                            shared_addresses=shared_addresses(schedule))
            return _saved(schedule, f"Alexa reminders are {'on' if form.enabled.data else 'off'} "
                                    f"for {display.title(schedule)}.")
    return _page(alexa_forms={schedule.id: form})


@blueprint.post("/reminders/<int:schedule_id>/channels")
@sign_in_required
def add_channel(schedule_id: int):
    """Add an Apprise address to a reminder; one it already has is "Already added"."""
    schedule = own_schedule(schedule_id)
    form = ChannelForm(prefix=f"channel-{schedule.id}")
    if form.validate():
        url = form.url.data.strip()
        if url in {channel.apprise_url for channel in schedule.notify_channels}:
            return _saved(schedule, f"Already added: {masked_url(url)} gets {display.title(schedule)}.")
        urls = [channel.apprise_url for channel in schedule.notify_channels] + [url]
        with refusal_shown_in(form.url.errors):
            update_schedule(db(), schedule, now(), notify=urls)
            return _saved(schedule, f"Added {masked_url(url)} to {display.title(schedule)}.")
    return _page(channel_forms={schedule.id: form})


@blueprint.post("/channels/<int:channel_id>/delete")
@sign_in_required
def remove_channel(channel_id: int):
    """Remove an Apprise address from its reminder; "Undo" puts it back for a few minutes."""
    channel = _own_channel(channel_id)
    schedule = own_schedule(channel.schedule_id)
    urls = [other.apprise_url for other in schedule.notify_channels if other.id != channel.id]
    try:
        update_schedule(db(), schedule, now(), notify=urls, shared_addresses=shared_addresses(schedule))
    except ScheduleError as error:
        db().rollback()
        flash(str(error), "error")
        return redirect(url_for("web.show_notifications", _anchor=f"reminder-{schedule.id}"))
    keep_for_undo(schedule.id, channel.apprise_url)
    return _saved(schedule, f"Removed {masked_url(channel.apprise_url)} from {display.title(schedule)}.")


@blueprint.post("/notifications/undo")
@sign_in_required
def undo_remove():
    """Put back the address removed last, if that was a few minutes ago at most."""
    removed = undoable()
    forget_undo()
    if removed is None or request.form.get("token") != removed.token:
        flash("That address can no longer be put back; add it again instead.", "error")
        return redirect(url_for("web.show_notifications"))
    db().delete(removed)
    words = masked_url(removed.apprise_url)
    if removed.schedule_id is None:
        user = signed_in_user()
        if removed.apprise_url not in {address.apprise_url for address in user.account_addresses}:
            user.account_addresses.append(AccountAddress(apprise_url=removed.apprise_url, created_at=now()))
        db().commit()
        flash(f"Put back {words} for all reminders.")
        return redirect(url_for("web.show_notifications", _anchor=ALL_REMINDERS))
    schedule = own_schedule(removed.schedule_id)
    urls = [channel.apprise_url for channel in schedule.notify_channels]
    try:
        update_schedule(db(), schedule, now(), notify=list(dict.fromkeys(urls + [removed.apprise_url])))
    except ScheduleError as error:
        db().rollback()
        flash(str(error), "error")
        return redirect(url_for("web.show_notifications", _anchor=f"reminder-{schedule.id}"))
    return _saved(schedule, f"Put back {words} on {display.title(schedule)}.")


@blueprint.post("/channels/<int:channel_id>/test")
@sign_in_required
def test_channel(channel_id: int):
    """Queue a test notification (``web.trial_notifications``); the page shows how it went."""
    channel = _own_channel(channel_id)
    queued, message = services().trials.start(signed_in_user().id, channel.id, channel.apprise_url,
                                              masked_url(channel.apprise_url))
    flash(message, "message" if queued else "error")
    return redirect(url_for("web.show_notifications", _anchor=f"reminder-{channel.schedule_id}"))


@blueprint.post("/notifications/addresses/<int:address_id>/test")
@sign_in_required
def test_account_address(address_id: int):
    """Queue a test notification to an address for all reminders; its section shows how it went."""
    user = signed_in_user()
    address = next((address for address in user.account_addresses if address.id == address_id), None)
    if address is None:
        abort(404)
    queued, message = services().trials.start(user.id, ACCOUNT_TEST_KEY.format(address.id), address.apprise_url,
                                              masked_url(address.apprise_url))
    flash(message, "message" if queued else "error")
    return redirect(url_for("web.show_notifications", _anchor=ALL_REMINDERS))


def send_test_notification(url: str) -> None:
    """What the test button sends; runs on the test pool, never on a request thread."""
    AppriseChannel(url).deliver(TEST_MESSAGE)


def _page(alexa_forms: dict[int, AlexaForm] | None = None, channel_forms: dict[int, ChannelForm] | None = None,
          account_form: AddressForm | None = None):
    """The page with a form pair per reminder; a form that just failed keeps its input and errors."""
    alexa_forms, channel_forms = alexa_forms or {}, channel_forms or {}
    user = signed_in_user()
    sections = []
    for schedule in list_schedules(db(), user):
        sections.append({
            "schedule": schedule, "title": display.title(schedule),
            "alexa_form": alexa_forms.get(schedule.id)
            or AlexaForm(prefix=f"alexa-{schedule.id}", formdata=None, enabled=schedule.alexa_enabled),
            "account_form": AccountAddressesForm(prefix=f"account-{schedule.id}", formdata=None,
                                                 enabled=schedule.use_account_addresses),
            "channel_form": channel_forms.get(schedule.id)
            or ChannelForm(prefix=f"channel-{schedule.id}", formdata=None),
            "channels": [(channel.id, masked_url(channel.apprise_url)) for channel in schedule.notify_channels],
        })
    account = {"addresses": [(address.id, masked_url(address.apprise_url)) for address in user.account_addresses],
               "builders": builder_forms(ALL_REMINDERS, account_form)}
    return render_template("web/show_notifications.html", sections=sections, account=account,
                           undo=_undo_offer())


def _undo_offer() -> dict | None:
    """The "Undo" button's token, the address in words and the section it belongs in."""
    removed = undoable()
    if removed is None:
        return None
    place = ALL_REMINDERS if removed.schedule_id is None else f"reminder-{removed.schedule_id}"
    return {"token": removed.token, "address": masked_url(removed.apprise_url), "place": place}


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
