"""Issue 14: `tutor validate` fails on round-off keys, keys that are 0 in every variant, a
classification at a point that is not critical, maths in the exercise's own text that the
student language reads as ambiguous, and a form stated but not declared (or declared but not
stated). (A worked solution arriving at another value than the key: tests/test_validate_solution.py.)
Each bad exercise is paired with its fixed twin, which passes."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from tutor.cli import cli
from tutor.exercises.validate import FAILURE_KINDS

FLOAT_PLUGIN = '''
"""An operation that computes with Python floats, as a careless plugin might."""

import sympy

from tutor import hookimpl


def float_step(x, rate, slope):
    return sympy.Float(float(x) - float(rate) * float(slope))


@hookimpl
def register_operations(register):
    register("float_step", float_step, 3, 3, "float_step(x, rate, slope): x - rate*slope in floats")
'''


def run(tmp_path, text: str, *options, plugins: str | None = None):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    head = []
    if plugins:
        folder = tmp_path / "plugins"
        folder.mkdir(exist_ok=True)
        (folder / "float_ops.py").write_text(plugins, encoding="utf-8")
        head = ["--plugins-dir", str(folder)]
    return CliRunner().invoke(cli, [*head, "validate", str(path), "--seeds", "12", "--workers", "1", *options])


def fail_lines(result, kind: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAIL") and f"[{kind}]" in line]


def exercise(body: str) -> str:
    return "topic: checks-demo\nexercises:\n" + textwrap.indent(textwrap.dedent(body), "  ")


ROUND_OFF = exercise("""
    - id: float-arithmetic-key
      title: A step computed in floats
      parameters: {k: {int: [1, 3]}, j: {int: [1, 3]}}
      define: {x0: "0.3*k"}
      prompt: "From x₀ = {{ x0 }} take a step of 0.1 times the slope {{ 3*j }}. What is x₁?"
      answer: {value: "float_step(x0, 0.1, 3*j)", kind: number, allow_zero: true}
""")


def test_a_round_off_key_fails_and_names_the_value(tmp_path):
    result = run(tmp_path, ROUND_OFF, plugins=FLOAT_PLUGIN)
    assert result.exit_code == 1, result.output
    [line, *_] = fail_lines(result, "round-off")
    assert "float-arithmetic-key (seed" in line and "answer.value" in line and "round-off for 0" in line
    assert "-5.55e-17 is round-off" in line or "-1.11e-16 is round-off" in line


def test_the_same_step_in_the_exercise_language_is_exact_and_passes(tmp_path):
    """Decimals in an exercise are exact: 0.3k − 0.1·3k is 0, and a student's 0 is accepted."""
    exact = ROUND_OFF.replace("float_step(x0, 0.1, 3*j)", "x0 - 0.1*3*j")
    result = run(tmp_path, exact)
    assert result.exit_code == 0, result.output
    from tutor.exercises.generate import instantiate
    from tutor.exercises.loader import read_file
    from tutor.registry import get_registry

    [spec] = read_file(tmp_path / "bad.yaml", ("number",))
    problems = [instantiate(spec, seed, get_registry([], load=())) for seed in range(12)]
    landed = [p for p in problems if p.values["k"] == p.values["j"]]
    assert landed and all(p.answer_text == "0" and p.check("0").correct for p in landed)
    assert all(p.check(str(0.3 * int(p.values["k"] - p.values["j"]))).correct for p in problems)


ALWAYS_ZERO = exercise("""
    - id: always-zero
      title: The slope of a constant
      variables: [x]
      parameters: {a: {int: [1, 9]}}
      prompt: "Differentiate f(x) = {{ a }}."
      answer: {value: "diff(a, x)", allow_zero: true}
""")


def test_a_key_that_is_zero_in_every_variant_fails(tmp_path):
    result = run(tmp_path, ALWAYS_ZERO, "--seeds", "12")
    assert result.exit_code == 1, result.output
    [line] = fail_lines(result, "zero")
    assert "always-zero [zero] answer.value: the answer is 0 in all" in line


def test_a_few_zero_variants_of_an_exercise_with_parameters_are_chance_not_a_failure(tmp_path):
    assert run(tmp_path, ALWAYS_ZERO, "--seeds", "2").exit_code == 0  # fewer than 5 distinct variants


