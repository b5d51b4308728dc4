from __future__ import annotations


def test_home_screen(snap_compare, snap_app, size) -> None:
    """Home: the formats list (highlighted first), an empty recent-retros note, no active
    target condition, and the footer with s/r/k/f and the help key."""
    assert snap_compare(snap_app(), terminal_size=size)
