"""The small course this folder's grading tests share: two exercises, a plugins directory
adding them, the class handed out and answered rightly, and ``tutor`` run in this process
(click's CliRunner)."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutor.cli import cli

from .conftest import assert_clean

COURSE = """
topic: security-demo
exercises:
  - id: sec-square
    title: Derivative of a square
    variables: [x]
    prompt: "Differentiate x^2."
    answer: {value: "diff(x^2, x)"}
  - id: sec-cube
    title: Derivative of a cube
    variables: [x]
    prompt: "Differentiate x^3."
    answer: {value: "diff(x^3, x)"}
"""
RIGHT = {"sec-square": "2x", "sec-cube": "3x^2"}
STUDENTS = ["s001", "s002", "s003"]
SALT = "security salt"
def course(tmp_path, text: str = COURSE, name: str = "course.yaml") -> Path:
    """A plugins directory whose (uniquely named) plugin adds the folder holding ``text`` as ``name``."""
    exercises = tmp_path / f"exercises-{uuid.uuid4().hex[:8]}"
    exercises.mkdir()
    (exercises / name).write_text(text, encoding="utf-8")
    plugins = tmp_path / f"plugins-{uuid.uuid4().hex[:8]}"
    plugins.mkdir()
    (plugins / f"sec_{uuid.uuid4().hex[:12]}.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [Path({str(exercises)!r})]\n", encoding="utf-8")
    return plugins


def invoke(plugins, *args, **kwargs):
    """``tutor --plugins-dir PLUGINS ARGS`` in this process."""
    return CliRunner().invoke(cli, ["--plugins-dir", str(plugins), *map(str, args)], **kwargs)


def handed_out(tmp_path, plugins, names=None, template="csv") -> Path:
    """`tutor assign` to STUDENTS (their names from ``names``), every answer file filled in rightly."""
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "name"])
        writer.writerows([sid, (names or {}).get(sid, f"Student {sid}")] for sid in STUDENTS)
    out = tmp_path / "hw"
    result = invoke(plugins, "assign", "--roster", roster, "--exercises", ",".join(RIGHT), "--seed", SALT,
                    "--out", out, "--template", template)
    assert result.exit_code == 0, result.output
    for sid in STUDENTS:
        answer_file(out, sid, [(sid, exercise, answer) for exercise, answer in RIGHT.items()])
        (out / "answers" / f"{sid}.yaml").unlink(missing_ok=True)
    return out


def answer_file(out, sid: str, rows, name=None) -> Path:
    """Write answers/NAME (default SID.csv) with these (student_id, exercise, answer) rows."""
    path = out / "answers" / (name or f"{sid}.csv")
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "exercise", "answer"])
        writer.writerows(rows)
    return path


def grade(plugins, out, tmp_path, *extra, assignment=True):
    """(result, {(student, exercise): row of grades.csv}) of grading out/answers."""
    grades = tmp_path / "grades.csv"
    result = invoke(plugins, "grade", out / "answers", "--seed", SALT, "--out", grades, "--workers", "1",
                    *(["--assignment", out] if assignment else []), *extra)
    assert_clean(result.output)
    rows = {}
    if grades.exists():
        with open(grades, newline="", encoding="utf-8") as stream:
            rows = {(r["student_id"], r["exercise"]): r for r in csv.DictReader(stream)}
    return result, rows


def assert_others_intact(rows, *others):
    """Every answer of these students was graded correct, as they handed it in."""
    for sid in others:
        for exercise, answer in RIGHT.items():
            assert rows[(sid, exercise)]["verdict"] == "correct", rows[(sid, exercise)]
            assert rows[(sid, exercise)]["answer"] == answer


def problem_lines(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if name in line]


@pytest.fixture
def plugins(tmp_path):
    return course(tmp_path)


@pytest.fixture
def handout(tmp_path, plugins):
    return handed_out(tmp_path, plugins)


# -- submissions --------------------------------------------------------------------------------------
