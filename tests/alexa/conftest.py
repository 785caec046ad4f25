"""Fixtures for the Alexa reminder tests: the stand-in server and an app that calls it."""
from __future__ import annotations

import pytest

from cramp_coach.app import create_app
from foundations.settings import Settings
from tests.alexa.envelopes import DEVICE, Talk
from tests.alexa.stand_in import AlexaStandIn, start_stand_in

DEVICE_ZONE = "America/New_York"


@pytest.fixture(scope="session")
def stand_in_server(tmp_path_factory):
    stand_in, server = start_stand_in(tmp_path_factory.mktemp("alexa-stand-in"))
    yield stand_in
    server.shutdown()
    server.server_close()


@pytest.fixture
def stand_in(stand_in_server) -> AlexaStandIn:
    """The stand-in, emptied, with the test device set to New York time."""
    stand_in_server.reset()
    stand_in_server.time_zones[DEVICE] = DEVICE_ZONE
    return stand_in_server


@pytest.fixture
def alexa_settings(settings, stand_in) -> Settings:
    return settings.with_overrides(alexa_api_url=stand_in.url, lwa_token_url=f"{stand_in.url}/auth/o2/token",
                                   lwa_client_id=stand_in.client_id, lwa_client_secret=stand_in.client_secret)


@pytest.fixture
def alexa_app(alexa_settings, clock, stand_in):
    application = create_app(alexa_settings, clock=clock, warn_when_unverified=False,
                             alexa_api_client=stand_in.api_client())
    yield application
    application.extensions["cramp_coach"]["engine"].dispose()


@pytest.fixture
def talk(alexa_app, stand_in, clock) -> Talk:
    """The test user on the test device, reminders permission not (yet) granted."""
    return Talk(alexa_app.test_client(), stand_in, clock)
