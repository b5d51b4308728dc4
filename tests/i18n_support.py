"""The Swedish catalogue as the tests read it: retro.po, parsed with Babel (the app itself reads
only the compiled retro.mo)."""

from __future__ import annotations

from functools import cache

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.conftest import ROOT

PO = ROOT / "retro" / "i18n" / "locale" / "sv" / "LC_MESSAGES" / "retro.po"


@cache
def catalogue() -> Catalog:
    with PO.open("rb") as source:
        return read_po(source, locale="sv", domain="retro")


def swedish() -> dict[str, str]:
    """English -> Swedish, for every message without a count."""
    return {m.id: m.string for m in catalogue() if m.id and isinstance(m.id, str)}


def swedish_plurals() -> dict[str, tuple[str, str]]:
    """English singular -> the Swedish (singular, plural), for every message with a count."""
    return {m.id[0]: tuple(m.string) for m in catalogue() if isinstance(m.id, tuple)}
