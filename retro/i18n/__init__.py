"""One translation function for every UI string: `t("English text {name}", name=...)`, and
one for every message with a count in it: `n("{count} item", "{count} items", count)`.

English text is the key (gettext's msgid), so code reads naturally and a message without
Swedish shows in English rather than as a key. The Swedish is a gettext catalogue: a
translator edits `locale/sv/LC_MESSAGES/retro.po` (`make messages` gathers the strings from
the code into it); installing retro compiles it to `retro.mo` beside it (see build_hook.py),
which is what is read here, once, on the first Swedish string. An English start never opens
it, nor imports gettext.
"""

from __future__ import annotations

import os
import sys

LANGUAGES = ("sv", "en")
DOMAIN = "retro"
# Where the compiled catalogue lies, in the source tree (an editable install) and in a wheel.
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
MISSING = "retro: the Swedish translations are missing (retro.mo); reinstall retro"

_language = "en"
_translations: object | None = None  # a gettext.NullTranslations, read on first Swedish use


def N_(message: str, /) -> str:  # noqa: N802 - the name gettext's tools know
    """Marks a string for the catalogue where it is defined, when it is translated later from a
    variable (`t(status)`): returns it unchanged."""
    return message


def _catalogue():  # noqa: ANN202 - gettext is imported only here
    global _translations
    if _translations is None:
        import gettext  # only for Swedish: an English start need not import it

        try:
            _translations = gettext.translation(DOMAIN, LOCALE_DIR, ["sv"])
        except OSError:
            # An install without its compiled catalogue: say so once, and go on in English
            # rather than stop a retro (the tests make sure a build has it).
            print(MISSING, file=sys.stderr)
            _translations = gettext.NullTranslations()
    return _translations


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
    """`gettext(message)`, then its fields filled. (The empty string is gettext's key for the
    catalogue's header, so it stays empty.)"""
    text = _catalogue().gettext(message) if _language == "sv" and message else message
    return text.format(**params) if params else text


def n(singular: str, plural: str, count: int, /, **params: object) -> str:
    """A message with a number in it, in the form that number needs: `ngettext(singular,
    plural, count)`, then its fields filled. `{count}` is the count unless given otherwise, so
    `n("{count} item", "{count} items", len(items))`; a message may name its number as it likes
    (`n("{days} day left", "{days} days left", days, days=days)`). Both forms are whole
    sentences with a field for every number. English and Swedish both use the singular for
    exactly one, the plural for everything else (0 too)."""
    if _language == "sv":
        text = _catalogue().ngettext(singular, plural, count)
    else:
        text = singular if count == 1 else plural
    return text.format(**{"count": count, **params})


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
