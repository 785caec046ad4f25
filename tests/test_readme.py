"""The README's commands work as written.

Every ``console`` block is a transcript: ``$ `` lines are run with bash, exactly as written, from
a temporary folder whose ``.venv`` is this interpreter's, against a fresh database; the lines
after each command must be its output, line for line (``…`` stands for any text). Every
``cramp-coach`` command shown in the other (``sh``) blocks must exist with the options shown.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cramp_coach.cli import build_parser
from foundations.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
COMMAND = ".venv/bin/cramp-coach"


@dataclass
class Step:
    command: str
    expected: list[str]


def blocks(kind: str) -> list[str]:
    return [body for language, body in BLOCK.findall(README.read_text(encoding="utf-8")) if language == kind]


def transcript(block: str) -> list[Step]:
    steps: list[Step] = []
    lines = iter(block.splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + next(lines)
            steps.append(Step(command, []))
        elif steps:
            steps[-1].expected.append(line)
    return steps


def matches(pattern: str, line: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("…"))
    return re.fullmatch(regex, line) is not None


def test_readme_has_transcripts_to_run():
    assert len(blocks("console")) >= 3


@pytest.mark.parametrize("number", range(len(blocks("console"))))
def test_readme_transcript_runs_as_written(number, tmp_path):
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    env = {**os.environ, "CRAMP_COACH_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    for name in ("CRAMP_COACH_PUBLIC_URL", "CRAMP_COACH_SKILL_ID", "CRAMP_COACH_VERIFY_REQUESTS"):
        env.pop(name, None)
    for step in transcript(blocks("console")[number]):
        result = subprocess.run(["bash", "-c", step.command], cwd=tmp_path, env=env, capture_output=True,
                                text=True, timeout=180)
        assert result.returncode == 0, f"{step.command}\n{result.stderr}"
        printed = result.stdout.splitlines()
        assert len(printed) == len(step.expected), f"{step.command}\n{result.stdout}"
        for pattern, line in zip(step.expected, printed):
            assert matches(pattern, line), f"{step.command}\nexpected: {pattern}\nprinted:  {line}"


def shown_commands() -> list[list[str]]:
    """``cramp-coach`` invocations in ``sh`` blocks, one per alternative of ``a|b|c``."""
    found = []
    for block in blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.startswith(COMMAND):
                continue
            words = shlex.split(line[len(COMMAND):].split(" # ")[0])
            if words and "|" in words[min(1, len(words) - 1)]:
                position = min(1, len(words) - 1)
                found += [words[:position] + [choice] + words[position + 1:] for choice in words[position].split("|")]
            else:
                found.append(words)
    return found


@pytest.mark.parametrize("words", shown_commands(), ids=" ".join)
def test_readme_command_exists_with_the_options_shown(words, capsys):
    commands = [word for word in words[:2] if re.fullmatch(r"[a-z]+", word)]
    while True:
        with pytest.raises(SystemExit) as exited:
            build_parser().parse_args([*commands, "--help"])
        if exited.value.code == 0 or len(commands) == 1:
            break
        commands = commands[:-1]
    assert exited.value.code == 0, words
    shown_help = capsys.readouterr().out
    for option in (word.split("=")[0] for word in words if word.startswith("--")):
        assert option in shown_help, f"{' '.join(commands)} has no {option}"
