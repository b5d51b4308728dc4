"""One translation function for every UI string: `t("English text {name}", name=...)`, and
one for every message with a count in it: `n("{count} item", "{count} items", count)`.

English text is the key (as with gettext), so code reads naturally and a missing Swedish entry
falls back to English rather than to a key. The Swedish catalogue is split by area
(`sv_core.py`, `sv_run.py`, …) so each part of the app owns its own strings; they are merged
on first use. Each area's `CATALOGUE` maps English to Swedish; its `PLURALS` maps the English
singular of a counted message to the Swedish (singular, plural).
"""

from __future__ import annotations

import os

LANGUAGES = ("sv", "en")
_language = "en"
_catalogue: dict[str, str] | None = None
_plurals: dict[str, tuple[str, str]] | None = None


def _load() -> None:
    global _catalogue, _plurals
    import importlib  # only for Swedish: an English start need not import these
    import pkgutil

    merged: dict[str, str] = {}
    plurals: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("sv_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            merged.update(module.CATALOGUE)
            plurals.update(getattr(module, "PLURALS", {}))
    _catalogue, _plurals = merged, plurals


def _swedish() -> dict[str, str]:
    if _catalogue is None:
        _load()
    return _catalogue  # type: ignore[return-value]


def _swedish_plurals() -> dict[str, tuple[str, str]]:
    """English singular -> Swedish (singular, plural), as an ngettext catalogue keys by msgid."""
    if _plurals is None:
        _load()
    return _plurals  # type: ignore[return-value]


def detect_language() -> str:
    """`sv` when the locale says Swedish, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    import locale  # only when no variable says: most starts need not import it

    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "sv" if code.lower().startswith("sv") else "en"


def set_language(language: str | None) -> str:
    global _language
    _language = language if language in LANGUAGES else detect_language()
    return _language


def language() -> str:
    return _language


def t(message: str, /, **params: object) -> str:
    text = _swedish().get(message, message) if _language == "sv" else message
    return text.format(**params) if params else text


def n(singular: str, plural: str, count: int, /, **params: object) -> str:
    """A message with a number in it, in the form that number needs: `ngettext(singular,
    plural, count)`, then its fields filled. `{count}` is the count unless given otherwise, so
    `n("{count} item", "{count} items", len(items))`; a message may name its number as it likes
    (`n("{days} day left", "{days} days left", days, days=days)`). Both forms are whole
    sentences with a field for every number. English and Swedish both use the singular for
    exactly one, the plural for everything else (0 too)."""
    forms = _swedish_plurals().get(singular) if _language == "sv" else None
    one, other = forms if forms is not None else (singular, plural)
    return (one if count == 1 else other).format(**{"count": count, **params})


def t_error(error: Exception) -> str:
    """Translate a domain RuleError (template + params); other errors as they are."""
    template = getattr(error, "template", None)
    if template is None:
        return str(error)
    # Words passed as fields ("The reflection", a status) are translated too; ids and user
    # text are not catalogue keys, so they pass through unchanged.
    params = {k: t(v) if isinstance(v, str) else v for k, v in getattr(error, "params", {}).items()}
    forms = getattr(error, "forms", None)  # RuleError.counted: a message with a number
    if forms is not None:
        singular, plural, count = forms
        return n(singular, plural, count, **params)
    return t(template, **params)
