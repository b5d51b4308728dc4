"""Textual's Footer keeps every key it ever showed: each FooterKey binds itself to the footer's
`compact` (`data_bind`), and Textual drops such a binding only when `compact` changes, which it
never does here. Every key of every rebuilt footer (with its styles and drawn lines) stayed in
memory, a dozen or more per phase change. Bindings of keys already removed are dropped here,
as Textual's own check would.

Not a speed override, so it is on whatever the switches say: it reads Textual's private table
of watchers, and fails loudly (RuntimeError) should that table be gone, rather than keep
leaking without a word.
"""

from __future__ import annotations

from textual.widget import Widget

WATCHERS = "__watchers"  # Textual's own attribute name (reactive.py), set with setattr: not mangled


def forget_removed_keys(footer: Widget) -> None:
    watchers = getattr(footer, WATCHERS, None)
    if watchers is None:
        if footer.children:  # keys were bound to it, and still no table: Textual changed
            raise RuntimeError("Textual no longer keeps a widget's watchers in `__watchers`: "
                               "see retro/tui/fast/footer.py")
        return
    for pairs in watchers.values():
        pairs[:] = [(node, callback) for node, callback in pairs if not node._closing]
