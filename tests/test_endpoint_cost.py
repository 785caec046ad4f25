"""What a request costs the database: a user seen within the minute is known without a query."""
from __future__ import annotations

from sqlalchemy import event, select

from models import User
from tests.envelopes import load_envelope, speech_of


def post(client, envelope: dict) -> dict:
    response = client.post("/alexa", json=envelope)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def statements(app) -> list[str]:
    seen: list[str] = []
    event.listen(app.extensions["cramp_coach"]["engine"], "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: seen.append(statement))
    return seen


def test_a_question_from_a_user_seen_this_minute_costs_no_database_statement(app, client, clock):
    post(client, load_envelope("launch_request", clock()))
    seen = statements(app)
    clock.advance(seconds=30)
    answer = post(client, load_envelope("causes_intent", clock()))
    assert "dehydrat" in speech_of(answer)
    assert seen == []


def test_after_a_minute_the_user_row_is_checked_again_and_last_seen_written(app, client, clock, db_session):
    post(client, load_envelope("launch_request", clock()))
    seen = statements(app)
    clock.advance(minutes=2)
    post(client, load_envelope("causes_intent", clock()))
    assert any(statement.lstrip().upper().startswith("UPDATE") for statement in seen)
    assert db_session.scalar(select(User.last_seen_at)) == clock()


def test_a_user_whose_row_went_meanwhile_is_made_again_not_an_error(app, client, clock, db_session):
    post(client, load_envelope("launch_request", clock()))
    db_session.delete(db_session.scalars(select(User)).one())
    db_session.commit()
    answer = post(client, load_envelope("web_code_intent", clock()))
    assert "web code is" in speech_of(answer)
    assert len(db_session.scalars(select(User)).all()) == 1
