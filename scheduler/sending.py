"""Sends in parallel, each with a deadline, so that one slow address holds up nothing else.

A fixed number of daemon threads take sends from a queue. Before starting one, a thread asks
the gate whether the batch's lease is still safely held; a send whose thread is still busy
past its deadline is given up on (reported as a timeout) and its thread replaced, so a
receiver that answers one byte a second costs one thread for a while, not the whole pool.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

QUEUED, RUNNING, DONE, CANCELLED, ABANDONED = "queued", "running", "done", "cancelled", "abandoned"


@dataclass(eq=False)
class Send:
    """One delivery's send: ``work`` returns a value or raises; the outcome lands in ``value``/``error``."""

    key: Any
    work: Callable[[], Any]
    state: str = QUEUED
    started: float | None = None
    value: Any = None
    error: BaseException | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class SendPool:
    """``size`` sending threads; finished sends are put on ``completed``."""

    def __init__(self, size: int):
        self.size = size
        self._work: queue.Queue[Send | None] = queue.Queue()
        self.completed: queue.Queue[Send] = queue.Queue()
        self._threads = 0
        self._lock = threading.Lock()
        self.gate: Callable[[], bool] = lambda: True
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        with self._lock:
            self._threads += 1
        threading.Thread(target=self._run, name="reminder-send", daemon=True).start()

    def _run(self) -> None:
        while True:
            send = self._work.get()
            if send is None:
                return
            with send._lock:
                if send.state != QUEUED:
                    continue
                if not self.gate():
                    send.state = CANCELLED
                    self.completed.put(send)
                    continue
                send.state, send.started = RUNNING, time.monotonic()
            try:
                value, error = send.work(), None
            except BaseException as raised:  # reported with the delivery, never lost in a thread
                value, error = None, raised
            with send._lock:
                abandoned = send.state == ABANDONED
                if not abandoned:
                    send.state, send.value, send.error = DONE, value, error
                    self.completed.put(send)
            if abandoned:   # a replacement already took this thread's place
                return

    def submit(self, send: Send) -> Send:
        self._work.put(send)
        return send

    def cancel(self, send: Send) -> bool:
        """Stop a send that has not started; whether it was stopped."""
        with send._lock:
            if send.state == QUEUED:
                send.state = CANCELLED
                return True
            return False

    def abandon_overdue(self, running: list[Send], deadline: float) -> list[Send]:
        """Give up on sends running longer than ``deadline`` seconds; those given up on."""
        now = time.monotonic()
        given_up = []
        for send in running:
            with send._lock:
                if send.state == RUNNING and now - send.started > deadline:
                    send.state = ABANDONED
                    given_up.append(send)
        for _ in given_up:
            with self._lock:
                self._threads -= 1
            self._spawn()
        return given_up

    def close(self) -> None:
        """Let the threads end once the queue is empty (threads busy with abandoned sends end on their own)."""
        with self._lock:
            count = self._threads
        for _ in range(count):
            self._work.put(None)
