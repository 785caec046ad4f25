"""Requests that come without the user speaking: skill events and Skill Messaging callbacks.

``AlexaSkillEvent.SkillPermissionAccepted``/``SkillPermissionChanged`` say which permissions the
user granted (the reminders permission decides whether the Alexa channel may be used);
``AlexaSkillEvent.SkillDisabled`` deletes everything we keep about the user;
``Messaging.MessageReceived`` is Alexa calling back after ``reminders.alexa_sync`` sent a
message, with a token that lets us update or delete the user's Alexa reminders.
"""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from foundations.alexa_api import REMINDERS_SCOPE
from reminders.alexa_sync import SYNC_MESSAGE, apply_jobs, permission_changed
from reminders.user_deletion import delete_user
from skill.alexa_session import reminders_api
from skill.handlers.base import SkillRequestHandler
from skill.persistence import FIRST_VISIT, current_user, db_session

log = logging.getLogger(__name__)
PERMISSION_EVENTS = ("AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged")


class SkillPermissionEventHandler(SkillRequestHandler):
    """The user granted or withdrew permissions in the Alexa app."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_request_type(name)(handler_input) for name in PERMISSION_EVENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        body = handler_input.request_envelope.request.body
        scopes = {permission.scope for permission in (getattr(body, "accepted_permissions", None) or [])}
        user = current_user(handler_input)
        if user is not None:
            permission_changed(db_session(handler_input), user, REMINDERS_SCOPE in scopes)
        return handler_input.response_builder.response


class SkillDisabledEventHandler(SkillRequestHandler):
    """The user disabled the skill: their schedules, logs, channels and tokens go."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        user = current_user(handler_input)
        if user is not None:
            delete_user(db_session(handler_input), user)
        return handler_input.response_builder.response


class MessageReceivedHandler(SkillRequestHandler):
    """Alexa's callback for our Skill Messaging message: apply the user's queued reminder changes."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("Messaging.MessageReceived")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        message = handler_input.request_envelope.request.message or {}
        user = current_user(handler_input)
        if user is None or message.get("event") != SYNC_MESSAGE["event"]:
            log.info("ignored a Skill Messaging message: %s", sorted(message))
            return handler_input.response_builder.response
        result = apply_jobs(db_session(handler_input), user, reminders_api(handler_input),
                            user.locale or "en-US", self.ctx.clock())
        log.info("Alexa reminder sync: %d applied, %d to retry%s", result.applied, result.retrying,
                 ", permission missing" if result.needs_permission else "")
        if handler_input.attributes_manager.request_attributes.get(FIRST_VISIT):
            # The callback for a deleted account: its reminders are gone now, and so is the
            # bare user row this very request made for it.
            delete_user(db_session(handler_input), user)
        return handler_input.response_builder.response

