"""Textual's private API is used in retro/tui/fast/ only (issue #20): everywhere else in retro/,
no `textual._*` module is imported and no `_`-prefixed member of a Textual object is read,
set or overridden. Textual is pinned exactly, but its privates change between patch releases
without notice; keeping them in one package keeps one place to check on an upgrade
(tests/unit/test_textual_contract.py).

What counts as Textual's: a name that a class of Textual's defines, in its class body or as
`self._name = ...` in its methods (found from Textual's own source). Our own `_`-members do not
count, unless they take a name a Textual ancestor of the class already has (that is an
override). Found from the AST of our source and, for the classes, their MRO at run time.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import textual

ROOT = Path(__file__).resolve().parents[2]
RETRO = ROOT / "retro"
FAST = RETRO / "tui" / "fast"
TEXTUAL = Path(textual.__file__).resolve().parent

def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def textual_module_members() -> dict[str, dict[str, set[str]]]:
    """For each Textual module, each class's own private names: its class body's, and those its
    methods assign on `self`."""
    found: dict[str, dict[str, set[str]]] = {}
    for path in TEXTUAL.rglob("*.py"):
        module = ".".join(path.relative_to(TEXTUAL.parent).with_suffix("").parts).removesuffix(".__init__")
        classes: dict[str, set[str]] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = classes.setdefault(node.name, set())
            for statement in node.body:
                names.update(defined_names(statement))
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "self" \
                        and isinstance(inner.ctx, ast.Store):
                    names.add(inner.attr)
            # Name mangling: `self.__x` in class C is `_C__x` on the object.
            names.update(f"_{node.name.lstrip('_')}{name}" for name in list(names) if name.startswith("__")
                         and not name.endswith("__"))
            names.intersection_update({name for name in names if private(name)})
        found[module] = classes
    return found


@cache
def textual_private_names() -> frozenset[str]:
    """Every private name any Textual class defines: for an object whose class we cannot tell."""
    return frozenset(name for classes in textual_module_members().values() for names in classes.values()
                     for name in names)


def textual_ancestor_names(cls: type) -> frozenset[str]:
    """The private names the Textual classes in `cls`'s MRO define."""
    members = textual_module_members()
    names: set[str] = set()
    for base in cls.__mro__:
        module = base.__module__ or ""
        if module == "textual" or module.startswith("textual."):
            names |= members.get(module, {}).get(base.__name__, set())
            names |= {name for name in vars(base) if private(name)}
    return frozenset(names)


def textual_private_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "textual" and any(part.startswith("_") for part in parts[1:])


class Finder(ast.NodeVisitor):
    def __init__(self, module: object) -> None:
        self.module = module
        self.classes: list[frozenset[str] | None] = []  # the Textual names of the enclosing classes
        self.scope: list[object] = [module]
        self.hits: list[tuple[int, str]] = []

    def hit(self, node: ast.AST, what: str) -> None:
        self.hits.append((node.lineno, what))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if textual_private_module(alias.name):
                self.hit(node, f"imports {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if textual_private_module(module):
            self.hit(node, f"imports from {module}")
        elif module.split(".")[0] == "textual":
            for alias in node.names:
                if private(alias.name):
                    self.hit(node, f"imports {module}.{alias.name}")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        cls = getattr(self.scope[-1], node.name, None)
        textual_names = textual_ancestor_names(cls) if isinstance(cls, type) else None
        self.classes.append(textual_names)
        self.scope.append(cls)
        if textual_names:
            for statement in node.body:
                for name in defined_names(statement):
                    if name in textual_names:
                        self.hit(statement, f"overrides Textual's {node.name}.{name}")
        self.generic_visit(node)
        self.scope.pop()
        self.classes.pop()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = node.attr
        if private(name):
            own = self.classes[-1] if self.classes else None
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                if own and name in own:
                    self.hit(node, f"uses Textual's {name} (inherited)")
            elif name in textual_private_names():
                self.hit(node, f"uses Textual's {name}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        # getattr(x, "_name"), setattr(x, "_name", ...), vars(x)["_name"]: a private by its string.
        if isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr", "delattr"):
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
                name = node.args[1].value
                if (private(name) and name.startswith("__")) or name in textual_private_names():
                    self.hit(node, f"{node.func.id} of Textual's {name}")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value in textual_private_names():
            self.hit(node, f"looks up Textual's {key.value}")
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for part in (node.left, *node.comparators):  # `"_Screen__x" in vars(screen)`
            if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value in textual_private_names():
                self.hit(node, f"looks up Textual's {part.value}")
        self.generic_visit(node)


def defined_names(statement: ast.stmt) -> Iterator[str]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        yield statement.name
    elif isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id
    elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        yield statement.target.id


def scanned() -> Iterator[Path]:
    for path in sorted(RETRO.rglob("*.py")):
        if FAST not in path.parents:
            yield path


def private_uses(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Its classes as they are at run time, for their MROs (`__main__` would run the program).
    has_classes = path.name != "__main__.py" and any(isinstance(node, ast.ClassDef) for node in ast.walk(tree))
    finder = Finder(importlib.import_module(module_name) if has_classes else None)
    finder.visit(tree)
    return [f"{relative}:{line}: {what}" for line, what in sorted(set(finder.hits))]


def test_no_textual_private_outside_the_fast_layer() -> None:
    found = [hit for path in scanned() for hit in private_uses(path)]
    assert not found, "Textual private API outside retro/tui/fast/:\n" + "\n".join(found)


# The finder itself: it sees each kind of use, and not our own `_`-members.
SAMPLE = '''
from textual._time import get_time
from textual.widgets._footer import FooterKey
from textual.screen import Screen
from textual.widgets import Input

class Ours:
    def __init__(self):
        self._compositor = 1          # not a Textual class: its own member

class Field(Input):
    _cursor_visible = 1               # override of Input's private reactive
    def __init__(self):
        self._mine = 2                # our own member
        self._lines = {}              # collides with no Input member? (see below)
    def _on_paste(self, event):       # override of a Textual handler
        return self._mine
    def watch(self):
        return self._cursor_blink_visible if False else self._mine

def f(screen):
    screen._css_update_count = 0      # a Textual object's private
    return getattr(screen, "__watchers", None)
'''


def test_the_finder_sees_each_kind_of_use(tmp_path: Path) -> None:
    namespace: dict[str, object] = {}
    exec(compile(SAMPLE, "sample", "exec"), namespace)  # noqa: S102 - our own sample
    module = type("Module", (), namespace)
    finder = Finder(module)
    finder.visit(ast.parse(SAMPLE))
    found = {what for _, what in finder.hits}
    assert "imports textual._time" not in found  # (from-import: reported by its module)
    assert "imports from textual._time" in found
    assert "imports from textual.widgets._footer" in found
    assert "overrides Textual's Field._cursor_visible" in found
    assert "overrides Textual's Field._on_paste" in found
    assert "uses Textual's _css_update_count" in found
    assert "getattr of Textual's __watchers" in found
    assert not any("_mine" in what or "Ours" in what for what in found)
    lines = {line for line, _ in finder.hits}
    assert 9 not in lines  # Ours._compositor


def test_textual_names_come_from_the_mro() -> None:
    from textual.screen import Screen
    from textual.widgets import Input

    assert "_compositor" in textual_ancestor_names(Screen)
    assert "_cursor_visible" in textual_ancestor_names(Input)
    assert "_Screen__update_timer" in textual_ancestor_names(Screen)
    assert "_compositor" not in textual_ancestor_names(Input)
    assert inspect.isclass(Screen)
