"""Foundations every other layer may use: nothing here imports the project's other packages."""
