"""A person's daily water goal, and whether the skill has asked them for one yet."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime


class WaterGoal(Base):
    __tablename__ = "water_goals"
    __table_args__ = (
        UniqueConstraint("user_id", "person_id", name="uq_water_goals_owner"),
        CheckConstraint("goal_ml > 0", name="goal_ml"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(255), default="")
    goal_ml: Mapped[int]
    chosen: Mapped[bool]
    """False while the goal is the default the skill fell back on after asking once."""
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
