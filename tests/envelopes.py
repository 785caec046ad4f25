"""Realistic Alexa request envelopes from tests/fixtures/, loaded fresh for each test."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_envelope(name: str, now: datetime, **session_attributes) -> dict:
    """The fixture ``name`` with its timestamp set to ``now`` and optional session attributes."""
    envelope = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    envelope["request"]["timestamp"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    if session_attributes and "session" in envelope:
        envelope["session"]["new"] = False
        envelope["session"]["attributes"] = session_attributes
    return envelope


def speech_of(response_json: dict) -> str:
    return response_json["response"]["outputSpeech"]["ssml"]
