"""Babel's extractor for retro's code (`make messages`, through babel.cfg beside this file).

Babel's own Python extractor reads only positional arguments, and retro's strings also live in
keyword arguments (`Binding(..., tooltip="...")`). This one reads the syntax tree instead and
finds, as literal strings:

  t("...")  N_("...")  RuleError("...")             one message
  n("...", "...", count)  RuleError.counted(...)     singular and plural (ngettext)
  Binding(key, action, "...", tooltip="...")         a key's description and tooltip

Run with `--no-default-keywords -k t -k n:1,2`: every message comes out as a `t` (one string)
or an `n` (two). Not shipped in the wheel, not imported by the app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

SINGLE = {"t", "N_", "RuleError"}
PLURAL = {"n", "counted"}


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        return node.value
    return None


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def messages(source: str) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, "t" or "n", the message's strings) for each message in `source`, in line order."""
    found = []
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        name, args = _name(call), call.args
        if name in SINGLE and args and _literal(args[0]):
            found.append((call.lineno, call.col_offset, "t", (_literal(args[0]),)))
        elif name in PLURAL and len(args) >= 3 and _literal(args[0]) and _literal(args[1]):
            found.append((call.lineno, call.col_offset, "n", (_literal(args[0]), _literal(args[1]))))
        elif name == "Binding":
            texts = [args[2]] if len(args) >= 3 else []
            texts += [kw.value for kw in call.keywords if kw.arg in ("description", "tooltip")]
            for text in filter(None, map(_literal, texts)):
                found.append((call.lineno, call.col_offset, "t", (text,)))
    for line, _, kind, strings in sorted(found, key=lambda f: f[:2]):
        yield line, kind, strings  # type: ignore[misc]


def extract_retro(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: dict[str, Any]) -> Iterator[tuple[int, str, tuple[str, ...], list[str]]]:
    """Babel's extraction method: (line, keyword, messages, translator comments)."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, kind, strings in messages(source):
        yield line, kind, strings, []
