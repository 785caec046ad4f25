"""Cramp Coach: application factory, settings and command line."""
