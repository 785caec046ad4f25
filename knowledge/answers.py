"""Composing an answer to the question actually asked, from the facts that match it.

A question names concepts (smoking, water pills), a body part or person, and asks whether
something causes cramps, helps, or what is known about it. The most specific facts come
first (those about the concept and little else, in the relation asked), within a spoken
budget; the answer leads with the answer ("Yes —", "No —") and, when the articles say
nothing about what was named, says so with the value named and gives what they do say. Free
text that matches no fact gets the topic its tags or cue words point to, or nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.base import Answer, Fact, KnowledgeBase
from knowledge.negation import without_negated_findings
from knowledge.retrieval import FactIndex, tokens

MAX_WORDS = 62
MAX_FACTS = 3
CAUSE, HELP, GENERAL = "cause", "help", "general"
# The relations that answer each kind of question, best first.
WANTED = {CAUSE: ("causes", "avoid", "warning_sign"), HELP: ("helps", "avoid"), GENERAL: ()}
# A help question whose best fact says "avoid" is answered "no"; a cause question's "avoid" is a "yes".
NEGATIVE = {HELP: ("avoid", "causes")}
# A question about cramps themselves, whatever else it names.
CRAMP_WORDS = re.compile(r"\b(cramp\w*|spasm\w*|twitch\w*|charl(ie|ey|y) horses?|"
                         r"(seiz(e|es|ed|ing)|lock(s|ed|ing)?|tight(en|ens|ened|ening)?|curl(s|ed|ing)?|"
                         r"knot(s|ted|ting)?) up|"
                         r"stuck bent|knotted|rock hard|(gone|went|going) into a claw|clawed|"
                         r"(goes|gone|went|going) (all )?(stiff|tight|hard|rigid))\b")
# Questions about animals: the articles are about people.
ANIMALS = re.compile(r"\b(dogs?|cats?|pupp(y|ies)|kittens?|pets?|hamsters?|rabbits?|ponies|pony|budgies?)\b")
# The answer to a question about cramps themselves that names nothing else.
CRAMP_TOPIC = {CAUSE: "causes", HELP: "relief", GENERAL: "what_is_spasm"}
# Kinds of concept (knowledge/concepts.yaml) that are things that may cause cramps.
CAUSE_KINDS = ("factor", "condition")
# The one content word a cramp question may add and still be about cramps alone ("long term").
PREVENT = tokens("prevent")[0]
# Tags that make a cramp question one of their own topic's: "why do i cramp in bed at night".
TAG_TOPICS = {"night": "night_cramps", "pregnant": "pregnancy", "doctor": "see_doctor"}
# Tags named in passing when a question asks what helps or why: "how do i stop a cramp at
# night" wants relief, "her doctor just shrugged so what's behind them" the causes.
PASSING_TAGS = {HELP: frozenset({"night", "doctor"}), CAUSE: frozenset({"doctor"}), GENERAL: frozenset()}
SPOKEN_WORD = re.compile(r"[a-z0-9']+")
# The one cue topic a question need not speak of cramps for ("how much should he be drinking").
HYDRATION = "hydration"
# Cue topics that ask why or what helps in general: the night or pregnancy named is more specific.
BROAD_CUES = frozenset({"causes", "relief", "prevention"})
# Cue topics that say what is asked whatever facts the other words match: whether to see a
# doctor, which one, what to take.
DECISIVE_CUES = frozenset({"see_doctor", "which_doctor", "medicine"})
# What helps right now.
RELIEF = "relief"
# What to take: a doctor or pharmacist decides, whatever else is named.
MEDICINE = "medicine"
# Of those, the ones that decide even over a concept named, in a question that asks neither why
# nor what helps: whether to see a doctor, and which.
DOCTOR_CUES = frozenset({"see_doctor", "which_doctor"})
# Tags that are people: a body part named with one picks the variant.
PEOPLE = frozenset({"man", "woman", "child", "pregnant", "athlete"})
# "What can she do", "what should we do about it", "how do i get it to …": asking what helps,
# whoever asks.
HELP_ASKED = re.compile(r"\bwhat (can|could|should|do|does|did) (i|you|he|she|we|they|one|people) do\b|"
                        r"\bhow (do|can|could|should) (i|you|he|she|we|they) (get|make) (it|them)\b")
# The answer to a cramp described in a body part that no fact matches better: what helps, or
# what causes it when that is asked.
DESCRIBED_TOPIC = {CAUSE: "causes", HELP: "relief", GENERAL: "relief"}
# The general answer given after "the articles don't mention X".
FALLBACK_TOPIC = {CAUSE: "causes", HELP: "relief", GENERAL: "prevention"}


@dataclass(frozen=True)
class Reply:
    """An answer, and the speech-catalogue key of its lead with the values to fill in."""

    answer: Answer
    lead_key: str | None = None
    lead_values: dict = field(default_factory=dict)


class Answerer:
    """Answers questions from one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, index: FactIndex | None = None):
        self.knowledge = knowledge
        self.index = index or FactIndex(knowledge)

    def topic(self, topic: str, variant: str | None = None, first: tuple[Fact, ...] = ()) -> Reply:
        """The topic's answer; ``first``, facts more specific to the question, lead it."""
        return Reply(_led_by(first, self.knowledge.answer(topic, variant)))

    def about(self, concepts: list[str], kind: str, variant: str | None = None,
              context: str | None = None) -> Reply | None:
        """The facts about ``concepts``; None when the articles say nothing about them. Among
        equally fitting facts, those of the ``context`` topic (the last answer's) come first:
        "and calcium" after the foods answer asks which foods."""
        facts = self._ranked(concepts, kind, variant, context)
        if not facts:
            return None
        wanted = WANTED[kind]
        lead = None
        if facts[0].relation in NEGATIVE.get(kind, ()):
            lead = "answers.lead.no"
        elif wanted and facts[0].relation in wanted:
            lead = "answers.lead.yes"
        topic = f"concept/{concepts[0]}"
        follow_up, offer = self.knowledge.follow_up(_follow_topic(facts[0]))
        return Reply(Answer(topic, concepts[0], _budget(facts), follow_up, offer), lead)

    def not_mentioned(self, value: str, kind: str) -> Reply:
        """"The articles don't mention coconut water; what they do say helps is …"."""
        general = self.knowledge.answer(FALLBACK_TOPIC[kind])
        facts = _budget(list(general.facts), MAX_WORDS - 16)
        answer = Answer(general.topic, general.variant, facts, general.follow_up, general.offer)
        return Reply(answer, f"answers.not_mentioned.{kind}", {"value": value})

    def search(self, text: str) -> Reply | None:
        """Free text (a search query or an unmatched slot value): concepts named outright, else
        the best-ranked facts; None when nothing scores above the threshold."""
        text = without_negated_findings(text.lower())
        concepts, unknown = self.index.understand(text)
        kind = kind_of(text)
        about_cramps = bool(CRAMP_WORDS.search(text))
        named = self.index.tags_in(text)
        if kind == HELP and not about_cramps and self._all_causes(concepts):
            return None  # "how do i cure a hangover" asks about curing the hangover, not cramps
        if ANIMALS.search(text):
            return None  # "my cat keeps twitching her back legs": the articles are about people
        cued = self._cued_topic(text, about_cramps)
        # "my toes have gone all twisted, what do i do": a cramp told by its body part
        if not about_cramps and self._cued_topic(text, True) == RELIEF and any(
                tag not in PEOPLE and tag not in TAG_TOPICS for tag in named):
            about_cramps, cued = True, RELIEF
        # "…most nights for a month and i'm exhausted, is it time to see somebody"
        if cued in DOCTOR_CUES and kind == GENERAL:
            return self.topic(cued, self._variant(cued, named))
        # Named outright: as many concepts as other words ("does coconut water help" is not),
        # or a cramp question whose other words are talk around the concept ("i started a statin
        # last month and my muscles have been cramping").
        if concepts and (len(unknown) <= len(concepts) or about_cramps and not self.index.modified_concept(text)):
            reply = self.about(concepts, kind, named[0] if named else None)
            if cued == MEDICINE and reply is not None:  # "how much magnesium should i take": who decides, first
                return Reply(_led_by(self.knowledge.answer(MEDICINE).facts[:1], reply.answer))
            return reply
        # About cramps and nothing else: "so what actually causes a cramp in the first place", "my
        # mum keeps asking why her muscles go into spasm", "what can i do long term"
        content = {token for token in tokens(text) if not self.index.is_tag_word(token)}
        if about_cramps and content <= {PREVENT}:
            return self._cramps_of(named, kind, prevent=bool(content))
        if cued in DECISIVE_CUES:  # "is it time to see somebody", "which doctor", "what can i take"
            return self.topic(cued, self._variant(cued, named))
        ranked = self.index.ranked(text)
        if not ranked:
            return self._last_resort(named, kind, about_cramps, cued)
        facts = [fact for _, fact in ranked]
        if about_cramps and named and kind != GENERAL and not any(fact.relation in WANTED[kind] for fact in facts):
            return self._cramps_of(named, kind)  # "…every night in bed, how do i get it to let go"
        follow_up, offer = self.knowledge.follow_up(_follow_topic(facts[0]))
        return Reply(Answer("search", "default", _budget(facts, MAX_WORDS, 2), follow_up, offer))

    def _last_resort(self, named: list[str], kind: str, about_cramps: bool, cued: str | None) -> Reply | None:
        """No fact shares the question's words: the topic of the night or pregnancy it names
        ("the cramps only come when i'm asleep why is that"), else the one its cue words point to
        ("how long is a cramp supposed to last"; what to take, always), else its body part's
        answer ("my fingers are stuck bent what do i do"); None when nothing points anywhere."""
        if cued is not None and cued not in BROAD_CUES:  # "…last night… how long do they normally last"
            return self.topic(cued, self._variant(cued, named))
        if about_cramps and any(tag in TAG_TOPICS for tag in named):
            return self._cramps_of(named, kind)
        if cued is not None:
            return self.topic(cued, self._variant(cued, named))
        if about_cramps and any(self.knowledge.has_variant(DESCRIBED_TOPIC[kind], tag) for tag in named):
            return self._cramps_of(named, kind)
        if about_cramps and kind in (CAUSE, HELP):  # "what brings on these horrible cramps of mine"
            return self.topic(CRAMP_TOPIC[kind])
        return None

    def _cramps_of(self, named: list[str], kind: str, prevent: bool = False) -> Reply:
        """A question about cramps that names nothing but body parts, people or the time of day:
        the answer of its kind ("why do my fingers cramp": causes; "my thigh is cramping":
        relief), the night's or pregnancy's when named, in the variant of what else it names."""
        tagged = next((TAG_TOPICS[tag] for tag in named if tag in TAG_TOPICS and tag not in PASSING_TAGS[kind]), None)
        if prevent:
            topic = "prevention"
        elif tagged is not None:
            topic = tagged
        elif any(self.knowledge.has_variant(DESCRIBED_TOPIC[kind], tag) for tag in named):
            topic = DESCRIBED_TOPIC[kind]
        else:
            topic = CRAMP_TOPIC[kind]
        # "his hands cramp at night": what the articles say of the hands at night first
        both = tuple(fact for tag in named if tag in TAG_TOPICS for part in named
                     if part not in PEOPLE and part not in TAG_TOPICS for fact in self.knowledge.about(part, tag))
        return self.topic(topic, self._variant(topic, named), first=both)

    def _variant(self, topic: str, named: list[str]) -> str | None:
        """The first tag named that the topic has a variant for, body parts before people ("my
        kid's leg": the leg's answer)."""
        return next((tag for tag in sorted(named, key=lambda tag: tag in PEOPLE)
                     if self.knowledge.has_variant(topic, tag)), None)

    def _cued_topic(self, text: str, about_cramps: bool) -> str | None:
        """The topic whose cues (``topics.yaml``) the question says most; in a question that does
        not speak of cramps, only how much to drink ("how much should my husband be drinking a
        day"): "can you get rid of hiccups" is not asking for relief from a cramp."""
        said = " " + " ".join(SPOKEN_WORD.findall(text)) + " "
        counts = {topic: sum(f" {cue} " in said for cue in cues)
                  for topic, cues in self.knowledge.topic_cues.items() if about_cramps or topic == HYDRATION}
        best = max(counts, key=counts.get, default=None)
        return best if best is not None and counts[best] else None

    def _all_causes(self, concepts: list[str]) -> bool:
        """Whether every concept named is something that may cause cramps (not a remedy)."""
        return bool(concepts) and all(self.knowledge.concepts[concept].kind in CAUSE_KINDS for concept in concepts)

    def _ranked(self, concepts: list[str], kind: str, variant: str | None, context: str | None) -> list[Fact]:
        wanted = WANTED[kind]
        scored = []
        for order, fact in enumerate(self.knowledge.facts):
            named = [concept for concept in concepts if concept in fact.about]
            if not named or variant in PEOPLE and variant not in fact.about and fact.about & PEOPLE:
                continue  # "how much water should a woman drink": not what men need
            relation_rank = wanted.index(fact.relation) if fact.relation in wanted else len(wanted)
            specific = 1.0 / len(fact.about)
            on_variant = 1 if variant and variant in fact.about else 0
            in_context = 1 if context and context in {name.partition("/")[0] for name in fact.topics} else 0
            scored.append((-len(named), relation_rank, -in_context, -on_variant, -specific, order, fact))
        return [entry[-1] for entry in sorted(scored, key=lambda entry: entry[:-1])]


