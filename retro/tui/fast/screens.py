"""Every screen of the app gets the cropping compositor as Textual registers it (on a push, or
`build_ahead`'s), before it mounts: `App._register` is where a screen joins the app, whichever
way it comes. An instance attribute of the one app (not a subclass's override), so that
`RETRO_PLAIN_TEXTUAL` leaves Textual's own in place."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from retro.tui.fast.compositor import crop_updates


def install(app: App[Any]) -> None:
    register = app._register

    def register_with_overrides(parent, *widgets, **where):  # noqa: ANN001, ANN003, ANN202 - Textual's signature
        for widget in widgets:
            if isinstance(widget, Screen) and not widget.is_mounted:
                crop_updates(widget)
        return register(parent, *widgets, **where)

    app._register = register_with_overrides  # type: ignore[method-assign]
