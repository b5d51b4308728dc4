"""Parsed CSS kept on disk between starts: the second start reads the rules back instead of
parsing, and paints exactly what the first did; a bad cache or bad CSS changes nothing."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import StylesheetParseError

from retro.tui.app import RetroApp, make_app
from retro.tui.fast.css_cache import CachedStylesheet, css_cache_path
from retro.tui.screens.library import FormatLibraryScreen
from tests.app.fast_support import needs

PALETTE = {"primary": "#ffd75f", "background": "#000000"}


async def screens_of(app: RetroApp) -> tuple[str, str, int]:
    """The home screen and the format library as painted, and how many parses the cache saved."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.export_screenshot(simplify=True)
        hits = app.stylesheet.hits  # type: ignore[attr-defined]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        library = app.export_screenshot(simplify=True)
    return home, library, hits


@needs("css_cache")
async def test_a_second_start_reads_the_rules_back_and_paints_the_same(repo, clock) -> None:  # noqa: ANN001
    assert not css_cache_path().exists()
    first = await screens_of(make_app(repo, clock=clock, language="en"))
    assert first[2] == 0
    assert css_cache_path().exists()
    second = await screens_of(make_app(repo, clock=clock, language="en"))
    assert second[2] >= 10  # app.tcss and the default CSS of the home screen's widgets
    assert second[:2] == first[:2]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x03.", b"\x80\x05}q\x00X\x01\x00\x00\x00aq\x01C\x01xs."])
@needs("css_cache")
async def test_a_damaged_cache_only_means_parsing(repo, clock, damage: bytes) -> None:  # noqa: ANN001
    first = await screens_of(make_app(repo, clock=clock, language="en"))
    css_cache_path().write_bytes(damage)
    again = await screens_of(make_app(repo, clock=clock, language="en"))
    assert again[2] == 0 and again[:2] == first[:2]


def test_rules_with_errors_are_never_kept(tmp_path) -> None:  # noqa: ANN001
    for _ in range(2):
        sheet = CachedStylesheet(variables=PALETTE, cache_file=tmp_path / "css.pickle")
        sheet.add_source("Label { colour: red; }", read_from=("x.tcss", ""))
        with pytest.raises(StylesheetParseError):
            sheet.parse()
        assert sheet.hits == 0
    assert not (tmp_path / "css.pickle").exists()


def test_other_theme_variables_are_other_entries(tmp_path) -> None:  # noqa: ANN001
    def parsed(variables: dict[str, str]) -> CachedStylesheet:
        sheet = CachedStylesheet(variables=variables, cache_file=tmp_path / "css.pickle")
        sheet.add_source("Label { color: $primary; }", read_from=("x.tcss", ""))
        sheet.parse()
        return sheet

    assert parsed(PALETTE).hits == 0
    assert parsed(PALETTE).hits == 1
    light = parsed({**PALETTE, "primary": "#005f87"})
    assert light.hits == 0
    [rule] = light.rules
    assert rule.styles.color.hex == "#005F87"


@needs("css_cache")
async def test_another_textual_install_does_not_read_the_rules(repo, clock, monkeypatch) -> None:  # noqa: ANN001
    first = await screens_of(make_app(repo, clock=clock, language="en"))
    monkeypatch.setattr("retro.tui.fast.css_cache._textual_stamp", lambda: ((3, 99), ()))  # an upgrade
    again = await screens_of(make_app(repo, clock=clock, language="en"))
    assert again[2] == 0 and again[:2] == first[:2]
