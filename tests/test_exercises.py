"""The exercise engine: the YAML format and its errors, seeded generation, sandboxed
templates, diagnosis, validation and worksheets."""

from __future__ import annotations

import json
import textwrap

import pytest

from helpers import invoke_tutor, run_tutor
from tutor.errors import TutorError

GOOD = """
topic: partial-derivatives
exercises:
  - id: partial-x
    title: A partial derivative
    difficulty: 2
    variables: [x, y]
    parameters:
      a: {int: [2, 9]}
      m: {int: [2, 5]}
      n: {int: [2, 5]}
    constraints: ["m != n"]
    define: {f: "a*x^m*y^n"}
    prompt: "Find ∂f/∂x for f(x, y) = {{ f }}."
    answer: {value: "diff(f, x)"}
    hints: ["Treat y as a constant: y^{{ n }} is a coefficient."]
    diagnosis:
      - answer: "diff(f, y)"
        message: "That is ∂f/∂y; differentiate with respect to x."
        credit: 0.2
    solution:
      - "So ∂f/∂x = {{ answer }}."
"""


def write(tmp_path, text, name="ex.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def read(tmp_path, text, registry):
    from tutor.exercises.loader import read_file

    return read_file(write(tmp_path, text), tuple(registry.kinds))


def problem_of(tmp_path, text, registry, seed=0, index=0):
    from tutor.exercises import instantiate

    return instantiate(read(tmp_path, text, registry)[index], seed, registry)


# -- the format and its errors ------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    (("title: A partial derivative", "titel: A partial derivative"), "titel"),
    (("answer: {value: \"diff(f, x)\"}", "answer: {value: \"diff(f, x)\", kind: vectr}"), "answer.kind"),
    (("a: {int: [2, 9]}", "a: {int: [9, 2]}"), "parameters.a"),
    (("a: {int: [2, 9]}", "a: {integer: [2, 9]}"), "parameters.a"),
    (("difficulty: 2", "difficulty: 9"), "difficulty"),
    (("prompt: \"Find ∂f/∂x for f(x, y) = {{ f }}.\"", "prompt: \"\""), "prompt"),
    (("credit: 0.2", "credit: 2"), "diagnosis.credit"),
    (("id: partial-x", "id: Partial X"), "id"),
])
def test_schema_errors_name_file_exercise_and_field(tmp_path, registry, change, field):
    from tutor.exercises.spec import ExerciseError

    with pytest.raises(ExerciseError) as caught:
        read(tmp_path, GOOD.replace(*change), registry)
    message = str(caught.value)
    assert "ex.yaml" in message
    assert caught.value.field == field
    assert f"field '{field}'" in message


