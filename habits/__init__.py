"""The habit loop: water drunk and stretches done, goals, progress, streaks and summaries.

Wellness data only, never symptoms. Used by the skill handlers, the web pages and the worker;
imports only ``models`` and ``foundations`` (and the standard library), never a surface.
"""
