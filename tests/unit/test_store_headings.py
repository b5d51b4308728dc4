"""`retro_headings`: what the home screen lists of the newest retros, read without converting
them whole; the same retros, order and fields as `retros(limit)`, and the same refusals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from retro.domain.retro import Participant, Retro
from retro.store import Repository, StoreError


def _heading(r: Retro) -> tuple[object, ...]:
    return (r.id, r.format_id, r.team, r.started_at, r.status)


@pytest.fixture
def many(repo: Repository) -> Repository:
    """Retros over 14 months, several per month, two starting at the same minute, one closed."""
    for month in range(1, 15):
        year, m = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
        for day in (3, 17, 17):
            retro = Retro.start("hybrid-experiments", f"Team {month}-{day}", [Participant("Anna")],
                                datetime(year, m, day, 13, 0))
            retro.add_item("worked", f"item of {month}-{day}", "Anna", datetime(year, m, day, 13, 5))
            repo.add(retro)
    last = repo.retros(limit=1)[0]
    repo.update(Retro, last.id, lambda r: setattr(r, "status", "closed"))
    return repo


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 12, 100])
def test_headings_are_the_newest_retros_in_the_same_order(many: Repository, limit: int) -> None:
    assert [tuple(h) for h in many.retro_headings(limit)] == [_heading(r) for r in many.retros(limit=limit)]


def test_a_fresh_repository_converts_no_retro_for_the_headings(many: Repository, store_path: Path) -> None:
    fresh = Repository.open(store_path)
    headings = fresh.retro_headings(12)
    assert len(headings) == 12 and headings[0].status == "closed"
    assert all(not f.converted for f in fresh._files.values())  # nothing converted whole
    read = {p.name for p in fresh._files}
    assert "retros-2025-01.json" not in read  # only the newest months were read


def test_no_retros_no_headings(repo: Repository) -> None:
    assert repo.retro_headings(12) == []


@pytest.mark.parametrize("damage", [{"started_at": "not a date"}, {"started_at": None}, {"team": 7}, {"id": None}])
def test_a_damaged_retro_fails_as_a_full_read_does(many: Repository, store_path: Path, damage: dict) -> None:
    newest = sorted((store_path.parent / f"{store_path.name}.d").glob("retros-*.json"))[-1]
    data = orjson.loads(newest.read_bytes())
    doc = next(iter(data["retros"].values()))
    doc.update(damage)
    newest.write_bytes(orjson.dumps(data))
    outcomes = []
    for read in (lambda r: r.retros(limit=12), lambda r: r.retro_headings(12)):
        try:
            outcomes.append(("ok", [tuple(x)[:3] if isinstance(x, tuple) else _heading(x)[:3] for x in read(Repository.open(store_path))]))
        except StoreError as exc:
            outcomes.append(("refused", str(exc)))
        except TypeError:
            outcomes.append(("unsortable", ""))
    assert outcomes[0] == outcomes[1]
