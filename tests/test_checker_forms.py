"""The checker's second round (issue 13): no blind spots between the kinks of abs, the answer
kinds equation / interval / inequality, required forms, generic diagnoses for every kind,
and every answer read once per check. Answers are the ones students write."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.checking import check, prepare
from tutor.checking.forms import Form, parse_form_text, prompt_problem, read_forms, stated_forms
from tutor.cli import cli
from tutor.language import Vocabulary, parse, to_text, to_unicode

# -- 1. sampling without holes -----------------------------------------------------------

def tent(variable: str, centre: Fraction, width: Fraction) -> str:
    """max(0, w - |v - c|) written with abs only: zero outside (c - w, c + w)."""
    inside = f"abs({variable} - ({centre}))"
    return f"(({width}) - {inside} + abs(({width}) - {inside}))/2"


@pytest.mark.parametrize("expected, answer, variables", [
    ("2x", "2x + " + tent("x", Fraction(3), Fraction(1)), ["x"]),  # the bump on (2, 4)
    ("x^2 y", "x^2 y + " + tent("y", Fraction(-573, 10), Fraction(1, 100)), ["x", "y"]),
    ("x^5", "x^5 + " + tent("x", Fraction(80), Fraction(1, 100)), ["x"]),  # a narrow bump on a huge value
    ("sigma(x)", "sigma(x) + " + tent("x", Fraction(-99), Fraction(1, 10)), ["x"]),
    ("x y", "x y + (abs(x + y - 50) - abs(x + y - 51) + 1)/2 - (abs(x + y - 52) - abs(x + y - 53) + 1)/2",
     ["x", "y"]),  # a plateau on a band of x + y
    ("abs(x - 1)", "abs(x - 1) + abs(abs(x - 1) - 1/1000) - abs(x - 1) + 1/1000 - 2*min0", ["x", "min0"]),
])
def test_a_bump_between_kinks_is_found(expected, answer, variables):
    verdict = check(expected, answer, variables)
    assert verdict.status == "incorrect", (answer, verdict.message)


@pytest.mark.parametrize("expected, answer", [
    ("abs(x)", "sqrt(x^2)"),
    ("abs(x - 1) + abs(x + 2)", "abs(2 + x) + abs(1 - x)"),
    ("x^2 + abs(x - 3)", "abs(3 - x) + x·x"),
    ("(x + abs(x))/2", "(abs(x) + x)/2"),
])
def test_equal_functions_with_kinks_are_still_equal(expected, answer):
    assert check(expected, answer, ["x"]).status == "correct"


COURSE = [("3x^2 - 4x + 1", ["x"]), ("e^(2x) sin(x)", ["x"]), ("sigma(z)(1 - sigma(z))", ["z"]),
          ("x^2 y^3 - 7x y", ["x", "y"]), ("(x - 1)/(x^2 + 1)", ["x"]), ("cos(3t)^2", ["t"]),
          ("2x/(1 + x^2)^2", ["x"]), ("e^(-x^2/2)", ["x"]), ("w x + b", ["w", "x", "b"])]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(course=st.sampled_from(COURSE), centre=st.integers(-1000, 1000), scale=st.sampled_from([1, 10, 100, 1000]),
       factor=st.integers(1, 9), which=st.integers(0, 2))
def test_property_every_tent_is_found(course, centre, scale, factor, which):
    """A tent of random centre in [-100, 100] and width from 0.001 to 90, added to a course
    expression, is never accepted."""
    expression, variables = course
    width = Fraction(factor, scale)
    bumped = f"{expression} + {tent(variables[which % len(variables)], Fraction(centre, 10), width)}"
    verdict = check(expression, bumped, variables)
    assert verdict.status == "incorrect", (bumped, verdict.message)


def test_sample_points_reach_a_hundred():
    from tutor.checking.numeric import sample_points

    assert max(abs(c) for point in sample_points(1) for c in point) > 50


# -- 2. equations, intervals, inequalities ---------------------------------------------------

@pytest.mark.parametrize("answer", ["2x + 3y - z = 1", "z = 2x + 3y - 1", "2z = 4x + 6y - 2",
                                    "z - 4 = 2(x - 1) + 3(y - 1)", "-z = 1 - 2x - 3y", "0 = 2x + 3y - 1 - z"])
def test_equivalent_equations(answer):
    verdict = check("z = 2x + 3y - 1", answer, ["x", "y", "z"])
    assert verdict.status == "correct", verdict.message


@pytest.mark.parametrize("answer", ["z = 2x + 3y + 1", "z = 3x + 2y - 1", "z - 4 = 2(x - 1) + 3(y - 2)",
                                    "0 = 0", "z^2 = (2x + 3y - 1)^2"])
def test_different_equations(answer):
    verdict = check("z = 2x + 3y - 1", answer, ["x", "y", "z"], kind="equation")
    assert verdict.status == "incorrect" and "not the same equation" in verdict.message


def test_an_expression_where_an_equation_is_asked_is_invalid():
    verdict = check("z = 2x + 3y - 1", "2x + 3y - 1", ["x", "y", "z"])
    assert verdict.status == "invalid" and "equation" in verdict.message


def test_tangent_plane_exercise_in_point_slope_form(tmp_path, registry):
    problem = instantiate_text(tmp_path, registry, """
    - id: plane
      title: Tangent plane
      topic: t
      variables: [x, y, z]
      define: {f: "x^2 + y^2", fx: "at(diff(f, x), [x, y], [1, 2])", fy: "at(diff(f, y), [x, y], [1, 2])"}
      prompt: "Give the tangent plane to z = {{ f }} at (1, 2, 5) as an equation."
      answer: {value: "z = 5 + fx*(x - 1) + fy*(y - 2)", kind: equation}
    """)
    assert problem.check("z - 5 = 2(x - 1) + 4(y - 2)").correct
    assert problem.check("z = 2x + 4y - 5").correct
    assert problem.check("2x + 4y - z = 5").correct
    assert problem.check("z = 2x + 4y + 5").status == "incorrect"
    assert problem.answer_text == "z = 2*x + 4*y - 5"


@pytest.mark.parametrize("answer", ["(-oo, -1) U (1, oo)", "(-∞, -1) ∪ (1, ∞)", "x < -1 or x > 1",
                                    "x > 1 or x < -1", "(1, oo) ∪ (-oo, -1)", "-x > 1 or 2x - 2 > 0"])
def test_union_of_intervals(answer):
    verdict = check("(-oo, -1) U (1, oo)", answer, kind="interval")
    assert verdict.status == "correct", verdict.message


@pytest.mark.parametrize("answer, message", [
    ("x <= -1 or x > 1", "which ends are included"),
    ("[-1, 1]", "not the same set"),
    ("(-oo, -1) ∪ (2, oo)", "not the same set"),
    ("x > 1", "not the same set"),
])
def test_wrong_sets(answer, message):
    verdict = check("x < -1 or x > 1", answer, ["x"], kind="inequality")
    assert verdict.status == "incorrect" and message in verdict.message


@pytest.mark.parametrize("answer", ["-1 ≤ x < 2", "x ≥ -1 and x < 2", "[-1, 2)", "-1 <= x < 2",
                                    "x >= -1 ∩ x < 2", "[-1.0001, 2)"])
def test_half_open_interval(answer):
    assert check("[-1, 2)", answer, ["x"], kind="interval").correct


def test_interval_ends_exact_and_with_decimals():
    assert check("(sqrt(2), oo)", "x > 1.414", ["x"], kind="interval").correct
    assert check("(sqrt(2), oo)", "x > 1.4", ["x"], kind="interval").status == "incorrect"
    assert check("(sqrt(2), oo)", "x > 2^(1/2)", ["x"], kind="interval").correct


@pytest.mark.parametrize("text, message", [
    ("x < y", "one variable"), ("x^2 < 4", "on its own"), ("(3, 1)", "smaller end first"),
    ("x < oo + 1", "end of an interval"), ("x = 1 = 2", "one '='"), ("x < 1 or", "ends too early"),
])
def test_bad_inequalities_are_invalid_with_a_message(text, message):
    verdict = check("(-oo, 1)", text, ["x", "y"], kind="interval")
    assert verdict.status == "invalid" and message in verdict.message and "\n" not in verdict.message


def test_infinity_outside_an_interval_is_an_error():
    verdict = check("x", "x + ∞", ["x"])
    assert verdict.status == "invalid" and "interval" in verdict.message


@pytest.mark.parametrize("text, plain, pretty", [
    ("z = 2x + 3y - 1", "z = 2*x + 3*y - 1", "z = 2·x + 3·y − 1"),
    ("(-oo, -1) U [1, oo)", "(-oo, -1) U [1, oo)", "(−∞, −1) ∪ [1, ∞)"),
    ("x < -1 or x >= 1", "x < -1 or x >= 1", "x < −1 or x ≥ 1"),
    ("-1 < x <= 1/2", "-1 < x <= 1/2", "−1 < x ≤ 1/2"),
])
def test_printers_write_what_reads_back(text, plain, pretty):
    vocabulary = Vocabulary.of(["x", "y", "z"], forms=True)
    value = parse(text, vocabulary)
    assert to_text(value) == plain and to_unicode(value) == pretty
    assert parse(plain, vocabulary) == value and parse(pretty, vocabulary) == value


def test_cli_checks_equations_and_intervals():
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "-e", "z = 2x + 3y - 1", "-a", "2x + 3y - z = 1", "--json"])
    assert result.exit_code == 0 and json.loads(result.output.splitlines()[-1])["verdict"] == "correct"
    result = runner.invoke(cli, ["check", "-e", "(-oo, -1) U (1, oo)", "-a", "x < -1 or x > 1",
                                 "--kind", "interval"])
    assert result.exit_code == 0 and "correct" in result.output


def test_equations_in_the_expected_answer_of_an_expression_still_refused():
    with pytest.raises(Exception, match="equation"):
        prepare("x = 1", ["x"], kind="expression")


# -- 3. forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("form, expected, answer, status", [
    ("expanded", "(x + 1)(x - 1)", "x^2 - 1", "correct"),
    ("expanded", "x^2 - 1", "(x + 1)(x - 1)", "incorrect"),
    ("expanded", "x^2 + 2x + 1", "(x + 1)^2", "incorrect"),
    ("expanded", "-x - 1", "-(x + 1)", "incorrect"),
    ("factored", "x^2 - 1", "(x - 1)(x + 1)", "correct"),
    ("factored", "x^2 - 1", "x^2 - 1", "incorrect"),
    ("factored", "2x^2 - 2", "2(x^2 - 1)", "incorrect"),
    ("factored", "2x^2 - 2", "2(x - 1)(x + 1)", "correct"),
    ("factored", "x^2 + 1", "x^2 + 1", "correct"),  # irreducible: nothing to factor
    ("single-fraction", "1/x + 1/(x + 1)", "(2x + 1)/(x(x + 1))", "correct"),
    ("single-fraction", "(2x + 1)/(x^2 + x)", "1/x + 1/(x + 1)", "incorrect"),
    ("single-fraction", "(x + 2)/2", "x/2 + 1", "incorrect"),
    ("exact", "sqrt(2)/2", "1/sqrt(2)", "correct"),
    ("exact", "1/3", "0.3333", "incorrect"),
    ("simplified", "x + 1", "(x^2 - 1)/(x - 1)", "incorrect"),
    ("simplified", "2x", "x + x", "incorrect"),
    ("simplified", "2x", "2x", "correct"),
])
def test_forms(form, expected, answer, status):
    verdict = check(expected, answer, ["x"], form=form, rtol=1e-3)
    assert verdict.status == status, verdict.message
    if status == "incorrect":
        assert verdict.message.startswith("right value, but not in the requested form: ")


def test_sigmoid_in_terms_of_sigma():
    expected = "sigma(z)(1 - sigma(z))"
    form = {"in-terms-of": ["sigma"]}
    bad = check(expected, "e^-z/(1+e^-z)^2", ["z"], form=form)
    assert bad.status == "incorrect" and "in terms of σ" in bad.message and bad.form
    assert check(expected, "σ(z) - σ(z)^2", ["z"], form=form).correct
    assert check(expected, "e^-z/(1+e^-z)^2", ["z"]).correct  # without the form, any equal value


def test_significant_figures_and_decimal_places():
    assert check("5 - sqrt(2)", "3.59", form={"sig-figs": 3}).correct
    assert check("5 - sqrt(2)", "3.586", form={"sig-figs": 3}).status == "incorrect"
    assert check("5 - sqrt(2)", "3.6", form={"sig-figs": 2}).correct  # 2 digits: judged to half a unit
    assert check("5 - sqrt(2)", "3.5858", form={"decimal-places": 4}).correct
    assert check("5 - sqrt(2)", "3.586", form={"decimal-places": 4}).status == "incorrect"
    assert check("5/2", "2.5", form={"decimal-places": 2}).correct  # exact: its zero left off
    assert check("1/4", "0.25", form={"sig-figs": 3}).correct


def test_form_credit_and_the_wrong_value_still_wrong():
    verdict = check("x^2 - 1", "(x + 1)(x - 1)", ["x"], form="expanded", form_credit=0.5)
    assert verdict.status == "incorrect" and verdict.score == 0.5
    wrong = check("x^2 - 1", "(x + 1)(x + 1)", ["x"], form="expanded", form_credit=0.5)
    assert wrong.score == 0 and "not equivalent" in wrong.message


def test_forms_are_read_and_refused_with_messages():
    assert read_forms(["expanded", {"sig-figs": 4}, {"in-terms-of": "sigmoid"}]) == (
        Form("expanded"), Form("sig-figs", 4), Form("in-terms-of", ("sigma",)))
    assert parse_form_text("decimal-places:3") == Form("decimal-places", 3)
    for bad in ["expand", {"sig-figs": 0}, {"sig-figs": True}, {"exact": 3}, {"in-terms-of": []}, 4]:
        with pytest.raises(ValueError):
            read_forms(bad)


def test_cli_form_option():
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "-e", "x^2 - 1", "-a", "(x - 1)(x + 1)", "--form", "expanded"])
    assert result.exit_code == 1 and "not in the requested form" in result.output
    result = runner.invoke(cli, ["check", "-e", "x^2 - 1", "-a", "x^2 - 1", "--form", "expanded"])
    assert result.exit_code == 0
    result = runner.invoke(cli, ["check", "-e", "x", "-a", "x", "--form", "sideways"])
    assert result.exit_code == 2 and "unknown form" in result.output


def test_prompt_states_the_form():
    assert stated_forms("Write σ″(z) in terms of σ(z).") == {"in-terms-of"}
    assert stated_forms("Give x₁ to 4 significant digits.") == {"sig-figs"}
    assert stated_forms("Find the constant factor of the chain rule.") == set()
    assert prompt_problem("Expand (x + 1)^2.", (Form("expanded"),)) is None
    assert "does not say so" in prompt_problem("Find f′.", (Form("expanded"),))
    assert "does not declare" in prompt_problem("Give it exactly.", ())


def test_every_library_exercise_with_a_form_says_so_in_its_prompt(registry):
    from tutor.exercises.loader import load_library

    library = load_library(registry)
    with_forms = {i: s for i, s in library.items() if s.answer.form}
    assert {"sigmoid-second-derivative", "log-loss-derivative", "hessian-characteristic-polynomial"} <= set(with_forms)
    for exercise_id, spec in with_forms.items():
        stated = stated_forms(spec.prompt)
        assert all(form.name in stated for form in spec.answer.form), exercise_id


def test_sigmoid_exercise_refuses_exponentials(registry):
    from tutor.exercises.loader import load_library
    from tutor.exercises import instantiate

    problem = instantiate(load_library(registry)["sigmoid-second-derivative"], 0, registry)
    exponential = "e^-z (e^-z - 1)/(1 + e^-z)^3"
    assert check(problem.expected.value, exponential, ["z"]).correct  # the value is right
    verdict = problem.check(exponential)
    assert verdict.status == "incorrect" and "in terms of σ" in verdict.message
    assert problem.check("σ(z)(1 − σ(z))(1 − 2σ(z))").correct


def test_exercise_form_fields_are_validated(tmp_path, registry):
    from tutor.exercises.spec import ExerciseError

    for bad, field in [("form: sideways", "answer.form"), ("form_credit: 2", "answer.form_credit")]:
        with pytest.raises(ExerciseError, match=field.replace(".", r"\.")):
            instantiate_text(tmp_path, registry, f"""
            - id: bad-form
              title: Bad
              topic: t
              variables: [x]
              prompt: "Expand (x + 1)^2."
              answer: {{value: "x^2 + 2x + 1", {bad}}}
            """)


# -- 4. generic diagnosis ----------------------------------------------------------------

GENERIC = """
- id: g-partial
  title: A partial derivative
  topic: t
  variables: [x, y]
  define: {f: "3x^2 y + 5y"}
  prompt: "Find ∂f/∂x for f = {{ f }}."
  answer: {value: "diff(f, x)"}
