"""Reminder texts: short, varied, and every tip backed by a quote from the seed sources."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from knowledge.safety import mentions_prescription
from models.reminder_schedule import KINDS
from reminders.messages import ReminderTexts
from tests.seeds import assert_quotes_its_seed

TEXTS = ReminderTexts.load()
START = datetime(2026, 6, 1, 6, 0, tzinfo=timezone.utc)


def test_every_kind_has_texts():
    assert set(TEXTS.kinds) == set(KINDS)


@pytest.mark.parametrize("tip", [tip for texts in TEXTS.kinds.values() for tip in texts.tips],
                         ids=[kind for kind, texts in TEXTS.kinds.items() for _ in texts.tips])
def test_every_tip_quotes_its_seed_source_verbatim(tip):
    assert_quotes_its_seed(tip.source, tip.quote)


def test_messages_are_short_enough_for_a_phone_notification():
    longest = max(len(f"{opener} — {tip.say}") for texts in TEXTS.kinds.values()
                  for opener in texts.openers for tip in texts.tips)
    assert longest <= 160


def test_messages_vary_between_occurrences_but_repeat_for_a_retry_of_the_same_one():
    bodies = {TEXTS.message_for("hydration", 7, START + timedelta(hours=2 * n)).body for n in range(20)}

    assert len(bodies) >= 5
    assert TEXTS.message_for("hydration", 7, START) == TEXTS.message_for("hydration", 7, START)


def test_hydration_message_pairs_an_opener_with_a_fluid_tip():
    body = TEXTS.message_for("hydration", 1, START).body

    opener, tip = body.split(" — ")
    assert opener in TEXTS.kinds["hydration"].openers
    assert tip in {tip.say for tip in TEXTS.kinds["hydration"].tips}


def test_no_reminder_text_names_a_prescription_drug_or_a_dose():
    texts = [line for kind in TEXTS.kinds.values() for line in (*kind.openers, *(tip.say for tip in kind.tips))]
    assert [text for text in texts if mentions_prescription(text)] == []
