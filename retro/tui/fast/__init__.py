"""The speed layer: every override of Textual's behaviour made for speed, and every use of
Textual's private API, is here and nowhere else in retro/ (tests/unit/test_textual_private.py
checks that; tests/unit/test_textual_contract.py checks each private name used here still
exists in the installed Textual, so an upgrade fails in one test that names the override).

Installed at one point: `install(app)`, called once by RetroApp as it is made. Widgets and
screens ask `enabled(NAME)` where an override of theirs lives in this package (a mixin or a
helper of this package does the asking).

Switches, read by `install` (and at import, for widgets made without an app):

- `RETRO_PLAIN_TEXTUAL=1`: none of the overrides; the app runs on Textual as it ships.
- `RETRO_FAST_SKIP=name,name`: leave out only these overrides (to measure one on and off).

The overrides, by name:

- `compositor`: a screen's partial update renders only the widgets (and rows) it touches,
  and hands over lines kept from last time (compositor.py); with it, `draw_text_ahead`.
- `css_cache`: the parsed stylesheet kept on disk between starts, and the theme's second
  parse at start skipped (css_cache.py).
- `collector`: Python's full garbage scans off during the start and moved to input pauses
  (collector.py).
- `ahead`: screens built, laid out and drawn before they are shown (ahead.py).
- `restyle`: a screen shown again is restyled only when the app's CSS changed (restyle.py).
- `finished_lines`: a widget's finished lines kept by content, not screen row (finished_lines.py):
  an ItemList's (item_list.py) and an input's.
- `input_line`: an input's typing redraws only its line of text, kept by look (input_line.py).

One that is not for speed and so is not switched: Textual's Footer keeps a binding for every
key it ever made; `forget_removed_keys` (footer.py) drops those of removed keys.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

OVERRIDES = ("compositor", "css_cache", "collector", "ahead", "restyle",
             "finished_lines", "input_line")
PLAIN_ENV = "RETRO_PLAIN_TEXTUAL"
SKIP_ENV = "RETRO_FAST_SKIP"


def chosen(environ: os._Environ[str] | dict[str, str] = os.environ) -> frozenset[str]:
    """The overrides the environment asks for (an unknown name in the skip list is an error:
    a measurement with a typo would compare a thing with itself)."""
    if environ.get(PLAIN_ENV, "") not in ("", "0"):
        return frozenset()
    skip = {name.strip() for name in environ.get(SKIP_ENV, "").split(",") if name.strip()}
    unknown = skip - set(OVERRIDES)
    if unknown:
        raise ValueError(f"{SKIP_ENV}: no override named {', '.join(sorted(unknown))} (known: {', '.join(OVERRIDES)})")
    return frozenset(OVERRIDES) - skip


_active: frozenset[str] = chosen()


def enabled(name: str) -> bool:
    assert name in OVERRIDES, name
    return name in _active


def plain() -> bool:
    return not _active


def install(app: App[object]) -> None:
    """Put the chosen overrides in place for `app` (before it runs: its screens are made later)."""
    global _active
    _active = chosen()
    from retro.tui.fast import css_cache, screens

    if enabled("css_cache"):
        css_cache.install(app)
    if enabled("compositor"):
        screens.install(app)


def started(app: App[object]) -> None:
    """The app is mounted: the overrides that need a running app (timers)."""
    if enabled("collector"):
        from retro.tui.fast.collector import PAUSE_S

        app.collector.start()  # type: ignore[attr-defined]
        app.set_interval(PAUSE_S / 2, app.collector.collect_if_due, name="collect-in-pauses")  # type: ignore[attr-defined]


def quiet_start() -> None:
    """Before the app is made (the program's start, not the tests'): no garbage scans while the
    start makes objects that live as long as the app (RetroApp turns them on again once the
    store is warm). Without the override, Python's own collector, as it ships (the command line
    turns it off before Textual is imported, for this very override)."""
    import gc

    if enabled("collector"):
        gc.disable()
    else:
        gc.enable()
