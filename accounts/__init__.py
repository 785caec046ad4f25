"""Accounts and sign-in: the spoken web code and the web sessions it opens.

Domain layer: used by the skill and the web pages; imports only ``models`` and ``foundations``.
"""
