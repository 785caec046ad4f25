"""The voice side: handlers, speech, stretch routines and the skill builder."""
