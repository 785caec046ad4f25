"""Words as the simulator's NLU sees them: spoken forms normalised, word forms stemmed.

Both the interaction model's samples and the person's utterance go through the same
functions, so "cramping calves" and "calf cramps" come out as the same words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from foundations.yaml_loader import load_yaml

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"

_CONTRACTIONS = [
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"), (r"'re\b", " are"), (r"'m\b", " am"), (r"'ll\b", " will"),
    (r"'ve\b", " have"), (r"'d\b", " would"), (r"\blet's\b", "let us"),
    (r"\b(what|where|when|who|how|why|it|that|there|here|he|she|this)'s\b", r"\1 is"),
    (r"'s\b", ""), (r"s'(\s|$)", r"s\1"), (r"\bgonna\b", "going to"), (r"\bwanna\b", "want to"),
]
_CONTRACTION_PATTERNS = [(re.compile(pattern), replacement) for pattern, replacement in _CONTRACTIONS]
_WORD = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
_PLACEHOLDER = re.compile(r"(\{\w+\})")

_UNITS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {word: 10 * (index + 2) for index, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000}


@dataclass(frozen=True)
class Lexicon:
    """Word forms, equivalent phrases and function words (``lexicon.yaml``)."""

    irregular: dict[str, str]
    equivalents: dict[tuple[str, ...], str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = load_yaml(LEXICON_FILE)
    rules_only = Lexicon({}, {}, frozenset())
    # "had" -> "have" must come out as "have" does after the suffix rules ("hav")
    irregular = {str(word): stem(str(form), rules_only) for word, form in raw["irregular"].items()}
    partial = Lexicon(irregular, {}, frozenset())
    equivalents = {}
    for canonical, phrases in raw["equivalents"].items():
        for phrase in phrases:
            equivalents[tuple(stem(word, partial) for word in words(str(phrase)))] = stem(canonical, partial)
    stopwords = frozenset(stem(str(word), partial) for word in raw["stopwords"])
    return Lexicon(irregular, equivalents, stopwords)


def words(text: str) -> list[str]:
    """Lower-case spoken words: contractions expanded, punctuation dropped, numbers as digits.

    ``{slot}`` placeholders of sample utterances are kept as they are.
    """
    tokens: list[str] = []
    for part in _PLACEHOLDER.split(text):
        if _PLACEHOLDER.fullmatch(part):
            tokens.append(part)
            continue
        part = part.lower().replace("’", "'").replace("‘", "'")
        for pattern, replacement in _CONTRACTION_PATTERNS:
            part = pattern.sub(replacement, part)
        tokens += _numbers_as_digits(_WORD.findall(part.replace("-", " ")))
    return tokens


def _numbers_as_digits(tokens: list[str]) -> list[str]:
    result: list[str] = []
    current: int | None = None
    for token in tokens:
        amount = _UNITS.get(token, _TENS.get(token))
        if amount is not None:
            if current is not None and _joins(current, amount):
                current += amount
            else:
                result += [] if current is None else [str(current)]
                current = amount
        elif token in _SCALES and current is not None and current < _SCALES[token]:
            current *= _SCALES[token]
        else:
            result += ([] if current is None else [str(current)]) + [token]
            current = None
    return result + ([] if current is None else [str(current)])


def _joins(current: int, amount: int) -> bool:
    """Whether a number word continues the number before it ("twenty" + "five")."""
    low = current % 100
    if current >= 100 and low == 0:
        return amount < 100
    return 20 <= low and low % 10 == 0 and amount < 10


def stem(word: str, lex: Lexicon | None = None) -> str:
    """A light English stemmer: "cramping", "cramped" and "cramps" all become "cramp"."""
    lex = lex or lexicon()
    if word in lex.irregular:
        return lex.irregular[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith(("ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and not word.endswith("eed") and len(word) >= 5:
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


_LAUNCH_VERBS = r"(?:open|start|launch|begin|load|run|use|play|enable|talk to|speak to|go to|ask|tell)"


@lru_cache(maxsize=8)
def _invocation_patterns(invocation_name: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    name = r"(?:the )?" + r" ".join(re.escape(word) for word in invocation_name.split())
    prefix = re.compile(
        rf"^(?:(?:ask|tell|talk to|speak to) {name}(?: (?:to|for|about|if|whether|that))?"
        rf"|(?:open|start|launch|begin|load|run|use) {name}(?: (?:and then|and|to|then))?) "
    )
    suffix = re.compile(rf" (?:using|with|from|on|via|in|by) {name}$")
    launch = re.compile(rf"^(?:{_LAUNCH_VERBS} )?{name}(?: please)?$")
    return prefix, suffix, launch


def strip_invocation(utterance: str, invocation_name: str) -> str | None:
    """The request inside "Alexa, ask cramp coach …"-style wrappers; ``None`` means open the skill."""
    text = " ".join(words(utterance))
    text = re.sub(r"^(?:hey |ok |okay )?alexa ", "", text + " ").strip()
    if not text:
        return None
    prefix, suffix, launch = _invocation_patterns(invocation_name)
    if launch.match(text):
        return None
    text = suffix.sub("", prefix.sub("", text + " ").strip())
    return text.strip() or None
