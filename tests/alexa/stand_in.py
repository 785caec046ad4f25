"""A local stand-in for Alexa's APIs: a real HTTPS server on 127.0.0.1 that records every call.

It speaks the documented formats of the Reminders API (``/v1/alerts/reminders``), Skill
Messaging (``/v1/skillmessages/users/{userId}``), Login with Amazon (``/auth/o2/token``) and
the device settings API (``/v2/devices/{deviceId}/settings/System.timeZone``), including their
errors: 401 for an unknown token, 403 without the reminders permission, 404, 400 for a body it
cannot accept, and any status on demand (``fail``) such as 429 or 503.
"""
from __future__ import annotations

import ipaddress
import json
import re
import ssl
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from foundations.alexa_api import AlexaHttpClient

REMINDERS = re.compile(r"^/v1/alerts/reminders(?:/(?P<token>[^/]+))?$")
MESSAGES = re.compile(r"^/v1/skillmessages/users/(?P<user>[^/]+)$")
TIME_ZONE = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")
RULE = re.compile(r"^FREQ=(DAILY|WEEKLY)(;BYDAY=(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*)?"
                  r";BYHOUR=\d{1,2}(,\d{1,2})*;BYMINUTE=\d{1,2}(,\d{1,2})*;BYSECOND=0(;INTERVAL=\d+)?$")
LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$")


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: object


@dataclass
class AlexaStandIn:
    """Alexa's side of things: users' tokens and permissions, reminders, messages, time zones."""

    url: str
    ca_file: Path
    client_id: str = "amzn1.application-oa2-client.stand-in"
    client_secret: str = "stand-in-secret"
    calls: list[Call] = field(default_factory=list)
    reminders: dict[str, dict] = field(default_factory=dict)
    messages: list[dict] = field(default_factory=list)
    time_zones: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    permitted: set[str] = field(default_factory=set)
    lwa_tokens: set[str] = field(default_factory=set)
    failures: list[list] = field(default_factory=list)

    def reset(self) -> None:
        for collection in (self.calls, self.messages, self.failures):
            collection.clear()
        for mapping in (self.reminders, self.time_zones, self.tokens):
            mapping.clear()
        self.permitted.clear()
        self.lwa_tokens.clear()

    def api_client(self) -> AlexaHttpClient:
        """A client that trusts this server's certificate, as the app uses in tests."""
        return AlexaHttpClient(verify=str(self.ca_file), timeout_seconds=5)

    def session_token(self, user_id: str, permitted: bool = False) -> str:
        """The ``apiAccessToken`` Alexa would put in a request of this user."""
        token = f"stand-in-token-{uuid.uuid4().hex}"
        self.tokens[token] = user_id
        if permitted:
            self.permitted.add(user_id)
        return token

    def fail(self, method: str, path_part: str, status: int, times: int = 1, code: str = "STAND_IN_ERROR") -> None:
        """Answer the next ``times`` matching calls with ``status``."""
        self.failures.append([method, path_part, status, times, code])

    def calls_to(self, method: str, path_part: str) -> list[Call]:
        return [call for call in self.calls if call.method == method and path_part in call.path]

    def user_reminders(self, user_id: str) -> list[dict]:
        return [reminder["body"] for reminder in self.reminders.values() if reminder["user"] == user_id]

    # Request handling, called from the server thread.

    def answer(self, method: str, path: str, headers: dict, raw: bytes) -> tuple[int, object | None]:
        body = _decoded(headers, raw)
        self.calls.append(Call(method, path, headers, body))
        for failure in self.failures:
            if failure[0] == method and failure[1] in path and failure[3] > 0:
                failure[3] -= 1
                if path.lower() == "/auth/o2/token":
                    return failure[2], {"error": failure[4].lower(), "error_description": "stand-in failure"}
                code = failure[2] if MESSAGES.match(path) else failure[4]  # Skill Messaging codes are numbers
                return failure[2], {"code": code, "message": f"stand-in failure {failure[2]}"}
        if method == "POST" and path.lower() == "/auth/o2/token":
            return self._token(body)
        bearer = headers.get("authorization", "").removeprefix("Bearer ")
        if match := MESSAGES.match(path):
            return self._message(match["user"], bearer, body)
        user = self.tokens.get(bearer)
        if user is None:
            return 401, {"code": "INVALID_BEARER_TOKEN", "message": "Invalid bearer token"}
        if match := TIME_ZONE.match(path):
            zone = self.time_zones.get(match["device"])
            return (200, zone) if zone else (204, None)
        if match := REMINDERS.match(path):
            if user not in self.permitted:
                return 403, {"code": "NO_PERMISSION", "message": "The user has not granted reminders permission"}
            return self._reminders(method, match["token"], user, body)
        return 404, {"code": "NOT_FOUND", "message": f"no route {method} {path}"}

    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}
        if form.get("grant_type") != "client_credentials" or form.get("scope") != "alexa:skill_messaging":
            return 400, {"error": "invalid_scope", "error_description": "Unsupported grant or scope"}
        token = f"Atc|stand-in-{uuid.uuid4().hex}"
        self.lwa_tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3600, "scope": form["scope"], "token_type": "bearer"}

    def _message(self, user: str, bearer: str, body: dict) -> tuple[int, dict | None]:
        if bearer not in self.lwa_tokens:
            return 403, {"code": 403, "message": "The skill messaging token is expired or not valid"}
        if not isinstance(body.get("data"), dict) or not 60 <= int(body.get("expiresAfterSeconds", 0)) <= 86400:
            return 400, {"code": 400, "message": "data and expiresAfterSeconds are required"}
        if user not in set(self.tokens.values()):
            return 404, {"code": 404, "message": "The passed userId does not exist"}
        self.messages.append({"user": user, "data": body["data"]})
        return 202, None

    def _reminders(self, method: str, token: str | None, user: str, body: dict) -> tuple[int, object | None]:
        if method == "GET" and token is None:
            alerts = [{"alertToken": key, **value["body"]} for key, value in self.reminders.items()
                      if value["user"] == user]
            return 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None}
        if method == "POST" and token is None:
            problem = _reminder_problem(body)
            if problem:
                return 400, {"code": "INVALID_REMINDER", "message": problem}
            token = str(uuid.uuid4())
            self.reminders[token] = {"user": user, "body": body, "version": 1}
            return 201, self._reminder_response(token)
        if token not in self.reminders or self.reminders[token]["user"] != user:
            return 404, {"code": "ALERT_NOT_FOUND", "message": "No such reminder"}
        if method == "DELETE":
            del self.reminders[token]
            return 200, None
        if method == "PUT":
            problem = _reminder_problem(body)
            if problem:
                return 400, {"code": "INVALID_REMINDER", "message": problem}
            self.reminders[token].update(body=body, version=self.reminders[token]["version"] + 1)
            return 200, self._reminder_response(token)
        return 405, {"code": "METHOD_NOT_ALLOWED", "message": method}

    def _reminder_response(self, token: str) -> dict:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {"alertToken": token, "createdTime": stamp, "updatedTime": stamp, "status": "ON",
                "version": str(self.reminders[token]["version"]), "href": f"/v1/alerts/reminders/{token}"}


