"""Screens: each one calls the repository and composes widgets."""
