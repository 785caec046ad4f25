"""The one ordered skill builder: specific handlers first, the catch-all last."""
from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder

from skill.context import SkillContext
from skill.handlers.builtins import FallbackIntentHandler, HelpIntentHandler, StopIntentHandler
from skill.handlers.launch import LaunchRequestHandler
from skill.handlers.lifecycle import (
    CatchAllExceptionHandler,
    ExceptionEncounteredHandler,
    SessionEndedRequestHandler,
    UnhandledRequestHandler,
)
from skill.handlers.questions import CrampQuestionHandler, NoIntentHandler, YesIntentHandler
from skill.handlers.safety import RedFlagHandler
from skill.persistence import CommitSessionInterceptor, OpenUserSessionInterceptor
from skill.safety import RedFlagMatcher


def build_skill(ctx: SkillContext) -> CustomSkill:
    """Build the skill. The skill ID is checked by the endpoint's verifiers (a 400, not a 500)."""
    builder = SkillBuilder()
    for handler in (
        RedFlagHandler(ctx, RedFlagMatcher.load()),
        LaunchRequestHandler(ctx),
        CrampQuestionHandler(ctx),
        YesIntentHandler(ctx),
        NoIntentHandler(ctx),
        HelpIntentHandler(ctx),
        StopIntentHandler(ctx),
        FallbackIntentHandler(ctx),
        SessionEndedRequestHandler(ctx),
        ExceptionEncounteredHandler(ctx),
        UnhandledRequestHandler(ctx),
    ):
        builder.add_request_handler(handler)
    builder.add_exception_handler(CatchAllExceptionHandler(ctx))
    builder.add_global_request_interceptor(OpenUserSessionInterceptor(ctx))
    builder.add_global_response_interceptor(CommitSessionInterceptor())
    return builder.create()
