"""The Alexa channel: the schedule's own Alexa reminder, which rings on the user's devices.

Alexa rings a skill's reminder by itself at each occurrence (``reminders.alexa_reminder`` gives
it the schedule's times), and a skill cannot make a device speak outside a session. So for the
worker, delivering on this channel means checking that the reminder is in place: it is logged
as sent, or failed when the user withdrew the permission. A schedule whose reminder is not on
the speaker (no permission, or made on the web and awaiting the user's yes) cannot deliver
there, and says why.
"""
from __future__ import annotations

from models import ReminderSchedule
from reminders.channels.base import PermanentDeliveryError, Unavailable
from reminders.messages import ReminderMessage


class AlexaReminderChannel:
    """One schedule's Alexa reminder."""

    def __init__(self, schedule: ReminderSchedule):
        self.schedule = schedule

    def deliver(self, message: ReminderMessage) -> None:
        if self.schedule.user.alexa_reminders_allowed is False:
            raise PermanentDeliveryError("Alexa reminders were turned off for Cramp Coach in the Alexa app")


def alexa_channel_for(schedule: ReminderSchedule, reference: str) -> AlexaReminderChannel | Unavailable:
    """The channel for the ``alexa`` key while the schedule has an Alexa reminder."""
    if schedule.alexa_alert_token:
        return AlexaReminderChannel(schedule)
    if schedule.user.alexa_reminders_allowed is False:
        return Unavailable("Alexa reminders are not allowed for Cramp Coach — allow them in the Alexa app")
    return Unavailable("not on your Alexa device yet — say 'Alexa, ask cramp coach to allow reminders'")
