"""The course's topics in the built-in library: exercises/README.md lists every topic of the
introductory course with its tag and the number of built-in exercises carrying it; the table
matches the library, every topic has at least three exercises, and every built-in exercise
is under a topic and a syllabus module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT

from tutor.cli.library import module_of
from tutor.exercises.loader import load_library
from tutor.registry import get_registry

LIBRARY_README = (ROOT / "exercises" / "README.md").read_text(encoding="utf-8")
SECTIONS = ("1 Derivatives of one variable", "2 Partial derivatives and gradients", "3 Gradient descent",
            "4 The perceptron", "5 Backpropagation", "6 Newton's method", "7 Second derivatives and the Hessian")
# What the audit of issue 14 found missing or thin; each must be a topic of its own.
REQUIRED_TAGS = {"limits", "derivative-definition", "non-differentiable", "inverse-function", "tangent-line",
                 "tangent-plane", "least-squares", "gradient-descent-2d", "newton-2d", "exp", "logarithm",
                 "backprop-update"}


def table() -> list[tuple[str, str, str, int]]:
    section = LIBRARY_README.split("<!-- course-topics -->", 1)[1]
    rows = re.findall(r"^\| ([^|]+) \| ([^|]+) \| `([\w-]+)` \| (\d+) \|$", section, re.M)
    return [(s, topic, tag, int(count)) for s, topic, tag, count in rows]


@pytest.fixture(scope="module")
def builtin():
    library = load_library(get_registry([]))
    folder = (ROOT / "exercises").resolve()
    return {i: spec for i, spec in library.items() if spec.source and folder in Path(spec.source).resolve().parents}


def test_the_table_counts_the_exercises_of_each_topic(builtin):
    rows = table()
    assert rows, "exercises/README.md has a course-topics table"
    counts = {tag: sum(tag in spec.tags for spec in builtin.values()) for _, _, tag, _ in rows}
    assert {tag: count for _, _, tag, count in rows} == counts


def test_every_topic_has_at_least_three_exercises_and_every_section_is_covered():
    rows = table()
    assert all(count >= 3 for *_, count in rows), [row for row in rows if row[3] < 3]
    assert {section for section, *_ in rows} == set(SECTIONS)
    assert REQUIRED_TAGS <= {tag for _, _, tag, _ in rows}
    assert len({tag for _, _, tag, _ in rows}) == len(rows), "one row per tag"


def test_every_builtin_exercise_is_under_a_topic_and_a_module(builtin):
    tags = {tag for _, _, tag, _ in table()}
    assert [i for i, spec in builtin.items() if not tags & set(spec.tags)] == []
    assert [i for i, spec in builtin.items() if module_of(spec) is None] == []


def test_the_readme_says_how_many_exercises_there_are(builtin):
    assert f"It has {len(builtin)} exercises." in " ".join(LIBRARY_README.split())
