"""Alexa's side of the simulated device: the APIs the skill calls back during a session.

The skill reads the device's time zone from the Settings API and puts reminders on the speaker
with the Reminders API, both at the request's ``apiEndpoint`` with its ``apiAccessToken``
(through the SDK's service clients and the app's ``ApiClient``). In process, the simulator
hands the app this ``ApiClient``, which answers those calls as Alexa would for the simulated
device (``--tz``, ``--grant reminders``) without any network: the time zone, 401 for another
token, 403 for reminders without the permission, and reminders kept in memory.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from urllib.parse import urlsplit

from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from foundations.alexa_api import REMINDERS_SCOPE

TIME_ZONE = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")
REMINDERS = re.compile(r"^/v1/alerts/reminders(?:/(?P<token>[^/]+))?$")
JSON = [("Content-Type", "application/json")]


class SimulatedAlexaApis(ApiClient):
    """Answers the Settings and Reminders API calls of one simulated device."""

    def __init__(self, device_id: str, access_token: str, time_zone: str, granted: set[str]):
        self.device_id = device_id
        self.access_token = access_token
        self.time_zone = time_zone
        self.granted = granted
        """The permission scopes the user granted; the simulator adds one when they say yes."""
        self.reminders: dict[str, dict] = {}

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        headers = {name.lower(): value for name, value in request.headers or []}
        if headers.get("authorization") != f"Bearer {self.access_token}":
            return _answer(401, {"code": "INVALID_BEARER_TOKEN", "message": "Invalid bearer token"})
        path = urlsplit(request.url).path
        if match := TIME_ZONE.match(path):
            if request.method != "GET" or match["device"] != self.device_id:
                return _answer(404, {"code": "DEVICE_NOT_FOUND", "message": "No such device"})
            return _answer(200, self.time_zone)
        if match := REMINDERS.match(path):
            if REMINDERS_SCOPE not in self.granted:
                return _answer(403, {"code": "NO_PERMISSION", "message": "The user has not granted reminders permission"})
            return self._reminders(request.method, match["token"], request.body)
        return _answer(404, {"code": "NOT_FOUND", "message": f"no route {request.method} {path}"})

    def _reminders(self, method: str, token: str | None, body: object) -> ApiClientResponse:
        if isinstance(body, str):
            body = json.loads(body or "{}")
        if method == "GET" and token is None:
            alerts = [{"alertToken": key, **value} for key, value in self.reminders.items()]
            return _answer(200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None})
        if method == "POST" and token is None:
            token = str(uuid.uuid4())
            self.reminders[token] = dict(body or {})
            return _answer(201, _reminder(token))
        if token not in self.reminders:
            return _answer(404, {"code": "ALERT_NOT_FOUND", "message": "No such reminder"})
        if method == "DELETE":
            del self.reminders[token]
            return _answer(200, None)
        if method == "PUT":
            self.reminders[token] = dict(body or {})
            return _answer(200, _reminder(token))
        return _answer(405, {"code": "METHOD_NOT_ALLOWED", "message": method})


def _reminder(token: str) -> dict:
    # The API's own bookkeeping time: the simulator is the clock's owner here, not the skill.
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {"alertToken": token, "createdTime": stamp, "updatedTime": stamp, "status": "ON",
            "version": "1", "href": f"/v1/alerts/reminders/{token}"}


def _answer(status: int, body: object) -> ApiClientResponse:
    return ApiClientResponse(headers=JSON, status_code=status, body=None if body is None else json.dumps(body))
