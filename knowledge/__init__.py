"""The knowledge base: one-sentence facts from the seed articles, retrieval, composed answers
and the red-flag screen.

Domain layer: used by the skill's handlers and the reminder texts; imports only ``foundations``.
"""
