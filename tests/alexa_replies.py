"""What every reply of the skill is held to, wherever in the suite it comes from.

- It is a well-formed Alexa response: ``ask_sdk_model.ResponseEnvelope`` reads it and writes back
  exactly the same JSON (a field the model does not know, or of the wrong shape, is reported).
- Its SSML (speech and reprompt) is something Alexa will speak (``foundations.ssml.ssml_problems``):
  a heard word with ``&`` or ``<`` in it must reach the speech escaped.
- Session rule (certification): a reply that keeps the session open asks something (its last
  sentence is a question or a "say …" instruction) and has a reprompt; any other reply ends the
  session. Handing over to Alexa (``Connections.SendRequest``, ``Dialog.*``) is neither, and a
  ``SessionEndedRequest`` gets no speech at all.

``tests/conftest.py`` runs these checks on every ``POST /alexa`` the suite makes.
"""
from __future__ import annotations

import json
import re

from ask_sdk_core.serialize import DefaultSerializer

from foundations.ssml import plain_text, ssml_problems

RESPONSE_ENVELOPE = "ask_sdk_model.response_envelope.ResponseEnvelope"
HANDOVER_DIRECTIVES = ("Connections.", "Dialog.")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SAY = re.compile(r"\bsay\b", re.IGNORECASE)
_SERIALIZER = DefaultSerializer()


def speech_text(speech: dict | None) -> str:
    """An ``outputSpeech`` as plain text (SSML tags removed)."""
    if not speech:
        return ""
    if speech.get("type") == "SSML":
        return plain_text(speech.get("ssml", ""))
    return " ".join(str(speech.get("text", "")).split())


def last_sentence(text: str) -> str:
    sentences = [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]
    return sentences[-1] if sentences else ""


def asks_something(text: str) -> bool:
    """Ends with a question, or with an instruction of what to say."""
    last = last_sentence(text)
    return last.endswith("?") or bool(SAY.search(last))


def envelope_problems(body: dict) -> list[str]:
    """Differences after a round trip through ``ask_sdk_model.ResponseEnvelope``."""
    try:
        model = _SERIALIZER.deserialize(json.dumps(body), RESPONSE_ENVELOPE)
    except Exception as error:  # the SDK raises several kinds; any of them means malformed
        return [f"not a ResponseEnvelope: {error}"]
    again = _SERIALIZER.serialize(model)
    return [] if again == body else [f"ResponseEnvelope round trip changed it: {json.dumps(body)[:400]}"]


def speech_problems(body: dict) -> list[str]:
    """What Alexa could not speak in the reply's speech and reprompt."""
    response = body.get("response") or {}
    speeches = [response.get("outputSpeech"), (response.get("reprompt") or {}).get("outputSpeech")]
    return [f"SSML {problem}: {speech['ssml'][:200]!r}" for speech in speeches
            if speech and speech.get("type") == "SSML" for problem in ssml_problems(speech.get("ssml", ""))]


def session_problems(request: dict, body: dict) -> list[str]:
    """Where the reply breaks the session rule (empty when it keeps it)."""
    response = body.get("response") or {}
    speech = speech_text(response.get("outputSpeech"))
    request_type = (request.get("request") or {}).get("type")
    if request_type == "SessionEndedRequest":
        return [f"SessionEndedRequest answered with speech: {speech!r}"] if speech or response.get("reprompt") else []
    if response.get("shouldEndSession") is True:
        return []
    if any(directive.get("type", "").startswith(HANDOVER_DIRECTIVES) for directive in response.get("directives") or []):
        return []
    if not speech:
        return [] if request.get("session") is None else ["a silent reply keeps the session open"]
    if response.get("shouldEndSession") is not False or not response.get("reprompt"):
        return [f"neither asks with a reprompt nor ends the session: {speech!r}"]
    if not asks_something(speech):
        return [f"keeps the microphone open after a plain statement: {speech!r}"]
    return []


def reply_problems(request: dict, body: dict) -> list[str]:
    where = _described(request)
    problems = envelope_problems(body) + speech_problems(body) + session_problems(request, body)
    return [f"{where}: {problem}" for problem in problems]


def _described(request: dict) -> str:
    inner = request.get("request") or {}
    intent = (inner.get("intent") or {}).get("name")
    return f"{inner.get('type')}{f' {intent}' if intent else ''}"