def kind_of(text: str) -> str:
    """Whether free text asks what causes cramps, what helps, or neither."""
    words = f" {text.lower()} "
    if HELP_ASKED.search(words) or any(
            f" {word} " in words for word in ("help", "helps", "good", "stop", "stops", "relieve", "ease", "prevent",
                                              "get rid", "fix", "cure", "treat", "should i", "let go", "go away",
                                              "long term")):
        return HELP
    if any(f" {word} " in words for word in ("cause", "causes", "causing", "give", "gives", "giving", "bad", "trigger",
                                               "triggering", "make", "making",
                                               "makes", "linked", "link", "lead", "worse", "because", "why",
                                               "culprit", "culprits", "reason", "behind")):
        return CAUSE
    return GENERAL


def _follow_topic(fact: Fact) -> str:
    """The question area whose follow-up fits an answer that opens with ``fact``."""
    if fact.topics:
        return fact.topics[0]
    return {"causes": "causes", "avoid": "prevention", "helps": "relief", "warning_sign": "see_doctor",
            "see_doctor": "see_doctor", "what_it_is": "what_is_spasm"}[fact.relation]


def _led_by(first: tuple[Fact, ...], answer: Answer) -> Answer:
    """``answer`` with ``first`` ahead of its facts, within the spoken budget."""
    if not first:
        return answer
    return Answer(answer.topic, answer.variant, _budget([*first, *answer.facts]), answer.follow_up, answer.offer)


def _budget(facts: list[Fact], max_words: int = MAX_WORDS, max_facts: int = MAX_FACTS) -> tuple[Fact, ...]:
    """The leading facts that fit the spoken budget; always at least the first."""
    chosen: list[Fact] = []
    words = 0
    for fact in facts:
        size = len(fact.say.split())
        if chosen and (words + size > max_words or len(chosen) >= max_facts):
            break
        if fact.say not in {other.say for other in chosen}:
            chosen.append(fact)
            words += size
    return tuple(chosen)
