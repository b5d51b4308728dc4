"""Hatch build hook: compiles the Swedish catalogue (retro.po) to the retro.mo the app reads.

Runs on every wheel build, the editable one that `make` installs too. The .mo is written
beside the .po in the source tree, which is where an editable install finds it, and added to
the wheel from there (it is git-ignored, so it is named as an artifact). A build without it
would start in English only, so a .po that cannot be read stops the build. This file is
tooling: it is not shipped in the wheel.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MESSAGES = "retro/i18n/locale/sv/LC_MESSAGES"
PO = f"{MESSAGES}/retro.po"
MO = f"{MESSAGES}/retro.mo"


def compile_catalogue(po: Path, mo: Path) -> None:
    """retro.po -> retro.mo, written whole or not at all (a reader never sees half a file)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source, locale="sv", domain="retro", abort_invalid=True)
    fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".retro.mo.")
    try:
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalogue)  # fuzzy entries are left out, as msgfmt does
        os.chmod(tmp, 0o644)  # mkstemp's file is private; an installed catalogue is for everyone
        os.replace(tmp, mo)
    except BaseException:
        os.unlink(tmp)
        raise


class CompileTranslations(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        compile_catalogue(root / PO, root / MO)
        build_data["artifacts"].append(MO)
