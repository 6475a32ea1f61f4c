"""`tutor validate` checks that each variant's worked solution arrives at its answer key,
runs exercises in worker processes, and streams one line per failure in a stable order."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner

from tutor.cli import cli

EXERCISES = """
topic: solution-demo
exercises:
  - id: steps-agree
    title: Steps that arrive at the key
    variables: [x]
    parameters: {a: {int: [2, 9]}}
    define: {f: "a*x^3"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
    solution:
      - "f′(x) = {{ answer }}."
      - steps: "derivative_steps(f, x)"
  - id: steps-compute-something-else
    title: Steps of another function than the one asked about
    variables: [x]
    parameters: {a: {int: [2, 9]}}
    define: {f: "a*x^3", g: "a*x^2"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
    solution:
      - "f′(x) = {{ answer }}."
      - steps: "derivative_steps(g, x)"
  - id: derivation-then-text
    title: Steps give f′(x); the text evaluates it at the point
    variables: [x]
    parameters: {a: {int: [2, 9]}}
    define: {f: "a*x^3"}
    prompt: "Find f′(1) for f(x) = {{ f }}."
    answer: {value: "at(diff(f, x), x, 1)"}
    solution:
      - "f′(1) = {{ answer }}."
      - steps: "derivative_steps(f, x)"
  - id: derivation-never-finished
    title: Steps give f′(x) and no line states f′(1)
    variables: [x]
    parameters: {a: {int: [2, 9]}}
    define: {f: "a*x^3"}
    prompt: "Find f′(1) for f(x) = {{ f }}."
    answer: {value: "at(diff(f, x), x, 1)"}
    solution:
      - "Differentiate, then put x = 1."
      - steps: "derivative_steps(f, x)"
"""


def write(tmp_path, text: str = EXERCISES):
    path = tmp_path / "solutions.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def validate(*args):
    return CliRunner().invoke(cli, ["validate", *map(str, args)])


def failures(output: str, exercise: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAIL") and f": {exercise} (seed" in line]


def test_a_worked_solution_that_computes_something_else_fails(tmp_path):
    result = validate(write(tmp_path), "--seeds", "4", "--workers", "1")
    assert result.exit_code == 1, result.output
    wrong = failures(result.stdout, "steps-compute-something-else")
    assert len(wrong) == 3, result.output  # three failing seeds, then the others are skipped
    assert "(seed 0) [result] solution.steps: the worked solution arrives at" in wrong[0]
    assert "but the expected answer is" in wrong[0] and "judged incorrect" in wrong[0]
    assert failures(result.stdout, "steps-agree") == []
    assert failures(result.stdout, "derivation-then-text") == []
    [never, *_] = failures(result.stdout, "derivation-never-finished")
    assert "[result] solution: the worked solution's steps end at" in never and "no line of it shows" in never
    assert result.stdout.strip().splitlines()[-1].endswith("(6 result)")


def test_the_same_steps_arriving_at_the_key_pass(tmp_path):
    fixed = EXERCISES.replace('steps: "derivative_steps(g, x)"', 'steps: "derivative_steps(f, x)"')
    fixed = fixed.replace('"Differentiate, then put x = 1."', '"Differentiate, then put x = 1: {{ answer }}."')
    result = validate(write(tmp_path, fixed), "--seeds", "4", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "4 exercises, 16 variants: ok"


def test_workers_give_the_same_report_in_the_same_order(tmp_path):
    path = write(tmp_path)
    alone = validate(path, "--seeds", "5", "--workers", "1")
    shared = validate(path, "--seeds", "5", "--workers", "2")
    assert shared.exit_code == alone.exit_code == 1
    assert shared.stdout == alone.stdout
    as_json = validate(path, "--seeds", "5", "--workers", "2", "--json")
    report = json.loads(as_json.stdout)
    assert [f["exercise"] for f in report["failures"]] == \
        ["steps-compute-something-else"] * 3 + ["derivation-never-finished"] * 3
    assert [f["seed"] for f in report["failures"]] == [0, 1, 2, 0, 1, 2]
    assert report["failures"][0]["kind"] == "result" and report["failures"][0]["verdict"] == "incorrect"


def test_no_progress_when_not_on_a_terminal(tmp_path):
    result = validate(write(tmp_path), "--seeds", "2", "--workers", "1")
    assert result.stderr == ""


def test_a_variant_drawn_again_repeats_its_outcome_under_its_own_seed(tmp_path):
    """Seeds that draw the same parameters are one variant: checked once, reported per seed."""
    once = EXERCISES.replace("{a: {int: [2, 9]}}", "{a: {int: [2, 2]}}")
    result = validate(write(tmp_path, once), "--seeds", "3", "--workers", "1", "--max-failures", "5")
    seeds = [line.split("(seed ")[1].split(")")[0] for line in failures(result.stdout, "steps-compute-something-else")]
    assert seeds == ["0", "1", "2"]


PLUGIN = '''
"""Operations for the worker tests: a double, and one that ends the process it runs in."""

import os

from tutor import hookimpl


def doubled(value):
    return 2 * value


def end_process(value):
    os._exit(3)


@hookimpl
def register_operations(register):
    register("doubled", doubled, 1, 1, "doubled(v): 2 v")
    register("end_process", end_process, 1, 1, "end_process(v): ends the worker")
'''

USES_PLUGIN = """
topic: worker-demo
exercises:
  - id: uses-a-plugin-operation
    title: An answer computed by a plugin's operation
    parameters: {a: {int: [2, 9]}}
    prompt: "Double {{ a }}."
    answer: {value: "doubled(a)"}
  - id: also-uses-it
    title: The same, to give the second worker work
    parameters: {a: {int: [2, 9]}}
    prompt: "Twice {{ a }}?"
    answer: {value: "doubled(a)"}
"""


def test_workers_load_the_plugins_directory_given_on_the_command_line(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "worker_ops.py").write_text(PLUGIN, encoding="utf-8")
    path = write(tmp_path, USES_PLUGIN)
    result = CliRunner().invoke(cli, ["--plugins-dir", str(plugins), "validate", str(path), "--seeds", "3",
                                      "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "2 exercises, 6 variants: ok"


def test_a_worker_that_dies_is_one_line_not_a_traceback(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "worker_ops.py").write_text(PLUGIN, encoding="utf-8")
    path = write(tmp_path, USES_PLUGIN.replace("doubled(a)", "end_process(a)"))
    result = CliRunner().invoke(cli, ["--plugins-dir", str(plugins), "validate", str(path), "--seeds", "2",
                                      "--workers", "2"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: a validation worker stopped unexpectedly (out of memory?); " \
                                    "try fewer --workers"
    assert "Traceback" not in result.output
