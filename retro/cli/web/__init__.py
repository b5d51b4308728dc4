"""`retro serve`'s web side: `retro join` served to browser tabs through textual-serve (pinned
exactly, since its private parts are subclassed here; tests/web/test_textual_serve_contract.py
names each one). Imports no Textual: the served app runs in child processes.
"""
