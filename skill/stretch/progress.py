"""Where a person is in a routine: in the session attributes while talking, and in the
``stretch_progress`` row between sessions (saved on every step change, because Alexa's
SessionEndedRequest carries no session attributes to save from).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from models import StretchProgress
from skill.stretch.routines import Routine, RoutineBook, Step

SESSION_ATTRIBUTE = "stretch"


@dataclass(frozen=True)
class Position:
    """A step of a routine; one past the last step means the routine is finished."""

    routine: Routine
    index: int

    @property
    def total(self) -> int:
        return len(self.routine.steps)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def finished(self) -> bool:
        return self.index >= self.total

    @property
    def step(self) -> Step:
        return self.routine.steps[self.index]

    @property
    def steps_after(self) -> int:
        return self.total - self.number


def session_position(attributes: dict, book: RoutineBook) -> Position | None:
    """The position kept in the session attributes, if it names a routine we still have."""
    saved = attributes.get(SESSION_ATTRIBUTE)
    if not isinstance(saved, dict):
        return None
    return _position(book, saved.get("routine"), saved.get("step"), allow_finished=True)


def remember_in_session(attributes: dict, position: Position) -> None:
    attributes[SESSION_ATTRIBUTE] = {"routine": position.routine.id, "step": position.index}


def saved_position(session: Session, user_id: int, book: RoutineBook) -> Position | None:
    """The unfinished routine saved for a user, if its routine still exists."""
    row = session.get(StretchProgress, user_id)
    if row is None:
        return None
    return resumable_position(book, row.routine_id, row.step_index)


def resumable_position(book: RoutineBook, routine_id: object, step_index: object) -> Position | None:
    """The unfinished position a saved routine and step name, if the routine still exists."""
    return _position(book, routine_id, step_index, allow_finished=False)


def save_position(session: Session, user_id: int, position: Position, now: datetime) -> None:
    """Save an unfinished position for the user; a finished routine leaves nothing to resume."""
    row = session.get(StretchProgress, user_id)
    if position.finished:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = StretchProgress(user_id=user_id)
        session.add(row)
    row.routine_id = position.routine.id
    row.step_index = position.index
    row.updated_at = now


def _position(book: RoutineBook, routine_id: object, index: object, allow_finished: bool) -> Position | None:
    routine = book.get(routine_id if isinstance(routine_id, str) else None)
    if routine is None or not isinstance(index, int) or index < 0:
        return None
    last = len(routine.steps) if allow_finished else len(routine.steps) - 1
    return Position(routine, min(index, last))

