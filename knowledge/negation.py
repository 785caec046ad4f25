"""Findings said not to be there: "he hasn't got a temperature", "no swelling", "without a fever".

Removed from what a person said before it is screened for red flags or searched for facts, so a
child's calf cramp "with no temperature or anything" is neither a febrile convulsion nor a
question about fever. Only findings are negated this way: "not responding" and "won't stop"
are signs in their own right.
"""
from __future__ import annotations

import re

NEGATED_FINDING = re.compile(
    r"\b(no|without|not|never|hasn'?t|has not|doesn'?t|does not|didn'?t|did not|isn'?t|wasn'?t|there'?s no)"
    r"( got| have| had| running| any| a| high| much| even)* "
    r"(fever|temperature|temp|feverish|swelling|swollen|redness|red|cut|wound|chest pain)\b")


def without_negated_findings(text: str) -> str:
    """``text`` (lower case) with every finding said not to be there taken out."""
    return NEGATED_FINDING.sub(" ", text)
