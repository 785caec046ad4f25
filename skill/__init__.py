"""The voice side: handlers, speech, knowledge and the skill builder."""