def test_a_key_that_is_zero_only_sometimes_passes(tmp_path):
    sometimes = ALWAYS_ZERO.replace('"diff(a, x)"', '"at(diff(a*x^2 - 4*a*x, x), x, a)"')
    assert run(tmp_path, sometimes, "--seeds", "12").exit_code == 0


NOT_CRITICAL = exercise("""
    - id: classifies-anywhere
      title: The Hessian at a point, classified
      variables: [x, y]
      parameters: {x0: {int: [1, 3]}}
      define: {f: "x^3 + y^2"}
      prompt: "Find the Hessian of f(x, y) = {{ f }} at ({{ x0 }}, 0)."
      answer: {value: "at(hessian(f, [x, y]), [x, y], [x0, 0])"}
      solution:
        - "H({{ x0 }}, 0) = {{ answer }}."
        - steps: "hessian_steps(f, [x, y], (x0, 0))"
      going_further:
        - steps: "hessian_steps(f, [x, y], (x0, 0))"
""")


def test_classifying_a_point_that_is_not_critical_fails(tmp_path):
    # the solution itself ends at H (it stops at what was asked); going_further still classifies
    result = run(tmp_path, NOT_CRITICAL)
    assert result.exit_code == 1, result.output
    [line, *_] = fail_lines(result, "classification")
    assert "classifies-anywhere (seed" in line and "going_further.steps" in line
    assert "the going further classifies the point" in line
    assert "as a minimum, but the gradient there is (" in line and "not 0" in line


def test_classifying_a_critical_point_passes(tmp_path):
    critical = NOT_CRITICAL.replace('"x^3 + y^2"', '"x^3 - 3*x0^2*x + y^2"')
    result = run(tmp_path, critical)
    assert result.exit_code == 0, result.output


AMBIGUOUS = exercise("""
    - id: ambiguous-prompt
      title: A prompt a student cannot copy
      variables: [x]
      parameters: {a: {int: [2, 5]}}
      prompt: "Differentiate f(x) = e^{{ a }}x."
      answer: {value: "a*exp(a*x)"}
""")


def test_maths_the_student_language_reads_as_ambiguous_fails(tmp_path):
    result = run(tmp_path, AMBIGUOUS)
    assert result.exit_code == 1, result.output
    [line, *_] = fail_lines(result, "ambiguous")
    assert "ambiguous-prompt (seed 0) [ambiguous] prompt: 'e^" in line and "ambiguous: write" in line


def test_the_same_prompt_with_brackets_passes(tmp_path):
    assert run(tmp_path, AMBIGUOUS.replace("e^{{ a }}x", "e^({{ a }}x)")).exit_code == 0


STATED_FORM = exercise("""
    - id: says-exactly
      title: A prompt that asks for an exact value
      parameters: {a: {int: [2, 7]}}
      prompt: "What is 1/{{ a }}, exactly?"
      answer: {value: "1/a", kind: number}
""")


def test_a_stated_form_without_a_declared_one_fails(tmp_path):
    result = run(tmp_path, STATED_FORM)
    assert result.exit_code == 1, result.output
    [line, *_] = fail_lines(result, "form")
    assert "says-exactly (seed 0) [form] answer.form: the prompt asks for the form exact" in line


def test_a_declared_form_the_prompt_does_not_state_fails(tmp_path):
    unstated = STATED_FORM.replace(", exactly?", "?").replace('kind: number}', 'kind: number, form: exact}')
    [line, *_] = fail_lines(run(tmp_path, unstated), "form")
    assert "the answer requires the form exact, but the prompt does not say so" in line


def test_a_form_stated_and_declared_passes(tmp_path):
    declared = STATED_FORM.replace('kind: number}', 'kind: number, form: exact}')
    assert run(tmp_path, declared).exit_code == 0


def test_decimal_places_are_declared_by_answer_places(tmp_path):
    places = STATED_FORM.replace(", exactly?", " to 3 decimal places?").replace("kind: number}",
                                                                              "kind: number, places: 3}")
    assert run(tmp_path, places).exit_code == 0
    assert run(tmp_path, places.replace(", places: 3", "")).exit_code == 1


def test_every_new_kind_is_documented_in_one_line():
    for kind in ("round-off", "zero", "classification", "ambiguous", "form", "result"):
        assert kind in FAILURE_KINDS and "\n" not in FAILURE_KINDS[kind]
