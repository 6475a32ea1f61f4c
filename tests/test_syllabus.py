"""The 18 modules of the syllabus: `tutor list --by-module` groups by each exercise's module-NN
tag, and with the first-party plugins installed every module has at least 5 exercises, as the
README's syllabus table says."""

from __future__ import annotations

import json
import re

import pytest
from helpers import README, invoke_tutor

FIRST_PARTY = "optimizers,analysis,optimization"  # the entry points of plugins/ (the test command installs them)


def listed(*args) -> str:
    result = invoke_tutor("list", *args, env={"TUTOR_LOAD_PLUGINS": FIRST_PARTY})
    assert result.returncode == 0, result.stderr
    return result.stdout


def readme_totals() -> dict[str, int]:
    section = README.split("## The syllabus", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d\d) [^|]+\|(?:[^|]*\|){4} (\d+) \|$", section, re.M)
    return {module: int(total) for module, total in rows}


def test_every_module_has_at_least_five_exercises_and_the_readme_table_says_how_many():
    counts: dict = {}
    for item in json.loads(listed("--json", "--by-module")):
        counts[item["module"]] = counts.get(item["module"], 0) + 1
    modules = [f"{n:02d}" for n in range(1, 19)]
    assert None not in counts, "every first-party exercise names its module"
    assert sorted(counts) == modules
    assert all(counts[m] >= 5 for m in modules), counts
    assert readme_totals() == counts


def test_the_list_groups_exercises_under_their_module_with_a_count():
    text = listed("--by-module")
    headings = re.findall(r"^module (\d\d) \((\d+) exercises?\)$", text, re.M)
    assert [m for m, _ in headings] == [f"{n:02d}" for n in range(1, 19)]
    block = text.split("module 13 (", 1)[1].split("\n\n", 1)[0]
    assert "newton" in block and "hessian" in block and "optimization-" in block  # built-in and plugin together


@pytest.mark.parametrize("module_tag", ["module-2", "module-xx"])
def test_a_malformed_module_tag_is_no_module(module_tag):
    from tutor.cli.library import module_of
    from tutor.exercises.spec import AnswerSpec, ExerciseSpec

    spec = ExerciseSpec("e", "E", "t", "p", AnswerSpec("1"), tags=(module_tag, "module-07"))
    assert module_of(spec) == "07"
    assert module_of(ExerciseSpec("e", "E", "t", "p", AnswerSpec("1"), tags=(module_tag,))) is None
