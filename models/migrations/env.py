"""Alembic environment. The URL comes from the config (set by ``models.database.migrate``),
or from ``CRAMP_COACH_DATABASE_URL`` when the ``alembic`` command is run by hand."""
import os

from alembic import context

from models import Base
from models.base import UtcDateTime
from models.database import make_engine

config = context.config
target_metadata = Base.metadata
database_url = os.environ.get("CRAMP_COACH_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
if config.attributes.get("database_url"):
    database_url = config.attributes["database_url"]


def render_item(type_, obj, autogen_context):
    """Render our UTC column type as the plain SQL type it stores."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(url=database_url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, render_item=render_item)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=True, render_item=render_item)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
