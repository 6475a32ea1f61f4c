"""How commands fail: CommandUsageError is one line "Error: ..." with exit code 2 (no usage
block), a failed run exit code 1, a time limit exit code 3; in-process with click's CliRunner."""

from __future__ import annotations

import ast

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from tutor.cli import cli
from tutor.cli.errors import CommandUsageError, TimeLimitError


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_the_error_types_are_click_exceptions_with_their_exit_codes():
    assert issubclass(CommandUsageError, click.ClickException) and CommandUsageError("x").exit_code == 2
    assert issubclass(TimeLimitError, click.ClickException) and TimeLimitError("x").exit_code == 3


@pytest.mark.parametrize("args, message", [
    (("solve", "gradient", "x^"), "Error: cannot read EXPR 'x^': "),
    (("solve", "gradient", "x^2 + y^2", "--vars", "x,sin"), "Error: --vars: 'sin' is a function"),
    (("solve", "derivative", "x*y"), "Error: give --wrt: EXPR has the variables x, y"),
    (("solve", "gd", "a*x^2", "--vars", "x", "--start", "1", "--rate", "0.1"),
     "Error: gradient descent needs numbers"),
    (("new", "exercise", "Not An Id"), "Error: "),
])
def test_a_usage_error_is_one_line_and_exit_code_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(message)
    assert "Usage:" not in result.output and result.stdout == ""


def test_a_method_that_cannot_go_on_is_exit_code_1():
    result = invoke("solve", "newton", "x^3", "--start", "0")
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ")


def test_no_command_prints_an_error_and_exits_by_hand():
    """Errors are raised (click shows them); sys.exit is left for results: a verdict, a report."""
    for path in sorted((ROOT / "tutor" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "echo":
                text = ast.unparse(node)
                assert not ("Error:" in text and "err=True" in text), f"{path.name}: {text}"
        assert "def _usage" not in path.read_text(encoding="utf-8") and "def _refuse" not in path.read_text(
            encoding="utf-8")