- id: g-slope
  title: A slope
  topic: t
  variables: [x]
  parameters: {x0: {choice: [2]}}
  define: {f: "x^3 - x", df: "diff(f, x)"}
  prompt: "Find f′({{ x0 }}) for f = {{ f }}."
  answer: {value: "at(df, x, x0)", kind: number}
- id: g-fraction
  title: A number
  topic: t
  prompt: "Compute 8/7."
  answer: {value: "8/7", kind: number}
- id: g-gradient
  title: A gradient at a point
  topic: t
  variables: [x, y]
  parameters: {x0: {choice: [1]}, y0: {choice: [2]}}
  define: {f: "x^2 y + y^3", g: "gradient(f, [x, y])"}
  prompt: "∇f({{ x0 }}, {{ y0 }}) for f = {{ f }}?"
  answer: {value: "at(g, [x, y], [x0, y0])", kind: vector}
- id: g-matrix
  title: A matrix
  topic: t
  prompt: "Write the matrix."
  answer: {value: "[[1, 2], [3, 4]]", kind: matrix}
"""


@pytest.fixture(scope="module")
def generic(tmp_path_factory, registry):
    from tutor.exercises.loader import read_file
    from tutor.exercises import instantiate

    path = tmp_path_factory.mktemp("generic") / "generic.yaml"
    path.write_text(GENERIC, encoding="utf-8")
    specs = {s.id: s for s in read_file(path, tuple(registry.kinds))}
    return {i: instantiate(s, 0, registry) for i, s in specs.items()}


@pytest.mark.parametrize("exercise, answer, message", [
    ("g-partial", "3x^2 y + 5y", "function itself"),
    ("g-partial", "3x^2 + 5", "with respect to y"),
    ("g-partial", "-6xy", "negative"),
    ("g-partial", "3xy", "constant factor"),  # the power rule's factor lost
    ("g-partial", "6xy + 2", "constant term"),
    ("g-partial", "1/(6xy)", "reciprocal"),
    ("g-slope", "6", "value of the function at the point"),  # f(2), not f′(2)
    ("g-slope", "2", "another point"),  # f′(1)
    ("g-slope", "-11", "negative"),
    ("g-fraction", "7/8", "reciprocal"),
    ("g-gradient", "[2xy, x^2 + 3y^2]", "Evaluate it at (1, 2)"),
    ("g-gradient", "[13, 4]", "wrong order"),
    ("g-gradient", "[-4, -13]", "every entry has the wrong sign"),
    ("g-gradient", "[4, -13]", "entry 2"),
    ("g-gradient", "[4, 7]", "another point"),  # ∇f(2, 1)
    ("g-matrix", "[[1, 3], [2, 4]]", "transposed"),
    ("g-matrix", "[[-1, -2], [-3, -4]]", "every entry has the wrong sign"),
    ("g-matrix", "[[1, 2], [-3, 4]]", "row 2, column 1"),
])
def test_generic_diagnoses(generic, exercise, answer, message):
    verdict = generic[exercise].check(answer)
    assert verdict.status == "incorrect" and message in verdict.message, verdict.message


def test_two_numbers_get_no_factor_or_constant_message(generic):
    for answer in ["-8/7", "16/7", "15/7", "1"]:
        verdict = generic["g-fraction"].check(answer)
        assert "factor" not in verdict.message and "times" not in verdict.message
        assert "constant term" not in verdict.message


def test_generic_messages_do_not_give_the_answer_away(generic):
    for exercise, answer in [("g-partial", "3xy"), ("g-partial", "6xy + 2"), ("g-slope", "-11")]:
        problem = generic[exercise]
        message = problem.check(answer).message
        assert problem.answer_text not in message and to_unicode(problem.expected.value) not in message


def test_matrix_entries_named_by_row_and_column():
    verdict = check("[[4, -1], [-1, 6]]", "[[4, -1], [1, 7]]")
    assert "row 2, column 1" in verdict.message and "row 2, column 2" in verdict.message


# -- 5. every answer read once -------------------------------------------------------------

def test_an_answer_is_parsed_once_however_many_diagnoses(tmp_path, registry, monkeypatch):
    from tutor.language import parser

    problem = instantiate_text(tmp_path, registry, """
    - id: many-diagnoses
      title: Many diagnoses
      topic: t
      variables: [x]
      define: {f: "(2x + 1)^3"}
      prompt: "Differentiate {{ f }}."
      answer: {value: "diff(f, x)"}
      diagnosis:
        - {answer: "3(2x + 1)^2", message: "chain"}
        - {answer: "(2x + 1)^2", message: "power"}
        - {answer: "6(2x + 1)", message: "exponent"}
        - {answer: "2(2x+1)^3", message: "other"}
    """)
    calls = []
    original = parser._Parser.parse
    monkeypatch.setattr(parser._Parser, "parse", lambda self: calls.append(self.text) or original(self))
    for answer, message in [("(2x + 1)^2", "power"), ("x^5", None), ("6(2x + 1)", "exponent")]:
        calls.clear()
        verdict = problem.check(answer)
        assert calls == [answer]
        if message:
            assert verdict.message == message


def instantiate_text(tmp_path, registry, text: str, seed: int = 0):
    import textwrap

    from tutor.exercises.loader import read_file
    from tutor.exercises import instantiate

    path = tmp_path / "exercise.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    spec, = read_file(path, tuple(registry.kinds))
    return instantiate(spec, seed, registry)


def test_authoring_guide_documents_every_form_and_the_new_kinds():
    import re

    from conftest import ROOT
    from tutor.checking.forms import FORM_NAMES

    doc = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    rows = doc.split("<!-- forms -->", 1)[1].strip().split("\n\n", 1)[0].splitlines()[2:]
    assert [re.match(r"\| `([^`]+)`", row).group(1) for row in rows] == list(FORM_NAMES)
    for kind in ("equation", "interval", "inequality"):
        assert f"| `{kind}` |" in doc
