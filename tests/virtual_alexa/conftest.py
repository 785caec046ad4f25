"""The virtual-alexa leg: npm packages installed once, the real server on a loopback port, and a
driver that speaks virtual-alexa's client to it (``drive.js``, one JSON command per line)."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest
from waitress.server import create_server

from cramp_coach.app import create_app
from foundations.settings import PROJECT_ROOT, Settings
from models.database import migrate
from tests.alexa.stand_in import AlexaStandIn, start_stand_in
from tests.conftest import TEST_SKILL_ID, Clock

HERE = Path(__file__).resolve().parent
MODELS = PROJECT_ROOT / "interaction_model" / "interactionModels" / "custom"
# npm ci runs again only when the lock file changed since the last install.
INSTALL_STAMP = HERE / "node_modules" / ".cramp-coach-lock.sha256"
NPM_TIMEOUT_SECONDS = 600
REPLY_TIMEOUT_SECONDS = 60


def npm_install() -> None:
    """``npm ci`` in this folder, skipped when node_modules already holds this lock file's packages."""
    lock = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    if INSTALL_STAMP.exists() and INSTALL_STAMP.read_text().strip() == lock:
        return
    npm = shutil.which("npm")
    assert npm and shutil.which("node"), "the virtual-alexa leg needs node and npm (.ci/run installs them)"
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                          capture_output=True, text=True, timeout=NPM_TIMEOUT_SECONDS)
    assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    INSTALL_STAMP.write_text(lock + "\n")


@pytest.fixture(scope="session")
def node_packages() -> Path:
    npm_install()
    return HERE / "node_modules"


class VirtualAlexaDriver:
    """One virtual-alexa device talking to the server; each call is one line to ``drive.js``."""

    def __init__(self, process: subprocess.Popen):
        self.process = process

    def command(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"drive.js stopped: {self.process.stderr.read()}"
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=REPLY_TIMEOUT_SECONDS)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> AlexaStandIn:
    stand_in, server = start_stand_in(tmp_path_factory.mktemp("alexa-stand-in"))
    yield stand_in
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def skill_url(tmp_path_factory, stand_in) -> str:
    """The real server (waitress, as ``cramp-coach serve`` runs it) on a loopback ephemeral port,
    request verification off, its Alexa API calls going to the stand-in."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('virtual-alexa-db') / 'cramp_coach.sqlite'}"
    migrate(database_url)
    settings = Settings(database_url=database_url, skill_id=TEST_SKILL_ID, verify_requests=False,
                        secret_key="test-secret-key-not-for-production", alexa_api_url=stand_in.url)
    app = create_app(settings, clock=Clock(datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)),
                     warn_when_unverified=False, alexa_api_client=stand_in.api_client())
    # poll(), not select(): a socket closed at teardown is reported, not an error in the loop's thread
    server = create_server(app, host="127.0.0.1", port=0, threads=2, asyncore_use_poll=True)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/alexa"
    server.close()
    thread.join(timeout=10)
    app.extensions["cramp_coach"]["engine"].dispose()


@pytest.fixture
def virtual_alexa(node_packages, skill_url):
    """A started ``drive.js``; ``virtual_alexa(locale="en-GB", deviceId=...)`` builds a device."""
    drivers: list[VirtualAlexaDriver] = []

    def start(locale: str = "en-US", **options) -> VirtualAlexaDriver:
        process = subprocess.Popen(["node", str(HERE / "drive.js")], cwd=HERE, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        driver = VirtualAlexaDriver(process)
        drivers.append(driver)
        driver.created = driver.command(op="create", url=skill_url, model=str(MODELS / f"{locale}.json"),
                                        locale=locale, skillId=TEST_SKILL_ID, **options)
        return driver

    yield start
    for driver in drivers:
        driver.close()
