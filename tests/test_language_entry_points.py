"""The revised input language at every entry point: `tutor check` (inferred variables said,
ambiguity refused), the quiz (an ambiguous answer costs no try), grading (the message in
the feedback column) and `tutor validate` (an exercise author's ambiguous form fails,
naming the field). All in process."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner

from quiz_course import Student, counting_clock
from tutor.cli import cli
from tutor.practice.store import open_store

ENV = {"TUTOR_PLUGINS_DIR": None, "NO_COLOR": "1"}
MESSAGE = "ambiguous: write e^(-3x^2) or e^(-3)·x^2"

GAUSSIAN = """
topic: reading-demo
exercises:
  - id: gaussian-derivative
    title: Derivative of a Gaussian bump
    difficulty: 1
    variables: [x]
    define: {f: "5*exp(-3*x^2)"}
    prompt: "Differentiate f(x) = {{ f }}."
    answer: {value: "diff(f, x)"}
    solution: ["f′(x) = {{ answer }}."]
"""


def invoke(*args):
    return CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)


# -- tutor check --------------------------------------------------------------------------

def test_check_names_the_variables_it_inferred_on_stderr():
    result = invoke("check", "-e", "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b", "-a", "3b^2 + 14m^2 + 12bm - 42m - 20b + 38")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == ["variables: b, m"]
    assert "variables" not in result.stdout and "correct (symbolic)" in result.stdout


def test_check_json_has_the_variables_field():
    result = invoke("check", "-e", "3x^2y + xy", "-a", "xy(3x + 1)", "--json")
    data = json.loads(result.stdout)
    assert data["verdict"] == "correct" and data["variables"] == ["x", "y"]
    declared = json.loads(invoke("check", "-e", "x", "-a", "x", "--vars", "x,y", "--json").stdout)
    assert declared["variables"] == ["x", "y"]


def test_check_says_nothing_about_variables_it_did_not_infer():
    result = invoke("check", "-e", "2x", "-a", "2x", "--vars", "x")
    assert result.exit_code == 0 and result.stderr == ""


def test_check_refuses_an_ambiguous_answer_with_both_readings():
    result = invoke("check", "-e", "-30x exp(-3x^2)", "-a", "-30xe^-3x^2")
    assert result.exit_code == 1
    assert f"invalid (parse): {MESSAGE}" in result.stdout and "column 5" in result.stdout
    assert invoke("check", "-e", "-30x exp(-3x^2)", "-a", "-30xe^(-3x^2)").exit_code == 0


def test_check_refuses_an_ambiguous_expected_answer_as_a_usage_error():
    result = invoke("check", "-e", "e^2x", "-a", "1")
    assert result.exit_code == 2 and "ambiguous: write e^(2x) or e^2·x" in result.output


# -- the quiz -----------------------------------------------------------------------------

def test_an_ambiguous_answer_in_the_quiz_shows_both_readings_and_costs_no_try(tmp_path, registry):
    from tutor.exercises import instantiate
    from tutor.exercises.loader import read_file
    from tutor.practice.session import Quiz

    path = tmp_path / "reading.yaml"
    path.write_text(textwrap.dedent(GAUSSIAN), encoding="utf-8")
    [spec] = read_file(path, tuple(registry.kinds))
    student = Student(["-30xe^-3x^2", "-30xe^(-3x^2)"])
    with open_store(tmp_path / "p.db") as store:
        Quiz([spec], lambda s, seed: instantiate(s, seed, registry), store, read=student.read,
             write=student.write, user="ada", seed=1, count=1, retries=0, clock=counting_clock()).run()
        attempts = store.attempts("ada")
    text = student.text
    assert f"could not read that: {MESSAGE}" in text
    assert "    -30xe^-3x^2\n        ^" in text  # the caret under the e at column 5
    assert "costs no try" in text and "✓ correct" in text  # with retries=0, a try spent would end it
    assert [(a.verdict, a.try_number) for a in attempts] == [("invalid", 1), ("correct", 1)]


# -- grading ------------------------------------------------------------------------------

def test_grading_reports_the_ambiguity_in_the_feedback_column(tmp_path):
    import csv

    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "reading.yaml").write_text(textwrap.dedent(GAUSSIAN), encoding="utf-8")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / f"reading_{abs(hash(str(tmp_path)))}.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [Path({str(exercises)!r})]\n", encoding="utf-8")
    submissions = tmp_path / "answers.csv"
    submissions.write_text("student_id,exercise,answer\n"
                           "ada,gaussian-derivative,-30xe^-3x^2\n"
                           "bob,gaussian-derivative,-30xe^(-3x^2)\n", encoding="utf-8")
    out = tmp_path / "grades.csv"
    result = invoke("--plugins-dir", str(plugins), "grade", str(submissions), "--seed", "s", "--out", str(out),
                    "--workers", "1")
    assert result.exit_code == 0, result.output
    with open(out, newline="", encoding="utf-8") as stream:
        rows = {row["student_id"]: row for row in csv.DictReader(stream)}
    assert rows["ada"]["verdict"] == "invalid" and rows["ada"]["feedback"].startswith(MESSAGE)
    assert rows["bob"]["verdict"] == "correct"


# -- an exercise's own YAML ---------------------------------------------------------------

AMBIGUOUS_EXERCISES = """
topic: ambiguity-demo
exercises:
  - id: amb-define
    title: A define written ambiguously
    variables: [x]
    define: {f: "e^2x"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
  - id: amb-answer
    title: An answer written ambiguously
    variables: [x]
    prompt: "Differentiate x^2/2."
    answer: {value: "1/2x"}
  - id: amb-diagnosis
    title: A diagnosis written ambiguously
    variables: [x]
    prompt: "Differentiate sqrt(x)."
    answer: {value: "1/(2*sqrt(x))"}
    diagnosis:
      - {answer: "x^-1/2", message: "Forgot the 1/2."}
  - id: amb-constraint
    title: A constraint written ambiguously
    variables: [x]
    parameters: {a: {int: [2, 5]}}
    constraints: ["a^1/2 > 1"]
    prompt: "Give {{ a }} x."
    answer: {value: "a*x"}
  - id: unambiguous
    title: The same forms with brackets
    variables: [x]
    parameters: {a: {int: [2, 5]}}
    constraints: ["a^(1/2) > 1"]
    define: {f: "e^(2x)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
    diagnosis:
      - {answer: "(1/2)x", message: "Not this."}
"""


def test_validate_fails_an_exercise_that_writes_an_ambiguous_form_naming_the_field(tmp_path):
    path = tmp_path / "ambiguous.yaml"
    path.write_text(textwrap.dedent(AMBIGUOUS_EXERCISES), encoding="utf-8")
    result = invoke("validate", str(path), "--seeds", "2")
    assert result.exit_code == 1
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    expected = {
        "amb-define": "define.f: ambiguous: write e^(2x) or e^2·x",
        "amb-answer": "answer.value: ambiguous: write 1/(2x) or (1/2)·x",
        "amb-diagnosis": "diagnosis.answer: ambiguous: write x^(-1/2) or (x^-1)/2",
        "amb-constraint": "constraints: ambiguous: write a^(1/2) or (a^1)/2",
    }
    for exercise, fragment in expected.items():
        lines = [line for line in failures if f" {exercise} " in line]
        assert lines and all(fragment in line for line in lines), (exercise, failures)
    assert not [line for line in failures if " unambiguous " in line]
