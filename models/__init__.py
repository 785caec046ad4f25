"""Tables and database sessions, shared by the skill, the worker and the web pages."""
from models.base import Base
from models.user import User

__all__ = ["Base", "User"]
