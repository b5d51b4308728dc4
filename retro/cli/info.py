"""`retro info`: where the store is and what it holds."""

from __future__ import annotations

import click

from retro import __version__
from retro.cli.common import Settings, echo, emit_json, pass_settings
from retro.domain.kata import Experiment, TargetCondition
from retro.domain.retro import Retro
from retro.paths import builtin_formats_dir, user_formats_dir


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def info(settings: Settings, as_json: bool) -> None:
    """Show the store's path, schema version and contents."""
    repo = settings.repo()
    data = {
        "version": __version__,
        "store": str(repo.path),
        "schema_version": repo.schema_version,
        "builtin_formats": str(builtin_formats_dir()),
        "user_formats": str(user_formats_dir()),
        "counts": {
            "retros": len(repo.all(Retro)),
            "target_conditions": len(repo.all(TargetCondition)),
            "experiments": len(repo.all(Experiment)),
        },
    }
    if as_json:
        emit_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        echo(f"{key:16} {value}")
