"""Stretch routines as data: ``skill/stretch/routines.yaml``, loaded and validated once, at start.

A routine is a list of steps; each step uses a move (instruction, hold seconds, the seed
article it comes from) on one or both sides, one or more times.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foundations.yaml_loader import load_yaml

from knowledge.sources import SourcedLine

ROUTINES_FILE = Path(__file__).resolve().parent / "routines.yaml"
MAX_HOLD_SECONDS = 60
MAX_REPETITIONS = 5
KINDS = ("hold", "move")
SIDES = ("left", "right")


class RoutineError(ValueError):
    """The routines file is malformed; the service refuses to start."""


@dataclass(frozen=True)
class Move:
    id: str
    name: str
    say: str
    kind: str
    hold: int
    limb: str
    source: str
    quote: str


@dataclass(frozen=True)
class Step:
    move: Move
    sides: tuple[str, ...] = ()
    repetitions: int = 1

    @property
    def timed_seconds(self) -> int:
        """Seconds of timed holds in the step, over all sides and repetitions."""
        return self.move.hold * max(1, len(self.sides)) * self.repetitions


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    body_parts: tuple[str, ...]
    steps: tuple[Step, ...]
    tip: SourcedLine


class RoutineBook:
    """Every routine, by ID and by the body parts it stretches, plus the opening safety line."""

    def __init__(self, sources: dict[str, str], safety: SourcedLine, routines: dict[str, Routine]):
        self.sources = sources
        self.safety = safety
        self.routines = routines
        self._by_body_part = {part: routine for routine in routines.values() for part in routine.body_parts}

    @classmethod
    def load(cls, path: Path = ROUTINES_FILE) -> "RoutineBook":
        raw = load_yaml(path)
        sources = dict(raw.get("sources") or {})
        safety = _line(sources, "safety", raw.get("safety"))
        moves = {move_id: _move(sources, move_id, body) for move_id, body in (raw.get("moves") or {}).items()}
        routines = {routine_id: _routine(sources, moves, routine_id, body)
                    for routine_id, body in (raw.get("routines") or {}).items()}
        if not routines:
            raise RoutineError("no routines defined")
        claimed: dict[str, str] = {}
        for routine in routines.values():
            for part in routine.body_parts:
                if part in claimed:
                    raise RoutineError(f"body part {part} belongs to both {claimed[part]} and {routine.id}")
                claimed[part] = routine.id
        return cls(sources, safety, routines)

    def get(self, routine_id: str | None) -> Routine | None:
        return self.routines.get((routine_id or "").lower())

    def for_body_part(self, body_part_id: str | None) -> Routine | None:
        return self._by_body_part.get(body_part_id or "")

    def all(self) -> list[Routine]:
        return list(self.routines.values())

    def lines(self) -> list[SourcedLine | Move]:
        """Everything spoken as advice, each with its source and quote."""
        moves = {step.move for routine in self.routines.values() for step in routine.steps}
        return [self.safety, *sorted(moves, key=lambda move: move.id),
                *(routine.tip for routine in self.routines.values())]


def _line(sources: dict[str, str], where: str, body: object) -> SourcedLine:
    try:
        line = SourcedLine.from_entry(body)
    except (KeyError, TypeError, AttributeError) as error:
        raise RoutineError(f"{where}: needs say, source and quote") from error
    _check_source(sources, where, line.source)
    return line


def _move(sources: dict[str, str], move_id: str, body: dict) -> Move:
    try:
        move = Move(move_id, body["name"], " ".join(body["say"].split()), body["kind"], int(body["hold"]),
                    body["limb"], body["source"], body["quote"].strip())
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise RoutineError(f"move {move_id}: needs name, say, kind, hold, limb, source and quote") from error
    if move.kind not in KINDS:
        raise RoutineError(f"move {move_id}: kind must be one of {KINDS}")
    if not 0 <= move.hold <= MAX_HOLD_SECONDS:
        raise RoutineError(f"move {move_id}: hold must be 0 to {MAX_HOLD_SECONDS} seconds")
    _check_source(sources, f"move {move_id}", move.source)
    return move


def _routine(sources: dict[str, str], moves: dict[str, Move], routine_id: str, body: dict) -> Routine:
    steps = tuple(_step(moves, routine_id, step) for step in body.get("steps") or [])
    if not steps:
        raise RoutineError(f"routine {routine_id}: has no steps")
    try:
        name = body["name"]
    except KeyError as error:
        raise RoutineError(f"routine {routine_id}: needs a name") from error
    return Routine(routine_id, name, tuple(body.get("body_parts") or ()), steps,
                   _line(sources, f"routine {routine_id} tip", body.get("tip")))


def _step(moves: dict[str, Move], routine_id: str, body: dict) -> Step:
    move = moves.get(body.get("move"))
    if move is None:
        raise RoutineError(f"routine {routine_id}: unknown move {body.get('move')!r}")
    sides = tuple(body.get("sides") or ())
    repetitions = int(body.get("repetitions", 1))
    if any(side not in SIDES for side in sides) or len(set(sides)) != len(sides):
        raise RoutineError(f"routine {routine_id}: sides must be distinct, from {SIDES}")
    if not 1 <= repetitions <= MAX_REPETITIONS:
        raise RoutineError(f"routine {routine_id}: repetitions must be 1 to {MAX_REPETITIONS}")
    if move.hold == 0 and (sides or repetitions > 1):
        raise RoutineError(f"routine {routine_id}: untimed move {move.id} cannot have sides or repetitions")
    return Step(move, sides, repetitions)


def _check_source(sources: dict[str, str], where: str, source: str) -> None:
    if source not in sources:
        raise RoutineError(f"{where}: unknown source {source!r}")
