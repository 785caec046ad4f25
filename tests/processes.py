"""Stopping a server or worker process a test started: SIGTERM, then a kill if it hangs."""
from __future__ import annotations

import signal
import subprocess


def stop(process: subprocess.Popen, timeout: float) -> int:
    """Send SIGTERM and wait up to ``timeout`` seconds for the exit status; kill it if still running."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
