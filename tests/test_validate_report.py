"""`tutor validate` tells an instructor what to fix: file, exercise, seed, kind of failure, field."""

from __future__ import annotations

import json
import textwrap

from helpers import invoke_tutor

BROKEN = """
topic: broken-demo
exercises:
  - id: fine
    title: A good exercise
    variables: [x]
    parameters: {a: {int: [2, 9]}}
    define: {f: "a*x^2"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
  - id: undeclared-variable
    title: The answer uses a variable that is not declared
    variables: [x]
    parameters: {a: {int: [2, 5]}}
    prompt: "Differentiate {{ a }} x y with respect to x."
    answer: {value: "a*x*y"}
  - id: bad-template
    title: A prompt that names an unknown value
    variables: [x]
    parameters: {a: {int: [2, 5]}}
    prompt: "Differentiate {{ g }}."
    answer: {value: "a*x"}
  - id: never-valid
    title: Constraints that never hold
    parameters: {a: {int: [1, 3]}}
    constraints: ["a > 5"]
    prompt: "Find {{ a }}."
    answer: {value: "a"}
  - id: own-answer-rejected
    title: An expected answer outside its choices
    prompt: "Which way?"
    answer: {value: "sideways", kind: choice, choices: [up, down]}
  - id: diagnosis-too-broad
    title: A diagnosis that matches the right answer
    variables: [x]
    parameters: {a: {int: [2, 5]}}
    prompt: "Differentiate {{ a }} x^2."
    answer: {value: "2*a*x"}
    diagnosis:
      - {answer: "a*x*2", message: "This matches the right answer too."}
"""

SCHEMA = """
topic: broken-demo
exercises:
  - id: bad-kind
    title: An unknown answer kind
    prompt: "P"
    answer: {value: "1", kind: nope}
"""


def broken_dir(tmp_path):
    directory = tmp_path / "exercises"
    directory.mkdir()
    (directory / "broken.yaml").write_text(textwrap.dedent(BROKEN), encoding="utf-8")
    (directory / "schema.yaml").write_text(textwrap.dedent(SCHEMA), encoding="utf-8")
    return directory


def fail_lines(stdout: str, exercise: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("FAIL") and f" {exercise}" in line]


def test_each_failure_is_one_line_naming_file_exercise_seed_kind_and_field(tmp_path):
    result = invoke_tutor("validate", broken_dir(tmp_path), "--seeds", "10")
    assert result.returncode == 1
    out = result.stdout
    assert fail_lines(out, "fine") == []
    [schema] = fail_lines(out, "bad-kind")
    assert "schema.yaml" in schema and "[schema] answer.kind" in schema and "unknown kind 'nope'" in schema
    undeclared = fail_lines(out, "undeclared-variable")
    assert len(undeclared) == 3  # at most three failing seeds per exercise, then skipped
    assert "broken.yaml: undeclared-variable (seed 0) [compute] answer.value" in undeclared[0]
    assert "unknown variable y" in undeclared[0]
    [render, *_] = fail_lines(out, "bad-template")
    assert "[render] prompt" in render and "'g' is undefined" in render
    [degenerate] = fail_lines(out, "never-valid")
    assert "(seed 0) [degenerate]" in degenerate and "constraints never all held" in degenerate
    [answer, *_] = fail_lines(out, "own-answer-rejected")
    assert "[answer] answer.value" in answer and "'sideways'" in answer and "judged invalid" in answer
    [diagnosis, *_] = fail_lines(out, "diagnosis-too-broad")
    assert "[diagnosis]" in diagnosis and "also matches the right answer" in diagnosis
    assert "warn" in out and "further seeds skipped" in out
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("6 exercises,") and "in 6 exercise(s) or file(s)" in summary
    for kind in ("schema", "compute", "render", "degenerate", "answer", "diagnosis"):
        assert f" {kind}" in summary.split("(", 1)[1]


def test_json_report_carries_the_same_facts(tmp_path):
    result = invoke_tutor("validate", broken_dir(tmp_path), "--seeds", "5", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exercises"] == 6
    by_exercise = {}
    for failure in report["failures"]:
        by_exercise.setdefault(failure["exercise"], failure)
    answer = by_exercise["own-answer-rejected"]
    assert (answer["kind"], answer["field"], answer["expected"], answer["verdict"], answer["seed"]) == \
        ("answer", "answer.value", "sideways", "invalid", 0)
    assert answer["source"].endswith("broken.yaml")
    assert by_exercise["bad-kind"]["kind"] == "schema" and by_exercise["bad-kind"]["seed"] is None
    assert "fine" not in by_exercise
    assert report["summary"].startswith("6 exercises, 18 variants")  # 5 + 3 + 3 + 1 + 3 + 3


def test_one_exercise_can_be_chosen_and_a_good_file_passes(tmp_path):
    directory = broken_dir(tmp_path)
    good = invoke_tutor("validate", directory, "--seeds", "7", "--exercise", "fine")
    assert good.returncode == 0, good.stdout
    assert good.stdout.strip().splitlines()[-1] == "1 exercises, 7 variants: ok"
    unknown = invoke_tutor("validate", directory, "--exercise", "no-such-id")
    assert unknown.returncode == 2 and "no-such-id" in unknown.stderr


def test_a_repeated_id_is_a_schema_failure(tmp_path):
    directory = tmp_path / "twice"
    directory.mkdir()
    one = textwrap.dedent(BROKEN).split("  - id: undeclared-variable")[0]
    (directory / "a.yaml").write_text(one, encoding="utf-8")
    (directory / "b.yaml").write_text(one, encoding="utf-8")
    result = invoke_tutor("validate", directory, "--seeds", "3")
    assert result.returncode == 1
    [line] = fail_lines(result.stdout, "fine")
    assert "b.yaml" in line and "[schema] id" in line and "a.yaml" in line
