"""Textual's stylesheet, with the rules it parses kept on disk from one start to the next.

Parsing the CSS the home screen needs (app.tcss and the default CSS of Textual's widgets) is a
real part of every start, always the same text with the same theme variables; loading the
parsed rules back is a fraction of it. Textual itself caches parsed rules only within a process.

An entry is found by a digest of everything the parse depends on: the CSS text, where it was
read from, its priority and scope, and the theme's variables; the whole cache is for one
Textual install and Python version (the rules are Textual's own objects, pickled). Rules with errors are never kept, so a broken
stylesheet is reported as Textual reports it. The cache is the user's own file in the user
cache dir, trusted as the user's own files are; one that cannot be read only means parsing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import textual
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation


def css_cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("retro", appauthor=False)) / "css.pickle"


def _textual_stamp() -> tuple[object, ...]:
    """Which Textual (and Python) made the pickled rules: the stat of the modules that define
    them, so an upgrade or a reinstall makes every entry stale. (Not `textual.__version__`:
    Textual looks that up with importlib.metadata, which is slow.)"""
    from textual.css import model, styles, stylesheet

    files = (textual.__file__, model.__file__, styles.__file__, stylesheet.__file__)
    return (sys.version_info[:2], tuple((f, os.stat(f).st_mtime_ns, os.stat(f).st_size) for f in files))


class CachedStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None, cache_file: Path | None = None) -> None:
        super().__init__(variables=variables)
        self.cache_file = cache_file
        self._disk: dict[str, bytes] | None = None  # read on the first parse
        self._used: dict[str, bytes] = {}  # what this process found or parsed: the next cache
        self._new = False
        self._variables_digest: str | None = None
        self.start_variables: dict[str, str] | None = None  # see redundant_refresh
        self.hits = 0  # parses the disk cache saved (for tests and benches)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_digest = None

    def _digest(self, key: tuple[Any, ...]) -> str:
        if self._variables_digest is None:
            self._variables_digest = hashlib.sha1(repr(sorted(self._variables.items())).encode()).hexdigest()
        return hashlib.sha1(repr((key, self._variables_digest)).encode()).hexdigest()

    def _disk_entries(self) -> dict[str, bytes]:
        if self._disk is None:
            self._disk = {}
            if self.cache_file is not None:
                with contextlib.suppress(Exception):  # missing, damaged or foreign: parse instead
                    stamp, entries = pickle.loads(self.cache_file.read_bytes())
                    if stamp == _textual_stamp() and isinstance(entries, dict):
                        self._disk = entries
        return self._disk

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        if key not in self._parse_cache and self.cache_file is not None:
            digest = self._digest(key)
            blob = self._disk_entries().get(digest)
            if blob is not None:
                try:
                    rules = pickle.loads(blob)
                except Exception:  # written by something else: parse it
                    rules = None
                if isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules):
                    self._parse_cache[key] = rules
                    self._used[digest] = blob
                    self.hits += 1
                    return rules
            rules = super()._parse_rules(css=css, read_from=read_from, is_default_rules=is_default_rules,
                                         tie_breaker=tie_breaker, scope=scope)
            if not any(rule.errors for rule in rules):
                self._used[digest] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                self._new = True
            return rules
        return super()._parse_rules(css=css, read_from=read_from, is_default_rules=is_default_rules,
                                    tie_breaker=tie_breaker, scope=scope)

    def parse(self) -> None:
        super().parse()
        self.save_cache()

    def save_cache(self) -> None:
        """Keep what this process parsed for the next start. Written as soon as it is parsed
        (a start may be cut short right after its first paint); only a start that parsed
        something new writes (the rules are pickled once, when parsed). Only what this
        process used is kept, so CSS edited away does not pile up."""
        if not self._new or self.cache_file is None:
            return
        self._new = False
        with contextlib.suppress(OSError):  # a cache that cannot be written is no loss
            self.cache_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pickle.dumps((_textual_stamp(), self._used), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self.cache_file)



def install(app: App[Any]) -> None:
    """The app's stylesheet becomes a cached one, parsed with the theme the app has now.

    Textual's theme watcher has queued a refresh_css when the app set its theme: a second parse
    of every stylesheet and a restyle of the whole DOM right after the first. Nothing is parsed
    yet, so the stylesheet gets this theme's variables now, and that one queued refresh goes
    when it finds them unchanged (`redundant_refresh`, asked by RetroApp.refresh_css)."""
    stylesheet = CachedStylesheet(variables=app.get_css_variables(), cache_file=css_cache_path())
    stylesheet.start_variables = app.get_css_variables()
    app.stylesheet = stylesheet


def redundant_refresh(app: App[Any]) -> bool:
    """True for the refresh queued before the start, when the theme is still the one the
    stylesheet was made with (once: any later refresh is a real one)."""
    stylesheet = app.stylesheet
    if not isinstance(stylesheet, CachedStylesheet):
        return False
    before, stylesheet.start_variables = stylesheet.start_variables, None
    return before is not None and before == app.get_css_variables()
