"""A long-lived process's start-up objects, taken out of the garbage collector's reach."""
from __future__ import annotations

import gc


def settle_heap() -> None:
    """Call once a server or worker process is built, before its first request or pass: what is
    alive then (the libraries, the knowledge base, the skill, the texts, the channels) lives as
    long as the process. Otherwise every full collection walks all of it again: under load, a
    request or a reminder burst that allocates more triggers more of them (a seventh of a
    worker's CPU time in a 50,000-reminder burst)."""
    gc.collect()
    gc.freeze()
