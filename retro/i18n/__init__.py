"""One translation function for every UI string: `t("English text {name}", name=...)`.

English text is the key (as with gettext), so code reads naturally and a missing Swedish entry
falls back to English rather than to a key. The Swedish catalogue is split by area
(`sv_core.py`, `sv_run.py`, …) so each part of the app owns its own strings; they are merged
on first use.
"""

from __future__ import annotations

import os

LANGUAGES = ("sv", "en")
_language = "en"
_catalogue: dict[str, str] | None = None


def _swedish() -> dict[str, str]:
    global _catalogue
    if _catalogue is None:
        import importlib  # only for Swedish: an English start need not import these
        import pkgutil

        merged: dict[str, str] = {}
        for info in pkgutil.iter_modules(__path__):
            if info.name.startswith("sv_"):
                merged.update(importlib.import_module(f"{__name__}.{info.name}").CATALOGUE)
        _catalogue = merged
    return _catalogue


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


def t_error(error: Exception) -> str:
    """Translate a domain RuleError (template + params); other errors as they are."""
    template = getattr(error, "template", None)
    if template is None:
        return str(error)
    # Words passed as fields ("The reflection", a status) are translated too; ids and user
    # text are not catalogue keys, so they pass through unchanged.
    params = {k: t(v) if isinstance(v, str) else v for k, v in getattr(error, "params", {}).items()}
    return t(template, **params)
