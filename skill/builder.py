"""The one ordered skill builder: specific handlers first, the catch-all last."""
from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from accounts.sign_in import SignIn
from knowledge.safety import RedFlagScreen
from skill.context import SkillContext
from skill.handlers.base import SpeechInterceptor
from skill.handlers.builtins import HelpIntentHandler, StopIntentHandler
from skill.handlers.coach import (
    LogWaterIntentHandler,
    SetWaterGoalIntentHandler,
    UndoWaterIntentHandler,
    WaterProgressIntentHandler,
)
from skill.handlers.coach_week import LogStretchIntentHandler, ReminderPaceIntentHandler, WeeklySummaryIntentHandler
from skill.handlers.follow_ups import (BreaksFollowUpHandler, FollowUpIntentHandler, VagueSymptomHandler,
                                      WhyFollowUpIntentHandler)
from skill.handlers.launch import LaunchRequestHandler
from skill.handlers.lifecycle import (
    CatchAllExceptionHandler,
    ExceptionEncounteredHandler,
    SessionEndedRequestHandler,
    UnhandledRequestHandler,
)
from skill.handlers.permissions import (AllowRemindersIntentHandler, ConnectionsResponseHandler,
                                        SpeakerOfferAnswerHandler, SpeakerOfferLaunchHandler)
from skill.handlers.questions import (
    ConceptQuestionHandler,
    CrampQuestionHandler,
    FallbackIntentHandler,
    NoIntentHandler,
    SearchQuestionHandler,
    YesIntentHandler,
)
from skill.handlers.reminders_create import CreateReminderIntentHandler, SetTimeZoneIntentHandler
from skill.handlers.reminders_manage import (
    DeleteAnswerHandler,
    DeleteReminderIntentHandler,
    ListRemindersIntentHandler,
    MissedRemindersIntentHandler,
    NextReminderIntentHandler,
    PauseReminderIntentHandler,
    ResumeReminderIntentHandler,
    SnoozeReminderIntentHandler,
)
from skill.handlers.safety import RedFlagHandler, UrgentNextStepsHandler
from skill.handlers.skill_events import MessageReceivedHandler, SkillDisabledEventHandler, SkillPermissionEventHandler
from skill.handlers.stretch import ListStretchesIntentHandler, ResumeStretchIntentHandler, StartStretchIntentHandler
from skill.handlers.stretch_carry_on import CarryOnInterceptor
from skill.handlers.stretch_navigation import (
    NextIntentHandler,
    PauseIntentHandler,
    PreviousIntentHandler,
    RepeatIntentHandler,
    StartOverIntentHandler,
    StretchStopIntentHandler,
)
from skill.handlers.stretch_offer import StretchOfferYesHandler
from skill.handlers.stretch_status import (
    CurrentStretchIntentHandler,
    StepsLeftIntentHandler,
    StretchFallbackIntentHandler,
    StretchHelpIntentHandler,
)
from skill.handlers.web_code import WebCodeIntentHandler
from skill.pending import PendingQuestionInterceptor
from skill.persistence import CommitSessionInterceptor, OpenUserSessionInterceptor


def build_skill(ctx: SkillContext, sign_in: SignIn) -> CustomSkill:
    """Build the skill. The skill ID is checked by the endpoint's verifiers (a 400, not a 500)."""
    builder = CustomSkillBuilder(api_client=ctx.api_client)
    red_flags = RedFlagScreen.load()
    for handler in (
        RedFlagHandler(ctx, red_flags),
        UrgentNextStepsHandler(ctx),
        # Reminders: answers to the skill's own last question first, then Alexa's events and callbacks.
        DeleteAnswerHandler(ctx),
        SpeakerOfferAnswerHandler(ctx),
        ConnectionsResponseHandler(ctx),
        SkillPermissionEventHandler(ctx),
        SkillDisabledEventHandler(ctx),
        MessageReceivedHandler(ctx),
        CreateReminderIntentHandler(ctx),
        SetTimeZoneIntentHandler(ctx),
        ListRemindersIntentHandler(ctx),
        AllowRemindersIntentHandler(ctx),
        NextReminderIntentHandler(ctx),
        MissedRemindersIntentHandler(ctx),
        PauseReminderIntentHandler(ctx),
        ResumeReminderIntentHandler(ctx),
        SnoozeReminderIntentHandler(ctx),
        DeleteReminderIntentHandler(ctx),
        # The habit coach: water and stretches logged, progress, goal, the week.
        LogWaterIntentHandler(ctx),
        UndoWaterIntentHandler(ctx),
        WaterProgressIntentHandler(ctx),
        SetWaterGoalIntentHandler(ctx),
        LogStretchIntentHandler(ctx),
        WeeklySummaryIntentHandler(ctx),
        ReminderPaceIntentHandler(ctx),
        # Stretch handlers come before the generic ones: inside a routine, "next", "stop",
        # "help" and misheard words belong to the routine.
        StartStretchIntentHandler(ctx),
        ListStretchesIntentHandler(ctx),
        ResumeStretchIntentHandler(ctx),
        NextIntentHandler(ctx),
        PreviousIntentHandler(ctx),
        RepeatIntentHandler(ctx),
        StartOverIntentHandler(ctx),
        BreaksFollowUpHandler(ctx),
        PauseIntentHandler(ctx),
        StretchStopIntentHandler(ctx),
        StepsLeftIntentHandler(ctx),
        CurrentStretchIntentHandler(ctx),
        StretchHelpIntentHandler(ctx),
        StretchFallbackIntentHandler(ctx),
        WebCodeIntentHandler(ctx, sign_in),
        SpeakerOfferLaunchHandler(ctx),
        LaunchRequestHandler(ctx),
        VagueSymptomHandler(ctx),
        CrampQuestionHandler(ctx),
        FollowUpIntentHandler(ctx),
        WhyFollowUpIntentHandler(ctx),
        ConceptQuestionHandler(ctx),
        SearchQuestionHandler(ctx),
        StretchOfferYesHandler(ctx),
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
    # First, so every reply (the exception handler's apology too) has the request's Speech.
    builder.add_global_request_interceptor(SpeechInterceptor(ctx))
    builder.add_global_request_interceptor(OpenUserSessionInterceptor(ctx))
    builder.add_global_request_interceptor(PendingQuestionInterceptor())
    builder.add_global_response_interceptor(CarryOnInterceptor(ctx, red_flags))
    builder.add_global_response_interceptor(CommitSessionInterceptor())
    return builder.create()
