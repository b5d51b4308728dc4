"""What the speed layer (retro/tui/fast/) takes from Textual's private API, checked against the
installed Textual: each private module, class attribute and method it uses exists, and takes
the keyword arguments the layer passes. Textual changes its privates in patch releases (the
8.2.6 -> 8.2.7 change of StylesCache.render_line's parameters broke a hundred and fifty
tests at once); after an upgrade, a failure here names the override to look at.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from tests.unit.test_textual_private import textual_ancestor_names


def takes(function: Callable[..., object], *names: str) -> None:
    """`function` accepts each of `names` as a keyword argument (or `*args` where noted)."""
    parameters = inspect.signature(function).parameters
    for name in names:
        if name.startswith("*"):
            assert any(p.kind is p.VAR_POSITIONAL for p in parameters.values()), (function, name)
        else:
            assert name in parameters and parameters[name].kind in (
                inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY), (function, name)


def slots_of(cls: type) -> frozenset[str]:
    """The private names `cls` and its Textual ancestors define (class body, or set on `self`)."""
    return textual_ancestor_names(cls)


# -- compositor (fast/compositor.py, fast/screens.py) -------------------------------------

def test_compositor_cropped_updates() -> None:
    module = importlib.import_module("textual._compositor")
    compositor = module.Compositor
    assert hasattr(module, "ReflowResult")
    takes(compositor.reflow, "parent", "size")
    takes(compositor.update_widgets, "widgets")
    takes(compositor._get_renders, "crop")
    takes(compositor.render_full_update)
    takes(compositor.render_partial_update)
    assert {"_full_map_invalidated", "_full_map", "_dirty_regions"} <= slots_of(compositor)
    assert isinstance(inspect.getattr_static(compositor, "visible_widgets"), property)
    assert "_compositor" in slots_of(Screen)


def test_compositor_kept_lines() -> None:
    from textual._styles_cache import StylesCache

    assert {"_cache", "_dirty_lines"} <= slots_of(StylesCache)
    takes(StylesCache.render_widget, "widget", "crop")
    assert "_styles_cache" in slots_of(Widget)
    assert callable(OptionList._update_lines)
    assert "_render_markup" in slots_of(Static)
    assert "_css_update_count" in slots_of(App)
    assert "_parent" in slots_of(importlib.import_module("textual.message_pump").MessagePump)
    from textual.css.styles import RenderStyles

    assert "_cache_key" in slots_of(RenderStyles)  # (a widget's `styles`)


def test_screens_register_hook() -> None:
    takes(App._register, "parent", "*widgets", "before", "after", "cache")


# -- css_cache (fast/css_cache.py) ---------------------------------------------------------

def test_css_cache() -> None:
    takes(Stylesheet._parse_rules, "css", "read_from", "is_default_rules", "tie_breaker", "scope")
    assert {"_parse_cache", "_variables"} <= slots_of(Stylesheet)


# -- ahead (fast/ahead.py) and restyle (fast/restyle.py) -----------------------------------

def test_ahead() -> None:
    takes(Screen._refresh_layout, "size")
    assert "_layout_required" in slots_of(Screen) | slots_of(Widget)
    assert isinstance(inspect.getattr_static(Screen, "_update_timer"), property)
    assert "_css_update_count" in slots_of(Screen)


def test_restyle() -> None:
    from textual.events import ScreenResume

    assert "_css_update_count" in slots_of(Screen) and "_css_update_count" in slots_of(App)
    assert ScreenResume().refresh_styles is True


# -- finished_lines (fast/finished_lines.py) -----------------------------------------------

def test_finished_lines() -> None:
    from textual._styles_cache import StylesCache

    from retro.tui.fast.finished_lines import FinishedLines

    # Called back by keyword with exactly these: any rename or new parameter fails here.
    ours = list(inspect.signature(FinishedLines.render_line).parameters)
    theirs = list(inspect.signature(StylesCache.render_line).parameters)
    assert ours == theirs
    # Put in a widget's place of its StylesCache (keep_finished_lines: an input, an ItemList).
    assert "_styles_cache" in slots_of(Widget)
    from textual.css.styles import RenderStyles  # (a widget's `styles`)

    assert isinstance(inspect.getattr_static(RenderStyles, "_cache_key"), property)


# -- input_line (fast/input_line.py) -------------------------------------------------------

def test_input_line() -> None:
    for name in ("_cursor_visible", "_suggestion"):
        assert isinstance(inspect.getattr_static(Input, name), Reactive), name


# -- footer (fast/footer.py) ---------------------------------------------------------------

def test_footer_watchers() -> None:
    reactive = importlib.import_module("textual.reactive")
    source = inspect.getsource(reactive)
    assert 'setattr(obj, "__watchers", {})' in source  # where data_bind's watchers are kept
    assert "_closing" in slots_of(importlib.import_module("textual.message_pump").MessagePump)


def test_footer_fails_loudly_without_watchers() -> None:
    from retro.tui.fast.footer import forget_removed_keys

    class Footer:
        children = [object()]

    with pytest.raises(RuntimeError, match="__watchers"):
        forget_removed_keys(Footer())  # type: ignore[arg-type]
