"""No import cycle in tutor/: the imports each module runs when it is loaded (its
module-level import statements, inside module-level if/try blocks too, not inside
functions) form no cycle. An import names its module: ``from tutor.steps import render``
is tutor.steps.render when that is a module, else tutor.steps (the package's __init__).
The parent package that Python loads first is not counted, so a package's __init__ may
re-export its modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tutor"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def module_level_imports(path: Path, name: str, known: set, inside_functions: bool = False) -> set[str]:
    """The tutor modules ``path`` imports when it is loaded (``inside_functions``: and those its
    functions import when they run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if not inside_functions and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: from the package, up level - 1
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:  # a submodule, else a name the module (base) defines
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return {m for m in found if m in known and m != name}


def import_graph(inside_functions: bool = False) -> dict[str, set[str]]:
    known = modules()
    return {name: module_level_imports(path, name, set(known), inside_functions) for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_the_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_module_level_imports_only():
    graph = import_graph()
    assert "tutor.steps.model" in graph["tutor.steps.render"]
    assert "tutor.language.values" in graph["tutor.calculus"]
    assert "tutor.steps.render" not in graph["tutor.solutions"]  # imported inside a function
    assert "tutor.steps.render" in import_graph(inside_functions=True)["tutor.solutions"]


def test_no_import_cycle_in_tutor():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_import_cycle_behind_a_function_level_import_either():
    """A lazy import inside a function must not hide a cycle (model -> render -> model)."""
    cycle = find_cycle(import_graph(inside_functions=True))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)
