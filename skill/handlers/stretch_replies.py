"""How the stretch handlers find the person's place and answer: a step, the wrap-up, the catalogue.

Every stretch answer that keeps listening goes through ``stretch_ask``, which marks the request
so the carry-on prompt (``stretch_carry_on``) leaves it alone.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from markupsafe import Markup

from habits.stretches import log_finished_routine
from skill.alexa_session import person_id, session_attributes
from skill.context import SkillContext
from skill.handlers.base import ask, speech_of
from skill.persistence import current_user, db_session
from skill.speech import spoken
from skill.stretch.progress import Position, remember_in_session, save_position, saved_position, session_position
from skill.stretch.screen import step_screen, supports_screen
from skill.stretch.ssml import step_ssml

# Request attribute set by every stretch answer, so the carry-on reminder leaves it alone.
STRETCH_HANDLED = "stretch_handled"


def stretch_ask(handler_input: HandlerInput, speech: Markup, reprompt: Markup) -> Response:
    """Ask, as a stretch answer."""
    handler_input.attributes_manager.request_attributes[STRETCH_HANDLED] = True
    return ask(handler_input, speech, reprompt)


def position_of(handler_input: HandlerInput, ctx: SkillContext) -> Position | None:
    """The routine position in this session, finished or not."""
    return session_position(session_attributes(handler_input), ctx.routines)


def active_position(handler_input: HandlerInput, ctx: SkillContext) -> Position | None:
    """The position in this session's routine while it is not finished."""
    position = position_of(handler_input, ctx)
    return position if position is not None and not position.finished else None


def saved_position_of(handler_input: HandlerInput, ctx: SkillContext) -> Position | None:
    """The unfinished routine saved for this user from an earlier session."""
    user = current_user(handler_input)
    return None if user is None else saved_position(db_session(handler_input), user.id, ctx.routines)


def go_to(handler_input: HandlerInput, ctx: SkillContext, position: Position, lead: Markup | None = None) -> Response:
    """Move to ``position``: remember and save it, then speak its step, or the wrap-up when finished."""
    remember_in_session(session_attributes(handler_input), position)
    user = current_user(handler_input)
    if user is not None:
        save_position(db_session(handler_input), user.id, position, ctx.clock())
    if position.finished:
        return _wrap_up(handler_input, ctx, position, lead)
    speech = speech_of(handler_input)
    if supports_screen(handler_input):
        handler_input.response_builder.add_directive(step_screen(position, speech))
    step = step_ssml(position.routine, position.index, speech)
    return stretch_ask(handler_input, spoken(lead, step), speech.say("stretch.step.reprompt"))


def stay(handler_input: HandlerInput, text: Markup) -> Response:
    """Answer without moving, and say how to carry on."""
    reprompt = speech_of(handler_input).say("stretch.step.reprompt")
    return stretch_ask(handler_input, spoken(text, reprompt), reprompt)


def outside_a_step(handler_input: HandlerInput, ctx: SkillContext, position: Position | None) -> Response:
    """A command about the step in progress with none in progress: no routine, or a finished one."""
    return no_routine(handler_input, ctx) if position is None else finished(handler_input, position)


def finished(handler_input: HandlerInput, position: Position) -> Response:
    say = speech_of(handler_input).say
    return stretch_ask(handler_input, say("stretch.finished", routine=position.routine.name),
                       say("stretch.wrap_up.reprompt"))


def no_routine(handler_input: HandlerInput, ctx: SkillContext) -> Response:
    """A routine command with no routine going: point to the saved one, or to how to start one."""
    say = speech_of(handler_input).say
    saved = saved_position_of(handler_input, ctx)
    if saved is None:
        speech = say("stretch.no_routine")
    else:
        speech = say("stretch.saved", routine=saved.routine.name, number=saved.number, total=saved.total)
    return stretch_ask(handler_input, speech, say("stretch.no_routine_reprompt"))


def catalogue(handler_input: HandlerInput, ctx: SkillContext, lead: Markup | None = None) -> Response:
    """The routines we have, by name, and a question which one to start."""
    say = speech_of(handler_input).say
    *others, last = [routine.name for routine in ctx.routines.all()]
    listed = spoken(spoken(*others, separator=", ") + ",", say("stretch.catalogue.and"), last) if others else last
    return stretch_ask(handler_input, spoken(lead, say("stretch.catalogue.list", routines=listed)),
                       say("stretch.catalogue.reprompt"))


def _wrap_up(handler_input: HandlerInput, ctx: SkillContext, position: Position, lead: Markup | None) -> Response:
    say = speech_of(handler_input).say
    routine = position.routine
    user = current_user(handler_input)
    if user is not None:
        log_finished_routine(db_session(handler_input), user.id, person_id(handler_input), routine.id, ctx.clock())
    speech = spoken(lead, say("stretch.wrap_up.done", routine=routine.name), routine.tip.say,
                    say("stretch.wrap_up.reminder"), say("stretch.wrap_up.close"))
    return stretch_ask(handler_input, speech, say("stretch.wrap_up.reprompt"))
