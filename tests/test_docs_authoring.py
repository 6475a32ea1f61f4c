"""docs/authoring.md: its exercise examples load and validate, and its tables of named
operations, fields, kinds and validate's failure kinds match the code."""

from __future__ import annotations

import importlib
import re

import pytest

from helpers import ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)[ \t]*(\w*)\n(.*?)^```", re.S | re.M)
EXAMPLES = [body for _, info, body in BLOCK.findall(DOC) if info == "exercise"]


def table_after(marker: str) -> list[str]:
    """The first-column names (`name`) of the table that follows an HTML comment marker."""
    assert marker in DOC, f"docs/authoring.md has no {marker}"
    rows = DOC.split(marker, 1)[1].strip().split("\n\n", 1)[0].splitlines()
    return [re.match(r"\| `([^`]+)`", row).group(1) for row in rows[2:]]


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_loads_and_validates(tmp_path, registry, number):
    from tutor.exercises.loader import read_file
    from tutor.exercises.validate import Report, validate_exercise

    path = tmp_path / f"example{number}.yaml"
    path.write_text(EXAMPLES[number], encoding="utf-8")
    specs = read_file(path, tuple(registry.kinds))
    assert specs
    report = Report()
    for spec in specs:
        validate_exercise(spec, registry, range(60), report)
    assert report.ok, [failure.line() for failure in report.failures]


def _registered_operations(module) -> list[str]:
    names = []
    module.register_operations(register=lambda name, *args, **kwargs: names.append(name))
    return names


def _builtin_operation_plugins():
    from tutor.plugins import DEFAULT_PLUGINS

    modules = [importlib.import_module(name) for name in DEFAULT_PLUGINS]
    return [m for m in modules if hasattr(m, "register_operations")]


def test_operations_tables_list_exactly_what_each_builtin_plugin_registers():
    plugins = _builtin_operation_plugins()
    assert plugins
    for module in plugins:
        documented = table_after(f"<!-- operations: {module.__name__} -->")
        assert sorted(documented) == sorted(_registered_operations(module)), module.__name__


def test_every_operation_table_names_a_builtin_plugin():
    present = {m.__name__ for m in _builtin_operation_plugins()}
    for name in re.findall(r"<!-- operations: ([\w.]+) -->", DOC):
        module = importlib.import_module(name) if name in present else None
        assert module is not None, f"docs/authoring.md documents {name}, which registers no operations"


def test_validate_failure_kinds_are_all_documented():
    from tutor.exercises.validate import FAILURE_KINDS

    assert sorted(table_after("<!-- validate-kinds -->")) == sorted(FAILURE_KINDS)


def test_every_field_parameter_kind_answer_kind_and_filter_is_documented(registry):
    from tutor.exercises.spec import ANSWER_FIELDS, DIAGNOSIS_FIELDS, EXERCISE_FIELDS, PARAMETER_KINDS

    names = EXERCISE_FIELDS | ANSWER_FIELDS | DIAGNOSIS_FIELDS | set(PARAMETER_KINDS) | {"exclude", "places"}
    builtin_kinds = {"expression", "number", "vector", "matrix", "set", "choice"}
    names |= builtin_kinds & set(registry.kinds) | {"pretty", "text", "latex"}
    missing = sorted(name for name in names if f"`{name}`" not in DOC)
    assert missing == []
