"""What ``POST /alexa`` refuses before the SDK sees a body, and how refusals are logged.

Before this, JSON nested 2,000 levels deep or an integer of more than 4,300 digits raised inside
``json.loads`` (``RecursionError``, ``ValueError``) and became a 500; an envelope without
``context.System`` reached the handlers with verification off; and every refusal logged a full
traceback (7,613 lines for 3,000 requests, issue 15). ``envelope_problem`` says in a few words
what is wrong with a body, or ``None``; ``quiet_rejection_logs`` turns the SDK adapter's
traceback for a refused request into one line.
"""
from __future__ import annotations

import json
import logging

from flask import Flask

MAX_DEPTH = 32
"""Alexa's envelopes nest about ten levels deep; far deeper is an attack, not a request."""
MAX_NUMBER_DIGITS = 64
_REFUSAL_MESSAGES = ("Request verification failed", "Skill dispatch exception")


class _Refused(ValueError):
    pass


def envelope_problem(body: bytes) -> str | None:
    """Why ``body`` is not an Alexa request envelope we will look at, or ``None`` if it may be."""
    try:
        envelope = json.loads(body.decode("utf-8"), parse_int=_small_int, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "request body is not JSON"
    except RecursionError:
        return "request JSON is nested too deeply"
    except (_Refused, ValueError) as refused:
        return str(refused) if isinstance(refused, _Refused) else "request body is not JSON"
    if _depth(envelope) > MAX_DEPTH:
        return "request JSON is nested too deeply"
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        return "request envelope has no request"
    if not isinstance(envelope["request"].get("type"), str):
        return "request has no type"
    context = envelope.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        return "request envelope has no context.System"
    system = context["System"]
    for part, key in (("application", "applicationId"), ("user", "userId")):
        if not isinstance(system.get(part), dict) or not isinstance(system[part].get(key), str):
            return f"request envelope has no context.System.{part}.{key}"
    if "session" in envelope and not isinstance(envelope["session"], (dict, type(None))):
        return "request session is not an object"
    return None


def quiet_rejection_logs(app: Flask) -> None:
    """Log each request the SDK adapter refuses as one line with the reason, no traceback."""
    app.logger.addFilter(_one_line_refusals)


def _one_line_refusals(record: logging.LogRecord) -> bool:
    if record.exc_info and record.getMessage() in _REFUSAL_MESSAGES:
        error = record.exc_info[1]
        record.msg, record.args = f"{record.getMessage()}: %s", (error,)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
    return True


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(f"request JSON has a number longer than {MAX_NUMBER_DIGITS} digits")
    return int(text)


def _no_constant(text: str) -> float:
    raise _Refused(f"request JSON has {text}, which is not JSON")


def _depth(value: object) -> int:
    """How deeply containers nest in a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest
