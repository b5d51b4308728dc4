"""`retro` with a stopwatch inside, for bench_actions.py: from each key event to the next frame.

The key event's own time is stamped by Textual's driver thread the moment it parses the key
from the terminal; the frame ends when `App._display` has rendered the update and handed it to
the driver for the terminal. Everything between — dispatch, the action, the durable save,
widget updates, layout, render — is counted. Records go to $RETRO_BENCH_LOG at exit.

    RETRO_BENCH_LOG=log.json python tests/bench/instrumented.py [retro arguments]
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

RECORDS: list[list[object]] = []  # ["key", key, event time, received] / ["frame", start, end] / ["gc", …]
_on_event = App.on_event
_display = App._display


async def on_event(self: App, event: events.Event) -> None:
    if isinstance(event, events.Key) and not event.is_forwarded:
        RECORDS.append(["key", event.key, event.time, time.monotonic()])
    await _on_event(self, event)


def display(self: App, screen, renderable) -> None:  # noqa: ANN001
    start = time.monotonic()
    _display(self, screen, renderable)
    if renderable is not None and not self._batch_count:
        RECORDS.append(["frame", start, time.monotonic()])


_collecting: list[float] = []


def on_collection(phase: str, info: dict[str, int]) -> None:
    """Each run of Python's cyclic collector: ["gc", generation, start, end]. A key whose frame
    has a full (generation 2) scan inside is told apart from one that was slow by itself."""
    if phase == "start":
        _collecting[:] = [time.monotonic()]
    elif _collecting:
        RECORDS.append(["gc", info["generation"], _collecting[0], time.monotonic()])


def _dump() -> None:
    Path(os.environ["RETRO_BENCH_LOG"]).write_text(json.dumps(RECORDS))


App.on_event = on_event  # type: ignore[method-assign]
App._display = display  # type: ignore[method-assign]
atexit.register(_dump)
gc.callbacks.append(on_collection)

if __name__ == "__main__":
    from retro.cli.main import run

    sys.argv[0] = "retro"
    run()
