"""Calling Alexa's APIs: the HTTP client the SDK's service clients run on, Login with Amazon
client-credentials tokens, Skill Messaging, and what each API error means for us.

In a session the SDK's own clients (``ReminderManagementServiceClient``, ``UpsServiceClient``)
are built by the request's ``service_client_factory`` from the request's ``apiEndpoint`` and
token; outside a session only Skill Messaging is possible, from the configured base URL.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, TypeVar
from urllib.parse import urlencode, urlsplit

import requests
from ask_sdk_core.exceptions import ApiClientException, AskSdkException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse, ApiConfiguration
from ask_sdk_model.services.authentication_configuration import AuthenticationConfiguration
from ask_sdk_model.services.service_exception import ServiceException
from ask_sdk_model.services.skill_messaging import SendSkillMessagingRequest, SkillMessagingServiceClient
from requests.structures import CaseInsensitiveDict

from foundations.settings import Settings

log = logging.getLogger(__name__)

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
SKILL_MESSAGING_SCOPE = "alexa:skill_messaging"
TIMEOUT_SECONDS = 10.0
# A cached token is renewed this long before it expires, so it never lapses mid-request.
TOKEN_RENEWAL_MARGIN = timedelta(minutes=1)
T = TypeVar("T")


class AlexaHttpClient(ApiClient):
    """The SDK's ``DefaultApiClient`` with a timeout, pooled connections and a CA bundle setting.

    ``DefaultApiClient`` calls ``requests`` without a timeout, so one stalled Alexa API would
    hold a request thread for good. Like it, this client refuses anything but HTTPS.
    ``verify`` is ``requests``' setting: ``True`` or the path of a CA bundle (tests' stand-in).
    """

    def __init__(self, verify: bool | str = True, timeout_seconds: float = TIMEOUT_SECONDS):
        self.verify = verify
        self.timeout_seconds = timeout_seconds
        self.session = requests.Session()

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        if urlsplit(request.url).scheme != "https":
            raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")
        headers = CaseInsensitiveDict(dict(request.headers or []))
        body = request.body
        if body is not None and "json" in headers.get("Content-type", ""):
            body = json.dumps(body)
        try:
            response = self.session.request(request.method, request.url, headers=dict(headers), data=body,
                                            timeout=self.timeout_seconds, verify=self.verify)
        except requests.RequestException as error:
            raise ApiClientException(f"{request.method} {request.url} failed: {error}") from error
        return ApiClientResponse(headers=list(response.headers.items()), status_code=response.status_code,
                                 body=response.text)


@dataclass
class AlexaApiError(Exception):
    """An Alexa API call that did not succeed. ``status`` 0 means no HTTP answer at all."""

    operation: str
    status: int
    code: str | None = None
    message: str | None = None

    def __str__(self) -> str:
        detail = ": ".join(part for part in (self.code, self.message) if part)
        return f"{self.operation} failed with HTTP {self.status}" + (f" ({detail})" if detail else "")

    @property
    def needs_permission(self) -> bool:
        """401/403: the token lacks the user's permission (never granted, or withdrawn)."""
        return self.status in (401, 403)

    @property
    def not_found(self) -> bool:
        return self.status == 404

    @property
    def retryable(self) -> bool:
        """Throttled, a server error, or no answer: the same call may work later."""
        return self.status in (0, 429) or self.status >= 500


def call_alexa(operation: str, function: Callable[..., T], *args) -> T:
    """Run one SDK service call, turning every failure into an ``AlexaApiError``."""
    try:
        return function(*args)
    except ServiceException as error:
        body = error.body
        code = getattr(body, "code", None) or (body.get("code") if isinstance(body, dict) else None)
        message = getattr(body, "message", None) or (body.get("message") if isinstance(body, dict) else None)
        # The SDK reports a transport failure (timeout, refused connection) as a 500 without headers.
        status = 0 if error.headers is None and error.body is None else error.status_code
        raise AlexaApiError(operation, status, code and str(code), message or str(error)) from error
    except AskSdkException as error:
        raise AlexaApiError(operation, 0, None, str(error)) from error


class LwaTokens:
    """Login with Amazon client-credentials tokens, one per scope, cached until near expiry.

    Used instead of the SDK's ``LwaClient``, which always posts to ``<endpoint>/auth/O2/token``,
    does not form-encode the credentials and reads the wall clock itself: here the token URL is
    configuration and the clock is an input. It has ``LwaClient``'s method, so the SDK's
    ``SkillMessagingServiceClient`` takes it as its ``lwa_client``.
    """

    def __init__(self, token_url: str, client_id: str, client_secret: str, api_client: ApiClient,
                 clock: Callable[[], datetime]):
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.api_client = api_client
        self.clock = clock
        self._cache: dict[str, tuple[str, datetime]] = {}

    def get_access_token_for_scope(self, scope: str) -> str:
        cached = self._cache.get(scope)
        now = self.clock()
        if cached is not None and cached[1] - TOKEN_RENEWAL_MARGIN > now:
            return cached[0]
        form = urlencode({"grant_type": "client_credentials", "client_id": self.client_id,
                          "client_secret": self.client_secret, "scope": scope})
        request = ApiClientRequest(url=self.token_url, method="POST", body=form,
                                   headers=[("Content-type", "application/x-www-form-urlencoded")])
        try:
            response = self.api_client.invoke(request)
        except ApiClientException as error:
            raise AlexaApiError("lwa_token", 0, None, str(error)) from error
        try:
            answer = json.loads(response.body or "{}")
        except json.JSONDecodeError:
            answer = {}
        if response.status_code != 200 or not answer.get("access_token"):
            raise AlexaApiError("lwa_token", response.status_code, answer.get("error"),
                                answer.get("error_description"))
        token = str(answer["access_token"])
        self._cache[scope] = (token, now + timedelta(seconds=int(answer.get("expires_in", 3600))))
        return token


class SkillMessenger:
    """Sends Skill Messaging messages, which Alexa hands back to ``/alexa`` with a user token."""

    def __init__(self, api_url: str, tokens: LwaTokens, api_client: ApiClient):
        configuration = ApiConfiguration(serializer=DefaultSerializer(), api_client=api_client,
                                         api_endpoint=api_url)
        self.client = SkillMessagingServiceClient(
            configuration, AuthenticationConfiguration(tokens.client_id, tokens.client_secret), lwa_client=tokens)

    def send(self, alexa_user_id: str, data: dict, expires_after_seconds: int) -> None:
        """Queue ``data`` for the user's skill; raises ``AlexaApiError`` if Alexa did not accept it."""
        message = SendSkillMessagingRequest(data=data, expires_after_seconds=expires_after_seconds)
        call_alexa("skill_messaging", self.client.send_skill_message, alexa_user_id, message)


def messenger_from_settings(settings: Settings, api_client: ApiClient,
                            clock: Callable[[], datetime]) -> SkillMessenger | None:
    """The messenger for the configured skill, or ``None`` when no LWA credentials are set."""
    if not (settings.lwa_client_id and settings.lwa_client_secret):
        return None
    tokens = LwaTokens(settings.lwa_token_url, settings.lwa_client_id, settings.lwa_client_secret,
                       api_client, clock)
    return SkillMessenger(settings.alexa_api_url, tokens, api_client)
