"""Reminder rules and their store: schedules, recurrence, wording, history, delivery channels
and the sync with the speaker's own reminders.

Domain layer: used by the skill, the web pages and the worker (``scheduler``); imports only
``habits``, ``knowledge``, ``models`` and ``foundations``, never a surface.
"""
