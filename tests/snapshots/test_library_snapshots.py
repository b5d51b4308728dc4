"""Snapshots of preparing a retro: the format library and a format's preview, at 80x24 and
160x45, on the built-in formats only (no user files, so no machine-specific paths)."""

from __future__ import annotations

from retro.store.catalog import load_catalog
from retro.tui.screens.library import FormatLibraryScreen
from retro.tui.screens.preview import FormatPreviewScreen


def test_library(snap_compare, snap_app, size) -> None:
    """The library: the three filters on top (all languages, any length, any phase kind), the
    twelve built-ins with language, minutes and id (4Ls highlighted first), and on the right the
    highlighted format's name, source "built-in", summary and phases with their minutes."""
    assert snap_compare(snap_app(start=FormatLibraryScreen()), terminal_size=size)


def test_library_filtered_to_swedish(snap_compare, snap_app, size) -> None:
    """After `l`: only the six Swedish formats, "6 of 12 formats" under the list."""
    assert snap_compare(snap_app(start=FormatLibraryScreen()), terminal_size=size, press=["l"])


def test_preview(snap_compare, snap_app, size) -> None:
    """The hybrid format's preview: name, id · English · 60 min · built-in, the summary, a
    coloured timeline with a part per phase (numbered, widths in proportion to minutes, start
    minutes below, 60 min at the end), the phase cards (check-in prompt; the gather's three
    columns in green, red and blue with their hints) and the hybrid notes on the right."""
    fmt = load_catalog().get("hybrid-experiments")
    assert snap_compare(snap_app(start=FormatPreviewScreen(fmt)), terminal_size=size)
