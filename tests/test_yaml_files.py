"""Every YAML file in the project loads through the strict loader (no YAML 1.1 booleans)."""
from __future__ import annotations

from pathlib import Path

import pytest

from foundations.yaml_loader import StrictYamlError, load_yaml, load_yaml_text

PROJECT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".venv", ".git", "node_modules", "var", "test-artifacts"}
YAML_FILES = sorted(
    path for path in PROJECT.rglob("*.yaml")
    if not SKIPPED_DIRS.intersection(path.relative_to(PROJECT).parts)
)


def test_project_has_yaml_files_to_check():
    assert len(YAML_FILES) >= 10


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(PROJECT)))
def test_yaml_file_loads_strictly(path):
    load_yaml(path)


@pytest.mark.parametrize("document", ["no: stop", "answer: no", "- on", "yes: 1", "1: one", "answer: Off"])
def test_strict_loader_refuses_yaml_1_1_booleans_and_non_string_keys(document):
    with pytest.raises(StrictYamlError):
        load_yaml_text(document)


def test_strict_loader_refuses_a_key_given_twice_in_one_mapping_naming_its_line():
    with pytest.raises(StrictYamlError, match="'list' at .*line 3"):
        load_yaml_text("reminders:\n  list: a\n  list:\n    pair: b")
    assert load_yaml_text("a:\n  list: 1\nb:\n  list: 2") == {"a": {"list": 1}, "b": {"list": 2}}


def test_strict_loader_keeps_quoted_words_and_real_booleans():
    assert load_yaml_text("'no': \"no\"\nflag: true") == {"no": "no", "flag": True}
