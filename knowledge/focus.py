"""What a question asks about, when it is something the articles never name.

"What actually is altitude sickness", "what's the best protein powder to have", "does
kinesiology tape do anything": the words after such an opener are the question's focus, and
when the facts use none of them (or not its head word: "magnesium spray" is a spray) the honest
answer is "the articles don't mention altitude sickness", not the nearest cramp fact.
"""
from __future__ import annotations

import re

from knowledge.answers import CRAMP_WORDS
from knowledge.negation import without_negated_findings
from knowledge.retrieval import FactIndex, tokens

# Where a question names what it is about: "what actually is altitude sickness", "what's the
# best protein powder to have", "does kinesiology tape do anything", "how much pickle juice
# should i", "how do i treat a sprained ankle". The focus runs to the first word of ``FOCUS_ENDS``.
FOCUS = re.compile(r"\b(what(?: actually| exactly)?(?:'s| is| are)(?: actually| exactly)?|tell me about|"
                   r"how do (?:i|you) (?:treat|cure|fix)|can you (?:recommend|suggest|find)(?: me)?|"
                   r"should (?:i|we|he|she) (?:take|try|use|have|buy|get)|how (?:much|many)|"
                   r"(?:does|do|is|are|would|will|can)(?=(?: \w+){1,5}(?: actually| really)? "
                   r"(?:do anything|any good|worth|work|safe|help|get rid|stop|cure|ease|fix)\b))"
                   r"(?: (?:a|an|the|my|your|some|those|these|that|this))?"
                   r"(?: (?:best|normal|good|right|healthy|usual))?"
                   r"(?: (?:thing|way|stuff) (?:for|to treat|to do for))?(?: (?:a|an|the|my))? (?P<focus>[a-z' ]+)")
# Cramps that are not a muscle's, which the articles never speak of.
OTHER_CRAMPS = re.compile(r"\b(period|menstrual|stomach|tummy|abdominal|belly|bowel) (cramps?|pains?|aches?)\b")
# Openers whose focus is the question's whatever else it names: "what is …", "tell me about
# …", "can you recommend …".
FOCUS_ALWAYS = ("what", "tell", "can")
# A search query starts after its carrier phrase, so its question word may be gone ("how {query}":
# "much pickle juice should i knock back").
DROPPED_OPENERS = ("how", "does", "should", "what", "can")
# Words that end a focus: "protein powder | to have after a workout", "kinesiology tape | do anything".
FOCUS_ENDS = frozenset("""to for after before with in on when if and or that so because while during do does
is are was any worth work works working safe from at like actually really the use should can help helps
get stop stops cure ease fix between i you he she it we they this that there meant supposed going able likely
""".split())


def uncovered_focus(index: FactIndex, text: str) -> str | None:
    """What a question asks about when it is something the articles never name ("altitude
    sickness", "protein powder", "magnesium spray": a kind of spray), else None. A focus that
    speaks of cramps is theirs, and so is a question that names a concept elsewhere, unless it
    asks what something is."""
    text = without_negated_findings(text.lower())
    other = OTHER_CRAMPS.search(text)
    if other:
        return other[0]  # "my daughter gets really bad period pains", "stomach cramps after dodgy chicken"
    said = [text, *(f"{word} {text}" for word in DROPPED_OPENERS)]
    for match in (match for text in said for match in FOCUS.finditer(text)):
        focus = _focus_of(match)
        if not focus or CRAMP_WORDS.search(focus):
            continue
        elsewhere = index.concepts_in(match.string.replace(focus, " "))
        if elsewhere and not match[1].startswith(FOCUS_ALWAYS):
            continue  # "i've got a trapped nerve … would changing my desk setup help": the nerve's
        content = tokens(focus)
        if index.concepts_in(focus):
            if content and not index.knows_any(content[-1]):
                return focus
        elif any(not index.knows_any(token) for token in content):
            return focus
    return None


def _focus_of(match: re.Match) -> str:
    """The words after a focus opener, up to the first of ``FOCUS_ENDS``."""
    words = match["focus"].split()
    end = next((position for position, word in enumerate(words) if word in FOCUS_ENDS), len(words))
    return " ".join(words[:end])
