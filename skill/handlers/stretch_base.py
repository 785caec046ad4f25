"""What every stretch handler shares: the routines, where the person is, how a step is spoken."""
from __future__ import annotations

from abc import abstractmethod

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from habits.stretches import log_finished_routine
from skill.context import SkillContext
from skill.handlers.base import SkillRequestHandler, ask, locale_of, session_attributes
from skill.handlers.coach_base import person_id
from skill.persistence import current_user, db_session
from skill.stretch.progress import Position, remember_in_session, save_position, saved_position, session_position
from skill.stretch.routines import RoutineBook
from skill.stretch.screen import step_screen, supports_screen
from skill.stretch.ssml import Say, step_ssml, text_ssml

# Request attribute set by every stretch handler, so the carry-on reminder leaves its answers alone.
STRETCH_HANDLED = "stretch_handled"


class StretchRequestHandler(SkillRequestHandler):
    """A stretch handler: subclasses implement ``respond``; ``handle`` marks the request as ours."""

    def __init__(self, ctx: SkillContext, routines: RoutineBook):
        super().__init__(ctx)
        self.routines = routines

    def handle(self, handler_input: HandlerInput) -> Response:
        handler_input.attributes_manager.request_attributes[STRETCH_HANDLED] = True
        return self.respond(handler_input)

    @abstractmethod
    def respond(self, handler_input: HandlerInput) -> Response:
        """The answer, once ``handle`` has marked the request."""

    def speaker(self, handler_input: HandlerInput) -> Say:
        locale = locale_of(handler_input)
        return lambda key, **values: self.ctx.say(key, locale, **values)

    def position(self, handler_input: HandlerInput) -> Position | None:
        """The routine position in this session, finished or not."""
        return session_position(session_attributes(handler_input), self.routines)

    def active(self, handler_input: HandlerInput) -> Position | None:
        """The position in this session's routine while it is not finished."""
        position = self.position(handler_input)
        return position if position is not None and not position.finished else None

    def saved(self, handler_input: HandlerInput) -> Position | None:
        """The unfinished routine saved for this user from an earlier session."""
        user = current_user(handler_input)
        return None if user is None else saved_position(db_session(handler_input), user.id, self.routines)

    def go_to(self, handler_input: HandlerInput, position: Position, lead: str = "") -> Response:
        """Move to ``position``: remember and save it, then speak its step, or the wrap-up when finished."""
        remember_in_session(session_attributes(handler_input), position)
        user = current_user(handler_input)
        if user is not None:
            save_position(db_session(handler_input), user.id, position, self.ctx.clock())
        say = self.speaker(handler_input)
        if position.finished:
            return self._wrap_up(handler_input, position, lead)
        if supports_screen(handler_input):
            handler_input.response_builder.add_directive(step_screen(position, say))
        step = step_ssml(position.routine, position.index, say)
        speech = f"{text_ssml(lead)} {step}" if lead else step
        return ask(handler_input, speech, text_ssml(say("stretch.step.reprompt")))

    def stay(self, handler_input: HandlerInput, text: str) -> Response:
        """Answer without moving, and say how to carry on."""
        reprompt = self.say(handler_input, "stretch.step.reprompt")
        return ask(handler_input, text_ssml(text, reprompt), text_ssml(reprompt))

    def finished(self, handler_input: HandlerInput, position: Position) -> Response:
        say = self.speaker(handler_input)
        return ask(handler_input, text_ssml(say("stretch.finished", routine=position.routine.name)),
                   text_ssml(say("stretch.wrap_up.reprompt")))

    def no_routine(self, handler_input: HandlerInput) -> Response:
        """A routine command with no routine going: point to the saved one, or to how to start one."""
        say = self.speaker(handler_input)
        saved = self.saved(handler_input)
        if saved is None:
            speech = say("stretch.no_routine")
        else:
            speech = say("stretch.saved", routine=saved.routine.name, number=saved.number, total=saved.total)
        return ask(handler_input, text_ssml(speech), text_ssml(say("stretch.no_routine_reprompt")))

    def catalogue(self, handler_input: HandlerInput, lead: str = "") -> Response:
        """The routines we have, by name, and a question which one to start."""
        say = self.speaker(handler_input)
        *others, last = [routine.name for routine in self.routines.all()]
        listed = f"{', '.join(others)}, {say('stretch.catalogue.and')} {last}" if others else last
        return ask(handler_input, text_ssml(lead, say("stretch.catalogue.list", routines=listed)),
                   text_ssml(say("stretch.catalogue.reprompt")))

    def _wrap_up(self, handler_input: HandlerInput, position: Position, lead: str) -> Response:
        say = self.speaker(handler_input)
        routine = position.routine
        user = current_user(handler_input)
        if user is not None:
            log_finished_routine(db_session(handler_input), user.id, person_id(handler_input), routine.id, self.ctx.clock())
        speech = text_ssml(lead, say("stretch.wrap_up.done", routine=routine.name), routine.tip.say,
                           say("stretch.wrap_up.reminder"), say("stretch.wrap_up.close"))
        return ask(handler_input, speech, text_ssml(say("stretch.wrap_up.reprompt")))


class CurrentStepHandler(StretchRequestHandler):
    """A command about the step in progress: needs a routine going, not yet finished."""

    def respond(self, handler_input: HandlerInput) -> Response:
        position = self.position(handler_input)
        if position is None:
            return self.no_routine(handler_input)
        if position.finished:
            return self.finished(handler_input, position)
        return self.respond_at(handler_input, position)

    @abstractmethod
    def respond_at(self, handler_input: HandlerInput, position: Position) -> Response:
        """The answer for the step at ``position``."""
