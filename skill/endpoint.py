"""``POST /alexa``: flask-ask-sdk's SkillAdapter behind a size limit and a well-formedness check."""
from __future__ import annotations

import logging

from ask_sdk_core.skill import CustomSkill
from flask import Blueprint, Flask, jsonify, request
from werkzeug.exceptions import BadRequest, InternalServerError

from skill.request_limits import envelope_problem, quiet_rejection_logs
from skill.sdk import (
    VERIFY_SIGNATURE_APP_CONFIG,
    VERIFY_TIMESTAMP_APP_CONFIG,
    AbstractVerifier,
    SkillAdapter,
)

log = logging.getLogger(__name__)


def register_alexa_endpoint(app: Flask, skill: CustomSkill, skill_id: str,
                            verifiers: list[AbstractVerifier], max_request_bytes: int) -> None:
    """Mount the skill on ``POST /alexa`` with our verifiers (the SDK's own are switched off)."""
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    adapter = SkillAdapter(skill=skill, skill_id=skill_id, verifiers=verifiers, app=app)
    quiet_rejection_logs(app)
    blueprint = Blueprint("alexa", __name__)

    @blueprint.post("/alexa")
    def alexa():
        if (request.content_length or 0) > max_request_bytes:
            return _refuse(413, "request body too large")
        body = request.get_data(cache=True)
        if len(body) > max_request_bytes:
            return _refuse(413, "request body too large")
        problem = envelope_problem(body)
        if problem:
            return _refuse(400, problem)
        try:
            return adapter.dispatch_request()
        except BadRequest as refused:
            return _refuse(400, refused.description, logged=True)
        except InternalServerError:
            # Our catch-all exception handler answers every handler error, so what reaches
            # here is an envelope the SDK could not deserialize: the caller's fault.
            return _refuse(400, "request envelope could not be read", logged=True)

    app.register_blueprint(blueprint)


def _refuse(status: int, message: str, logged: bool = False):
    """The refusal as JSON, logged as one line (the SDK adapter logs the ones it refuses)."""
    if not logged:
        log.warning("refused an /alexa request: %d %s", status, message)
    return jsonify({"error": message}), status
