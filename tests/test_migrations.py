"""The migrations build exactly the schema the models describe."""
from alembic import command
from sqlalchemy import inspect

from models.database import alembic_config, make_engine


def test_migrated_schema_matches_models_with_nothing_left_to_autogenerate(database_url):
    command.check(alembic_config(database_url))


def test_migrated_database_has_users_table_with_unique_alexa_user_id(database_url):
    engine = make_engine(database_url)
    try:
        constraints = inspect(engine).get_unique_constraints("users")
    finally:
        engine.dispose()
    assert any(c["column_names"] == ["alexa_user_id"] for c in constraints)
