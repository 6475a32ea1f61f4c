"""docs/plugins.md documents every hook with a working example, and the examples work."""

from __future__ import annotations

import inspect
import re

import pytest

from helpers import ROOT, invoke_tutor
from tutor import hookspecs

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)[ \t]*(\w*)\n(.*?)^```", re.S | re.M)


def _hook_names() -> list[str]:
    return [name for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(function, "tutor_spec")]


def _blocks(tag: str) -> list[str]:
    return [body for _, info, body in BLOCK.findall(DOC) if info == tag]


def test_there_are_hooks():
    assert len(_hook_names()) >= 7


@pytest.mark.parametrize("name", _hook_names())
def test_every_hook_has_a_docstring(name):
    doc = inspect.getdoc(getattr(hookspecs, name))
    assert doc and len(doc) > 60, f"hook {name} needs a docstring saying what it is for"


@pytest.mark.parametrize("name", _hook_names())
def test_every_hook_has_a_section_with_an_example(name):
    heading = f"## `{name}`"
    assert heading in DOC, f"docs/plugins.md has no section {heading}"
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    examples = [body for _, info, body in BLOCK.findall(section) if info == "plugin"]
    assert any(f"def {name}(" in body for body in examples), f"no example implementing {name}"


@pytest.fixture(scope="module")
def docs_plugin_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("docs_plugins")
    (directory / "docs_example.py").write_text("\n\n".join(_blocks("plugin")), encoding="utf-8")
    exercises = directory / "docs_example_exercises"
    exercises.mkdir()
    (exercises / "rmsprop.yaml").write_text(_blocks("exercises")[0], encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def docs_registry(docs_plugin_dir):
    from tutor.registry import Registry

    return Registry.load([str(docs_plugin_dir)])


def test_example_registers_an_operation_kind_filter_and_step_rule(docs_registry):
    import sympy

    assert "rmsprop_step" in docs_registry.operations
    assert "range" in docs_registry.kinds
    assert "as_percent" in docs_registry.filters
    assert sympy.erf in docs_registry.step_rules


def test_example_exercise_validates_and_diagnoses(docs_registry):
    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library
    from tutor.exercises.validate import Report, validate_exercise

    library = load_library(docs_registry)
    report = Report()
    validate_exercise(library["rmsprop-step"], docs_registry, range(30), report)
    assert report.ok, [str(f) for f in report.failures]
    problem = instantiate(library["rmsprop-step"], 1, docs_registry)
    assert "%" in problem.prompt
    values = problem.values
    plain_step = values["x0"] - values["eta"] * values["g"]
    verdict = problem.check(str(float(plain_step)))
    assert verdict.status == "incorrect"
    assert "plain gradient step" in verdict.message and verdict.score == 0.25


def test_example_answer_kind_reads_and_checks(docs_registry):
    from tutor.checking import ExpectedAnswer

    expected = ExpectedAnswer("0..1", kind="range", kinds=docs_registry.kinds)
    assert expected.check("0..1").correct
    assert expected.check("0..2").status == "incorrect"
    assert expected.check("zero to one").status == "invalid"


def test_example_step_rule_is_used(docs_registry):
    import sympy

    from tutor.steps import derivative_steps

    x = sympy.Symbol("x", real=True)
    step = derivative_steps(sympy.erf(x**2), x, rules=docs_registry.step_rules)
    assert sympy.simplify(step.after - sympy.diff(sympy.erf(x**2), x)) == 0


def test_example_command_runs(docs_plugin_dir):
    result = invoke_tutor("--plugins-dir", docs_plugin_dir, "rmsprop-info")
    assert result.returncode == 0 and "sqrt(s1)" in result.stdout
