"""The package's layers, checked by walking every module's imports (ast, nothing imported).

A source model must not depend on a runtime that consumes it (``model`` → ``watch``), and a
taboo check should see a narrow context rather than the engine that runs it (``checks`` →
``engine``). A test that reads the import statements keeps such a rule from eroding one
convenient import at a time.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "playbook"


def _module_name(file: Path) -> str:
    parts = list(file.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(file: Path, module: str | None = None) -> set[str]:
    """Every module ``file`` (the module named ``module``) imports, relative imports
    resolved, at any depth of the code (an import inside a function or under
    ``TYPE_CHECKING`` still couples the layers)."""
    module = module or _module_name(file)
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from playbook import watch` imports the subpackage too
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def violations(layer: str, forbidden: str) -> list[str]:
    """``file: imported module`` for each import from ``playbook.<layer>`` into ``playbook.<forbidden>``."""
    prefix = f"playbook.{forbidden}"
    found = []
    for file in sorted((PACKAGE / layer).rglob("*.py")):
        for name in sorted(imports_of(file)):
            if name == prefix or name.startswith(prefix + "."):
                found.append(f"{file.relative_to(PACKAGE.parent)}: {name}")
    return found


def test_the_walker_sees_relative_and_nested_imports(tmp_path: Path) -> None:
    """The checks below are only as good as the walker: it must see every spelling."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ..watch import model\n"
        "def f():\n    import playbook.engine.state\n"
        "from playbook import checks\n",
        encoding="utf-8",
    )
    seen = imports_of(probe, "playbook.model.probe")
    assert {"playbook.watch", "playbook.watch.model", "playbook.engine.state", "playbook.checks"} <= seen


def test_model_does_not_import_watch() -> None:
    assert violations("model", "watch") == []


def test_checks_do_not_import_engine() -> None:
    assert violations("checks", "engine") == []


def _names_and_strings(file: Path) -> tuple[set[str], set[str]]:
    """Identifiers (names, attributes, imported names) and string constants of a module."""
    names: set[str] = set()
    strings: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
    return names, strings


def test_a_check_kind_is_written_in_two_files() -> None:
    """A check kind is its source model (model/taboos.py) and one module of checks/ holding
    its compiled form and its table row. Any other module naming several kinds would be a
    third list to keep in step, so none may: not by class, not by ``kind`` string."""
    from playbook.checks import KINDS

    classes = {row.source.__name__ for row in KINDS}
    kinds = {row.kind for row in KINDS}
    assert len(classes) == len(kinds) >= 7
    lists = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        names, strings = _names_and_strings(file)
        # two kind strings can be a coincidence ("phrases", "sla" are also section names)
        if len(names & classes) > 1 or len(strings & kinds) > 2:
            lists[str(file.relative_to(PACKAGE.parent))] = sorted((names & classes) | (strings & kinds))
    assert list(lists) == ["playbook/model/taboos.py"], lists


def test_each_check_kind_row_lives_with_its_compiled_check() -> None:
    """The row of a kind is the ``KIND`` of the module that builds it, one module per kind."""
    import importlib

    from playbook.checks import KINDS

    modules = [row.build.__module__ for row in KINDS]
    assert len(set(modules)) == len(modules)
    for row, name in zip(KINDS, modules):
        assert name.startswith("playbook.checks.") and importlib.import_module(name).KIND is row
