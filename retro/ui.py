"""Small helpers every screen uses: literal user text, translated bindings, store messages."""

from __future__ import annotations

from dataclasses import replace

from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message

from retro.i18n import t


def literal(text: str, style: str = "") -> Content:
    """User text as it was typed: `[red]` stays `[red]`, never markup."""
    return Content.styled(text, style) if style else Content(text)


def translate_bindings(node: DOMNode) -> None:
    """Bindings are declared in English at class level (before the language is known); this
    translates an instance's copy once the language is set."""
    bindings = node._bindings.key_to_bindings
    for key, group in bindings.items():
        bindings[key] = [
            replace(b, description=t(b.description) if b.description else "", tooltip=t(b.tooltip) if b.tooltip else "")
            for b in group
        ]


class StoreChanged(Message):
    """Another process wrote to the store: the screen showing it should reload."""
