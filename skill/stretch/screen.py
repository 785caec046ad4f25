"""The screen shown with each step on devices with a display (APL): routine, step, hold time."""
from __future__ import annotations

import json
from pathlib import Path

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from skill.speech import Speech
from skill.stretch.progress import Position

SCREEN_DOCUMENT = json.loads((Path(__file__).resolve().parent / "step_screen.json").read_text(encoding="utf-8"))
SCREEN_TOKEN = "stretchStep"


def supports_screen(handler_input: HandlerInput) -> bool:
    """True when the request's device lists Alexa.Presentation.APL in its supportedInterfaces."""
    device = getattr(getattr(handler_input.request_envelope.context, "system", None), "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def step_screen(position: Position, speech: Speech) -> RenderDocumentDirective:
    step = position.step
    return RenderDocumentDirective(token=SCREEN_TOKEN, document=SCREEN_DOCUMENT, datasources={
        "step": {
            "routine": position.routine.name.capitalize(),
            "progress": speech.display("stretch.screen.progress", number=position.number, total=position.total),
            "name": step.move.name.capitalize(),
            "text": step.move.say,
            "hold": _hold_text(position, speech),
        }
    })


def _hold_text(position: Position, speech: Speech) -> str:
    step = position.step
    if not step.move.hold:
        return speech.display("stretch.screen.untimed")
    if step.sides and step.repetitions > 1:
        return speech.display("stretch.screen.repeated_each_side", seconds=step.move.hold, count=step.repetitions)
    if step.sides:
        return speech.display("stretch.screen.each_side", seconds=step.move.hold)
    if step.repetitions > 1:
        return speech.display("stretch.screen.repeated", seconds=step.move.hold, count=step.repetitions)
    return speech.display("stretch.screen.timed", seconds=step.move.hold)
