"""Project hygiene: CI runs what the README says, no Python evaluation of text, packaging lists every package."""

from __future__ import annotations

import ast
import io
import tokenize
import tomllib

import pytest

from helpers import README, ROOT, fenced_blocks

SOURCES = sorted((ROOT / "tutor").rglob("*.py"))
FORBIDDEN_CALLS = {"eval", "exec", "sympify", "parse_expr"}


def test_ci_runs_the_readme_test_command():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    readme_command = fenced_blocks(README)[1].strip()
    assert "\n" not in readme_command, "the README's test command should be one line"
    assert "pytest" in readme_command
    assert commands[-1] == readme_command


def test_ci_script_fails_on_the_first_error():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert text.startswith("#!")
    assert "set -euo pipefail" in text


def forbidden_calls(source: str) -> list[tuple[int, str]]:
    """(line, name) of each call of a forbidden name; comments and strings do not count, nor do
    definitions (``def eval(cls, z)``, SymPy's hook for a Function) or methods called ``eval``/``exec``
    on an object; ``sympy.sympify(`` and ``parse_expr(`` count however they are reached."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                tokenize.DEDENT)]
    found = []
    for previous, token, following in zip([None, *tokens], tokens, tokens[1:]):
        if token.type != tokenize.NAME or token.string not in FORBIDDEN_CALLS or following.string != "(":
            continue
        before = previous.string if previous is not None else ""
        if before == "def" or (before == "." and token.string in {"eval", "exec"}):
            continue
        found.append((token.start[0], token.string))
    return found


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """Imports of sympify / parse_expr, which would allow calling them under another name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in {"sympify", "parse_expr", "*"} and (node.module or "").startswith("sympy"):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
            if (node.module or "").startswith("sympy.parsing"):
                found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sympy.parsing"):
                    found.append((node.lineno, f"import {alias.name}"))
    return found


def test_the_forbidden_call_finder_works():
    assert forbidden_calls("x = eval('1')\n") == [(1, "eval")]
    assert forbidden_calls("y = sympy.sympify(text)\n") == [(1, "sympify")]
    assert forbidden_calls("z = parse_expr (text)\n") == [(1, "parse_expr")]
    assert forbidden_calls("exec(code)\n") == [(1, "exec")]
    assert forbidden_calls("# never eval(text) or sympify(text)\nx = 1\n") == []
    assert forbidden_calls('"""No eval(, exec( or parse_expr( here."""\n') == []
    assert forbidden_calls("evaluate(x)\nmy_eval(x)\n") == []
    assert forbidden_calls("class f:\n    def eval(cls, z):\n        return None\n") == []
    assert forbidden_calls("f.eval(z)\n") == []
    assert forbidden_calls("x = y.parse_expr(t)\n") == [(1, "parse_expr")]
    assert forbidden_imports("from sympy import sympify\n") == [(1, "from sympy import sympify")]
    assert forbidden_imports("from sympy.parsing.sympy_parser import parse_expr\n")


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_python_evaluation_in_the_engine(path):
    source = path.read_text(encoding="utf-8")
    assert forbidden_calls(source) == [], f"{path.relative_to(ROOT)} calls a text evaluator"
    assert forbidden_imports(source) == [], f"{path.relative_to(ROOT)} imports a text evaluator"


def test_there_are_sources_to_check():
    assert len(SOURCES) >= 20


def test_every_package_of_tutor_is_listed_in_pyproject():
    """pyproject lists packages by hand; a package missing there is missing from `pip install .`."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    packages = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "tutor").rglob("__init__.py")}
    assert packages - listed == set(), "packages missing from [tool.setuptools] packages"
    for name in listed - {"tutor_exercises"}:
        assert (ROOT / name.replace(".", "/") / "__init__.py").is_file(), f"{name} is listed but has no __init__.py"


def test_every_python_directory_of_tutor_is_a_package():
    """A directory of modules without __init__.py would be left out of the install silently."""
    for path in SOURCES:
        assert (path.parent / "__init__.py").is_file(), f"{path.parent.relative_to(ROOT)} has no __init__.py"