def test_unreadable_yaml_gives_the_line(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    with pytest.raises(ExerciseError, match=r"line \d+"):
        read(tmp_path, "exercises:\n  - id: [unclosed\n", registry)


def test_yaml_python_tags_are_refused(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    text = "!!python/object/apply:os.system ['touch pwned']\n"
    with pytest.raises(ExerciseError):
        read(tmp_path, text, registry)
    assert not (tmp_path / "pwned").exists()


def test_bad_expression_in_a_definition_names_the_field(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    with pytest.raises(ExerciseError) as caught:
        problem_of(tmp_path, GOOD.replace('f: "a*x^m*y^n"', 'f: "a*x^m*z^n"'), registry)
    assert caught.value.field == "define.f"
    assert "unknown variable z" in str(caught.value)


def test_python_in_an_expression_is_not_evaluated(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    text = GOOD.replace('f: "a*x^m*y^n"', "f: \"__import__('os').system('touch pwned')\"")
    with pytest.raises(ExerciseError):
        problem_of(tmp_path, text, registry)
    assert not (tmp_path / "pwned").exists()


def test_templates_are_sandboxed(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    text = GOOD.replace("Find ∂f/∂x for f(x, y) = {{ f }}.", "{{ f.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(ExerciseError, match="render"):
        problem_of(tmp_path, text, registry)


def test_a_students_answer_is_never_rendered_as_a_template(tmp_path, registry):
    problem = problem_of(tmp_path, GOOD, registry)
    verdict = problem.check("{{ 7*7 }}")
    assert verdict.status == "invalid"
    assert "49" not in verdict.message


def test_duplicate_ids_across_files_are_refused(tmp_path, registry):
    from tutor.exercises.loader import load_library
    from tutor.registry import Registry

    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    fake = Registry(registry.manager, kinds=registry.kinds, exercise_dirs=[tmp_path])
    with pytest.raises(TutorError, match="also used"):
        load_library(fake)


# -- seeded generation ---------------------------------------------------------------------

def test_same_seed_same_problem_and_seeds_vary(tmp_path, registry):
    first = problem_of(tmp_path, GOOD, registry, seed=7)
    again = problem_of(tmp_path, GOOD, registry, seed=7)
    assert first.to_dict() == again.to_dict()
    prompts = {problem_of(tmp_path, GOOD, registry, seed=s).prompt for s in range(20)}
    assert len(prompts) > 5


def test_constraints_hold_in_every_variant(tmp_path, registry):
    for seed in range(40):
        values = problem_of(tmp_path, GOOD, registry, seed=seed).values
        assert values["m"] != values["n"]


def test_impossible_constraints_are_degenerate(tmp_path, registry):
    from tutor.exercises import DegenerateExercise

    with pytest.raises(DegenerateExercise, match="constraints"):
        problem_of(tmp_path, GOOD.replace('"m != n"', '"m > 10"'), registry)


def test_a_zero_answer_is_degenerate_unless_allowed(tmp_path, registry):
    from tutor.exercises import DegenerateExercise

    zero = GOOD.replace('define: {f: "a*x^m*y^n"}', 'define: {f: "a*y^n"}')
    with pytest.raises(DegenerateExercise, match="0"):
        problem_of(tmp_path, zero, registry)
    allowed = zero.replace('answer: {value: "diff(f, x)"}', 'answer: {value: "diff(f, x)", allow_zero: true}')
    allowed = allowed.replace('      - answer: "diff(f, y)"\n', '      - answer: "diff(f, y) + 1"\n')
    assert problem_of(tmp_path, allowed, registry).check("0").correct


def test_the_same_seed_gives_the_same_problem_in_another_process(tmp_path, registry):
    path = write(tmp_path, GOOD.replace("topic: partial-derivatives", "topic: partials-demo"), "x.yaml")
    plugin = tmp_path / "plugin.py"
    plugin.write_text("from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
                      f"def exercise_dirs():\n    return [Path({str(path)!r})]\n")
    result = run_tutor("--plugins-dir", tmp_path, "show", "partial-x", "--seed", "11", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    here = problem_of(tmp_path, GOOD, registry, seed=11)
    assert shown["prompt"] == here.prompt
    assert shown["answer"] == here.answer_text


# -- checking, diagnosis, hints, solutions -------------------------------------------------

def test_answers_diagnoses_and_generic_feedback(tmp_path, registry):
    problem = problem_of(tmp_path, GOOD, registry, seed=3)
    assert problem.check(problem.answer_text).correct
    import sympy

    from tutor.language import to_text, variable

    f = problem.values["f"]
    wrong_variable = problem.check(to_text(sympy.diff(f, variable("y"))))
    assert wrong_variable.status == "incorrect"
    assert "∂f/∂y" in wrong_variable.message and wrong_variable.score == 0.2
    sign = problem.check(f"-({problem.answer_text})")
    assert "Sign error" in sign.message and sign.score == 0
    factor = problem.check(f"2*({problem.answer_text})")
    assert "constant factor" in factor.message
    assert problem.check("x +").status == "invalid"
    assert problem.hints == [f"Treat y as a constant: y^{problem.values['n']} is a coefficient."]
    assert problem.solution[-1].startswith("So ∂f/∂x = ")


def test_choice_answers_from_an_operation(tmp_path, registry):
    text = """
    - id: classify-quadratic
      title: Classify
      topic: hessian
      variables: [x, y]
      parameters: {a: {int: [-3, 3], exclude: [0]}, b: {int: [-3, 3], exclude: [0]}}
      define: {f: "a*x^2 + b*y^2", H: "hessian(f, [x, y])"}
      prompt: "Classify (0, 0) for f = {{ f }}."
      answer: {value: "classify(H)", kind: choice, choices: [minimum, maximum, saddle, inconclusive]}
    """
    seen = set()
    for seed in range(30):
        problem = problem_of(tmp_path, text, registry, seed=seed)
        a, b = problem.values["a"], problem.values["b"]
        truth = "minimum" if a > 0 and b > 0 else "maximum" if a < 0 and b < 0 else "saddle"
        assert problem.answer_text == truth
        assert problem.check(truth.upper()).correct
        assert problem.check("local " + truth if truth != "saddle" else "saddle point").correct
        assert problem.check("banana").status == "invalid"
        seen.add(truth)
    assert seen == {"minimum", "maximum", "saddle"}


def test_vector_answer_partial_credit_can_be_switched_off(tmp_path, registry):
    text = """
    - id: gradient-at
      title: Gradient at a point
      topic: gradients
      variables: [x, y]
      parameters: {a: {int: [1, 5]}}
      define: {f: "a*x^2 + y^2"}
      prompt: "Gradient of {{ f }} at (1, 2)?"
      answer: {value: "at(gradient(f, [x, y]), [x, y], [1, 2])", partial_credit: false}
    """
    problem = problem_of(tmp_path, text, registry)
    a = problem.values["a"]
    assert problem.check(f"[{2 * a}, 4]").correct
    half = problem.check(f"[{2 * a}, 5]")
    assert half.status == "incorrect" and half.score == 0
    partial = problem_of(tmp_path, text.replace(", partial_credit: false", ""), registry)
    assert partial.check(f"[{2 * a}, 5]").score == 0.5


# -- validate and generate -----------------------------------------------------------------

def test_validate_reports_exercise_seed_and_cause(tmp_path):
    broken = GOOD.replace('answer: {value: "diff(f, x)"}', 'answer: {value: "diff(f, x)", places: 2}')
    broken = broken.replace('f: "a*x^m*y^n"', 'f: "a*x^m*y^n/(m - 3)"')
    path = write(tmp_path, broken)
    result = invoke_tutor("validate", path, "--seeds", "30")
    assert result.returncode == 1
    assert "partial-x (seed" in result.stdout and "division by zero" in result.stdout
    ok = invoke_tutor("validate", write(tmp_path, GOOD, "good.yaml"), "--seeds", "30")
    assert ok.returncode == 0, ok.stdout
    assert "1 exercises, 30 variants: ok" in ok.stdout


def test_generate_writes_worksheets_with_answer_keys(tmp_path):
    path = write(tmp_path, GOOD.replace("topic: partial-derivatives", "topic: partials-demo"), "x.yaml")
    (tmp_path / "plugin.py").write_text("from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
                                        f"def exercise_dirs():\n    return [Path({str(path)!r})]\n")
    markdown = invoke_tutor("--plugins-dir", tmp_path, "generate", "partial-x", "--count", "3", "--seed", "5")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.count("## ") == 4 and "Answer key" in markdown.stdout
    out = tmp_path / "sheet.tex"
    latex = invoke_tutor("--plugins-dir", tmp_path, "generate", "partial-x", "--format", "latex", "--out", out)
    assert latex.returncode == 0 and r"\begin{document}" in out.read_text()
    assert "$" in out.read_text()
    data = json.loads(invoke_tutor("--plugins-dir", tmp_path, "generate", "partial-x", "--count", "2",
                                   "--format", "json").stdout)
    assert [p["seed"] for p in data["problems"]] == [0, 1]
    unknown = invoke_tutor("--plugins-dir", tmp_path, "generate", "no-such-exercise")
    assert unknown.returncode == 2 and "unknown exercise" in unknown.stderr


def test_constraints_may_name_defines_and_are_checked_after_them(tmp_path):
    """A constraint on a define rejects the variants where it fails."""
    source = tmp_path / "c.yaml"
    source.write_text(
        "topic: t\nexercises:\n"
        "  - id: constraint-on-define\n    title: T\n    difficulty: 1\n    variables: [x]\n"
        "    parameters: {a: {int: [-3, 3]}, b: {int: [-3, 3]}}\n"
        "    constraints: ['a != 0', 'd > 0']\n"
        "    define: {d: 'a*b'}\n"
        "    prompt: 'Differentiate {{ d }} x.'\n"
        "    answer: {value: 'diff(d*x, x)'}\n", encoding="utf-8")
    from tutor.exercises import instantiate
    from tutor.exercises.loader import read_file
    from tutor.registry import get_registry

    registry = get_registry()
    spec = read_file(source, tuple(registry.kinds))[0]
    for seed in range(40):
        problem = instantiate(spec, seed, registry)
        assert problem.values["a"] != 0 and problem.values["d"] > 0


def test_critical_points_of_one_variable_are_plain_numbers():
    from tutor.calculus import critical_points
    from tutor.language import parse

    points = critical_points(parse("x^3 - 3x", ["x"]))
    assert sorted(points.items) == [-1, 1]
