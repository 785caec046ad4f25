"""Guided stretch routines: the routines as data, their SSML with timed holds, the step
screen, and where each person is in a routine (session attributes and a saved row)."""
