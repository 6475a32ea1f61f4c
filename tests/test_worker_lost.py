"""A worker process that dies (killed, out of memory) ends tutor grade and tutor assign with
one line, exit 1, never a traceback; grade keeps its journal to resume from."""

from __future__ import annotations

import pytest

from grading_demo import write_roster
from helpers import invoke_tutor, write_plugin_course

DYING_PLUGIN = '''
import os

from tutor import hookimpl
from tutor.language import variable


def dying(a):
    if os.getpid() != int(os.environ["TUTOR_TEST_PARENT"]):
        os._exit(9)  # as the kernel's OOM killer would end it
    return a * variable("x")


@hookimpl
def register_operations(register):
    register("dying", dying, 1, 1, "dying(a): a x, in the parent process only")
'''

COURSE = """
topic: dying
exercises:
  - id: dying-line
    title: A line
    variables: [x]
    parameters: {a: {int: [1, 9]}}
    define: {f: "dying(a)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
"""


@pytest.fixture
def dying_course(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_TEST_PARENT", "1")  # no process is pid 1 here: every process dies
    return write_plugin_course(tmp_path, "dying", COURSE, dying_ops=DYING_PLUGIN)


def one_line_about_the_worker(result, says: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return result.returncode == 1 and len(lines) == 1 and says in lines[0] and "Traceback" not in result.stderr


def test_grade_says_in_one_line_that_a_worker_died(tmp_path, dying_course):
    answers = tmp_path / "answers.csv"
    answers.write_text("student_id,exercise,answer\n" + "".join(f"s{n},dying-line,{n}\n" for n in range(20)),
                       encoding="utf-8")
    result = invoke_tutor("--plugins-dir", dying_course, "grade", answers, "--seed", "salt", "--out",
                          tmp_path / "grades.csv", "--workers", "2")
    assert one_line_about_the_worker(result, "run the same command again to resume"), result.stderr
    assert (tmp_path / "grades.csv.journal").exists() or any(tmp_path.glob("*.journal*"))


def test_assign_says_in_one_line_that_a_worker_died(tmp_path, dying_course):
    roster = tmp_path / "roster.csv"
    write_roster(roster, 20)
    result = invoke_tutor("--plugins-dir", dying_course, "assign", "--roster", roster, "--exercises",
                          "dying-line", "--seed", "salt", "--out", tmp_path / "hw", "--workers", "2")
    assert one_line_about_the_worker(result, "worker process ended unexpectedly"), result.stderr
