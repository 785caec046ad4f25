"""Finding the facts a free-form question is about: concepts named in it, then BM25 ranking.

Words are lower-cased, function words dropped and the rest stemmed with the Snowball English
stemmer, so "cigarettes" and "cigarette" are one word. A phrase of a concept's words
("water pills", "a cold bedroom") names that concept. Every fact is a BM25 document made of its
sentence, its quote and the words of what it is about; a question ranks them with
``rank_bm25``'s Okapi BM25, and only matches above ``MIN_SCORE`` that share two of the
question's words count, so an unrelated question finds nothing rather than the nearest fact.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from rank_bm25 import BM25Okapi

from knowledge.base import Fact, KnowledgeBase

MIN_SCORE = 7.5
MIN_SHARED_WORDS = 2
UNKNOWN_SHARE = 2  # a question half of whose words no fact uses is about something else
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which fact is meant: function words, and the words of every
# cramp question ("cramp", "muscle", "cause") that would otherwise rank any fact.
STOPWORDS = frozenset("""
a about after again all also am an and any are as at be been being but by can could did do does
doing for from get gets getting give gives go going got had has have having he her him his how i if
in into is it its just know like make makes me might more most much my no not now of off on once
one only or other our out over own please really say should so some still such tell than that the
their them then there these they thing things this those through to too up us very was way we
well were what when where which while who why will with would you your yeah um uh okay ok hey
alexa cramp cramps cramping cramped spasm spasms muscle muscles cause causes caused causing
question wonder wondering help helps bad good
actually anyone anything ever every first place kind sort lot lots many much need needs went gone
keep keeps kept let lets im ive id dont doesnt isnt wont cant s t re ve ll d m always usually
sometimes often again anyway maybe guess think thought feel feels felt seem seems someone somebody
something ok alright right sure thing stuff whats hows whys theres thats quickest fastest best
quick quickly fast same different difference usual culprit culprits reason reasons ask asks asking asked
chronic severe mild awful terrible constant real away each per mean meaning means exactly word called call
tip tips advice idea supposed basically literally seriously honestly apparently reckon reckons
plain english simple terms actual main she
""".split())
# Words of an amount ("4 hours sleep", "enough iron") rather than a kind of thing ("coconut water").
AMOUNTS = frozenset({"minut", "hour", "day", "week", "month", "year", "enough", "extra", "low", "high", "less"})
# Everyday words for what the facts say in other words: each is read as the word after it.
SAME_AS = {
    "pee": "urine", "wee": "urine", "angry": "anger", "panicky": "panic",
    "panicking": "panic", "anxious": "anxiety", "stressed": "stress", "operation": "surgery",
    "operated": "surgery", "twitchy": "twitching", "twitch": "twitching", "powerlifting": "weightlifting",
    "gym": "training", "jog": "running", "jogging": "running", "marathon": "running",
    "lake": "cold", "sea": "cold", "freezing": "cold", "chilly": "cold", "boiling": "hot", "scorching": "hot",
    "kid": "child", "kids": "child", "toddler": "child", "baby": "child", "colour": "colorless",
    "color": "colorless", "department": "orthopaedics", "specialist": "neurologist",
    "coding": "typing", "programming": "typing", "programmer": "typing", "embroidery": "needlework",
    "kip": "sleep", "lounging": "inactivity", "sofa": "sitting", "couch": "sitting", "driver": "driving",
    "lorry": "driving", "trucker": "driving", "cuff": "cuffs", "anaemic": "anemia", "anemic": "anemia", "anaemia": "anemia",
    "pees": "urine", "clear": "colorless", "flew": "flying", "knits": "knitting", "gymnastics": "exercise",
    "squash": "exercise", "soccer": "exercise", "football": "exercise", "deadlifts": "weightlifting",
    "squats": "weightlifting", "cycling": "exercise", "swimming": "exercise",
    "litres": "liters", "litre": "liter", "woken": "wake", "woke": "wake",
}
# Everyday phrases for a concept's or a fact's words, read before the words are split.
SAME_AS_PHRASE = {"blood flow": "circulation", "behind the wheel": "driving", "trapped a nerve": "pinched nerve",
                  "trapped nerve": "pinched nerve", "long term": "prevent", "in the long run": "prevent",
                  "for good": "prevent", "shirt cuff": "cuffs", "shirt cuffs": "cuffs",
                  # tonic, the kind of spasm, is not tonic water (the fizzy-drinks concept)
                  "tonic cramp": "tonicspasm cramp", "tonic cramps": "tonicspasm cramps",
                  "tonic spasm": "tonicspasm spasm", "tonic spasms": "tonicspasm spasms",
                  "tonic or clonic": "tonicspasm or clonic", "tonic and clonic": "tonicspasm and clonic",
                  "tonic muscle": "tonicspasm muscle", "fluid tablets": "water pills", "water tablets": "water pills",
                  "face down": "on my stomach", "panic attacks": "panic", "panic attack": "panic"}
_SAME_AS_PHRASE = re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in SAME_AS_PHRASE) + r")\b")
# Someone's age ("my seven year old"): who is asking about, not words to match ("four years old").
_AGE = re.compile(r"\b([a-z0-9]+[- ])?(year|month|week)s?[- ]olds?\b")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _words(text: str) -> list[str]:
    text = _SAME_AS_PHRASE.sub(lambda match: SAME_AS_PHRASE[match[1]], _AGE.sub(" ", text.lower()))
    return [SAME_AS.get(word, word) for word in _WORD.findall(text.replace("'", ""))]


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    return [_stem(word) for word in _words(text) if word not in STOPWORDS]


def all_stems(text: str) -> list[str]:
    """Every word of ``text`` stemmed, function words kept (for phrase matching)."""
    return [_stem(word) for word in _words(text)]


class FactIndex:
    """The facts, indexed for concept lookup and BM25 ranking; built once per knowledge base."""

    def __init__(self, knowledge: KnowledgeBase):
        self.knowledge = knowledge
        self.facts = list(knowledge.facts)
        self._phrases: list[tuple[tuple[str, ...], str]] = sorted(
            ((tuple(all_stems(word)), concept.id) for concept in knowledge.concepts.values()
             for word in concept.words + (concept.id.replace("_", " "),) if all_stems(word)),
            key=lambda pair: -len(pair[0]))
        self._tag_phrases: list[tuple[tuple[str, ...], str]] = sorted(
            ((tuple(all_stems(word)), tag) for tag, words in knowledge.tag_words.items() for word in words
             if all_stems(word)), key=lambda pair: -len(pair[0]))
        self._known = frozenset(stem for words in knowledge.tag_words.values() for word in words
                                for stem in tokens(word))
        documents = [tokens(" ".join([fact.say, fact.quote or ""] + self._tag_words(fact))) for fact in self.facts]
        self._bm25 = BM25Okapi(documents)
        self._vocabularies = [frozenset(document) for document in documents]

    def _tag_words(self, fact: Fact) -> list[str]:
        words = []
        for tag in sorted(fact.about):
            concept = self.knowledge.concepts.get(tag)
            words += list(concept.words) if concept else [tag]
        return words

    def understand(self, text: str) -> tuple[list[str], list[str]]:
        """The concepts ``text`` names, and its content words that are neither a concept's nor
        a body part's, a person's or the time of day's: "coconut water" is water plus "coconut"."""
        concepts, covered = self._concepts_at(text)
        stems = all_stems(text)
        return concepts, [stems[position] for position in self._unknown_positions(text, covered)]

    def modified_concept(self, text: str, noun_phrase: bool = False) -> bool:
        """Whether an unknown word stands right before a concept's words, making it something
        else: "coconut water" is not water, where in "i started a statin last month" the unknown
        words are talk around the statin. In a ``noun_phrase`` (a slot value) an unknown word
        right after them is its head: "apple cider vinegar" is vinegar."""
        _, covered = self._concepts_at(text)
        stems = all_stems(text)

        def qualifies(position: int, concept_position: int) -> bool:
            return (concept_position in covered and stems[concept_position] not in STOPWORDS
                    and not stems[position].isdigit() and stems[position] not in AMOUNTS)

        return any(qualifies(position, position + 1) or noun_phrase and qualifies(position, position - 1)
                   for position in self._unknown_positions(text, covered))

    def _unknown_positions(self, text: str, covered: set[int]) -> list[int]:
        content = set(tokens(text))
        return [position for position, stem in enumerate(all_stems(text))
                if position not in covered and stem in content and stem not in self._known]

    def knows_any(self, text: str) -> bool:
        """Whether any content word of ``text`` is one the facts, concepts or tags use:
        "arthritis" and "hiccups" are in none of them."""
        return bool(self.concepts_in(text)) or any(
            stem in self._bm25.idf or stem in self._known for stem in tokens(text))

    def is_tag_word(self, token: str) -> bool:
        """Whether a stemmed word names a body part, a person or a time of day ("mum", "calf")."""
        return token in self._known

    def tags_in(self, text: str) -> list[str]:
        """Body parts, people and times of day the text names ("my neck", "my kid"), in order."""
        stems = all_stems(text)
        found = [(start, tag) for phrase, tag in self._tag_phrases
                 for start in range(len(stems) - len(phrase) + 1) if tuple(stems[start:start + len(phrase)]) == phrase]
        return list(dict.fromkeys(tag for _, tag in sorted(found)))

    def concepts_in(self, text: str) -> list[str]:
        """Concepts the text names, longest phrase first, each once, in order of appearance."""
        return self._concepts_at(text)[0]

    def _concepts_at(self, text: str) -> tuple[list[str], set[int]]:
        stems = all_stems(text)
        found: list[tuple[int, str]] = []
        taken: set[int] = set()
        for phrase, concept in self._phrases:
            for start in range(len(stems) - len(phrase) + 1):
                span = set(range(start, start + len(phrase)))
                if tuple(stems[start:start + len(phrase)]) == phrase and not span & taken:
                    taken |= span
                    found.append((start, concept))
        return list(dict.fromkeys(concept for _, concept in sorted(found))), taken

    def ranked(self, text: str, limit: int = 3) -> list[tuple[float, Fact]]:
        """The facts that answer ``text`` best, above the threshold only."""
        query = tokens(text)
        unknown = [token for token in query if token not in self._bm25.idf]
        if not query or len(unknown) * UNKNOWN_SHARE >= len(query):
            return []  # "arthritis in my knees": what the question is about is in no fact
        scores = self._bm25.get_scores(query)
        order = sorted(range(len(self.facts)), key=lambda index: scores[index], reverse=True)
        return [(float(scores[index]), self.facts[index]) for index in order[:limit]
                if scores[index] >= MIN_SCORE and self._covers(index, query)]

    def _covers(self, index: int, query: list[str]) -> bool:
        """Whether the fact uses two of the question's words (its only word, if it has one): one
        rare word in common ("fix" in "can yoga fix my posture", "syndrome" in "restless legs
        syndrome") is chance."""
        distinct = set(query)
        return len(distinct & self._vocabularies[index]) >= min(MIN_SHARED_WORDS, len(distinct))