def _decoded(headers: dict, raw: bytes) -> object:
    if not raw:
        return {}
    if "x-www-form-urlencoded" in headers.get("content-type", ""):
        return {key: values[0] for key, values in parse_qs(raw.decode()).items()}
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return {"unreadable": raw.decode(errors="replace")}


def _reminder_problem(body: dict) -> str | None:
    """Why the Reminders API would answer 400, or ``None``."""
    trigger = body.get("trigger") or {}
    if not LOCAL_TIME.match(str(body.get("requestTime", ""))):
        return "requestTime must be a local ISO 8601 time without offset"
    if trigger.get("type") != "SCHEDULED_ABSOLUTE":
        return "trigger.type must be SCHEDULED_ABSOLUTE"
    try:
        ZoneInfo(str(trigger.get("timeZoneId")))
    except (ZoneInfoNotFoundError, ValueError):
        return "trigger.timeZoneId is not a time zone"
    recurrence = trigger.get("recurrence") or {}
    rules = recurrence.get("recurrenceRules") or []
    if not rules or not all(RULE.match(rule) for rule in rules):
        return f"unsupported recurrenceRules {rules}"
    if not LOCAL_TIME.match(str(recurrence.get("startDateTime", ""))):
        return "recurrence.startDateTime must be a local ISO 8601 time"
    content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    if not content or not all(item.get("locale") and item.get("text") for item in content):
        return "alertInfo.spokenInfo.content needs a locale and a text"
    if (body.get("pushNotification") or {}).get("status") not in ("ENABLED", "DISABLED"):
        return "pushNotification.status must be ENABLED or DISABLED"
    return None


def start_stand_in(directory: Path) -> tuple[AlexaStandIn, ThreadingHTTPServer]:
    """Serve a stand-in on a free loopback port with a fresh certificate authority."""
    ca_file, context = _tls(directory)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    stand_in = AlexaStandIn(url=f"https://127.0.0.1:{server.server_address[1]}", ca_file=ca_file)
    server.stand_in = stand_in
    server.lock = threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stand_in, server


class _Handler(BaseHTTPRequestHandler):
    def _serve(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {key.lower(): value for key, value in self.headers.items()}
        with self.server.lock:
            status, body = self.server.stand_in.answer(self.command, self.path, headers, raw)
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args) -> None:
        """Quiet: the calls are recorded on the stand-in."""


def _tls(directory: Path) -> tuple[Path, ssl.SSLContext]:
    now = datetime.now(timezone.utc)
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Alexa stand-in test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_file, chain_file, key_file = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file, key_file)
    return ca_file, context
