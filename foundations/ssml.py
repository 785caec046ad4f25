"""Checks that SSML is something Alexa will speak: well-formed, supported tags, short breaks."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

# Tags Alexa's custom skills accept (developer.amazon.com "Speech Synthesis Markup Language
# (SSML) Reference"); "amazon:*" tags appear namespaced in the parsed tree.
SUPPORTED_TAGS = {
    "speak", "break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub",
    "voice", "w", "audio", "amazon:domain", "amazon:effect", "amazon:emotion", "alexa:name",
}
MAX_BREAK_SECONDS = 10.0
MAX_SSML_CHARACTERS = 8000
AMAZON_NAMESPACE = "http://www.amazon.com/ssml"
# <alexa:name> greets a recognised speaker by name (personalization); declared here so it parses.
ALEXA_NAMESPACE = "http://www.amazon.com/alexa/ssml"
_DECLARED = f'<speak xmlns:amazon="{AMAZON_NAMESPACE}" xmlns:alexa="{ALEXA_NAMESPACE}">'
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


def ssml_problems(ssml: str) -> list[str]:
    """Everything wrong with an SSML document; an empty list means Alexa will speak it."""
    problems = []
    if len(ssml) >= MAX_SSML_CHARACTERS:
        problems.append(f"{len(ssml)} characters, the limit is {MAX_SSML_CHARACTERS}")
    declared = ssml.replace("<speak>", _DECLARED, 1)
    try:
        root = ElementTree.fromstring(declared)
    except ElementTree.ParseError as error:
        return problems + [f"not well-formed: {error}"]
    if root.tag != "speak":
        problems.append("root element is not <speak>")
    for element in root.iter():
        tag = element.tag.replace(f"{{{AMAZON_NAMESPACE}}}", "amazon:").replace(f"{{{ALEXA_NAMESPACE}}}", "alexa:")
        if tag not in SUPPORTED_TAGS:
            problems.append(f"unsupported tag <{tag}>")
        if tag == "break" and "time" in element.attrib:
            seconds = break_seconds(element.attrib["time"])
            if seconds is None or seconds > MAX_BREAK_SECONDS:
                problems.append(f"break of {element.attrib['time']!r} (at most {MAX_BREAK_SECONDS:g}s)")
    return problems


def break_seconds(value: str) -> float | None:
    match = _DURATION.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    return number / 1000 if unit == "ms" else number


def plain_text(ssml: str) -> str:
    """The words of an SSML document, tags removed and entities unescaped."""
    try:
        root = ElementTree.fromstring(ssml.replace("<speak>", _DECLARED, 1))
    except ElementTree.ParseError:
        return re.sub(r"<[^>]+>", " ", ssml)
    return " ".join("".join(root.itertext()).split())
