"""The presentation theme: high contrast, calm colours, readable on a shared screen."""

from __future__ import annotations

from textual.theme import Theme

PRESENTATION = Theme(
    name="retro-presentation",
    primary="#ffd75f",
    secondary="#5fd7ff",
    accent="#5fd7ff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#87ff87",
    foreground="#ffffff",
    background="#000000",
    surface="#121212",
    panel="#1c1c1c",
    dark=True,
    variables={"footer-key-foreground": "#ffd75f", "block-cursor-text-style": "bold"},
)

LIGHT = Theme(
    name="retro-light",
    primary="#005f87",
    secondary="#875f00",
    accent="#005f87",
    warning="#af5f00",
    error="#af0000",
    success="#005f00",
    foreground="#000000",
    background="#ffffff",
    surface="#f0f0f0",
    panel="#e4e4e4",
    dark=False,
)

THEMES = (PRESENTATION, LIGHT)
