"""Reusable widgets. They post messages; screens own the state and talk to the repository."""
