"""The worked solutions built from this plugin's method rules (register_method_rules): the
antiderivative steps agree with SymPy's integrate (up to a constant) rule by rule, definite
integrals with SymPy's definite integral, and each converted exercise's worked solution ends
at its answer, rendered in every style and at every level of detail."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.language import variable
from tutor.exercises.solution import judged, last_step_tree, solution_result
from tutor.registry import get_registry
from tutor.steps import Step, render
from tutor.steps.model import rule_named
from tutor.steps.templates import STEP_STYLES
from tutor_analysis.integral_steps import antiderivative_steps, definite_integral_steps, integral_step
from tutor_analysis.rules import RULE_NAMES

SEEDS = range(120)
x = variable("x")  # the exercises' x

ANTIDERIVATIVES = ("integration-antiderivative-polynomial", "integration-antiderivative-cosine",
                   "integration-antiderivative-logarithm")
DEFINITE = {  # exercise -> (integrand, lower, upper) from its drawn values
    "integration-definite-polynomial": lambda v: (v["f"], v["a"], v["b"]),
    "integration-expectation-power-density": lambda v: (x * v["p"], 0, 1),
}
ENDS_AT_THE_ANSWER = (*ANTIDERIVATIVES, *DEFINITE, "limits-one-sided", "limits-two-sided",
                      "limits-at-infinity-same-degree", "limits-at-infinity-degrees", "limits-sine-over-x")
ENDS_AT_A_PART = {  # the steps work out one part; a text line then gives the answer
    "integration-variance-uniform": "second",
    "limits-continuity-parameter": "left_value",
}


@pytest.fixture(scope="module", autouse=True)
def registry():
    """The installed plugins' registry: loading it installs this plugin's method rules, which
    every test here builds steps of."""
    registry = get_registry([])
    assert set(RULE_NAMES) <= set(registry.method_rules)
    return registry


@pytest.fixture(scope="module")
def library(registry):
    return load_library(registry)


def _check_tree(step: Step, variable) -> None:
    """Every step of an antiderivative tree: the derivative of its result is its integrand."""
    for inner in step.walk():
        assert sp.simplify(sp.diff(inner.after, variable) - inner.before) == 0, (inner.rule, inner.before)


def test_the_plugin_registers_its_method_rules(registry):
    assert set(RULE_NAMES) <= set(registry.method_rules)
    for name in RULE_NAMES:
        assert rule_named(name).kind == "method" and rule_named(name).description


@pytest.mark.parametrize("exercise", ANTIDERIVATIVES)
def test_antiderivative_steps_agree_with_sympy_integrate(exercise, library, registry):
    rules = set()
    for seed in SEEDS:
        problem = instantiate(library[exercise], seed, registry)
        f = problem.values["f"]
        variable = x
        tree, plus_c = antiderivative_steps(f, variable)
        independent = sp.integrate(f, variable)
        assert sp.simplify(sp.diff(tree.after - independent, variable)) == 0, (exercise, seed, tree.after)
        assert (plus_c.after - tree.after).free_symbols == {sp.Symbol("C")}
        _check_tree(tree, variable)
        rules |= tree.rules_used()
    assert rules & {"integral_power", "integral_cos", "integral_reciprocal"}, rules


@pytest.mark.parametrize("exercise", sorted(DEFINITE))
def test_definite_integral_steps_agree_with_sympy(exercise, library, registry):
    for seed in SEEDS:
        problem = instantiate(library[exercise], seed, registry)
        f, lower, upper = DEFINITE[exercise](problem.values)
        variable = x
        tree, definite = definite_integral_steps(f, variable, lower, upper)
        assert definite.after == sp.integrate(f, (variable, lower, upper)), (exercise, seed)
        assert definite.after == problem.expected.value
        _check_tree(tree, variable)


def test_the_table_entries_with_a_linear_inner_function():
    cases = {sp.exp(3 * x + 1): "integral_exp", sp.sin(2 * x): "integral_sin", sp.cos(5 * x - 2): "integral_cos",
             1 / (4 * x + 3): "integral_reciprocal", x**-3: "integral_power", sp.sqrt(x): "integral_power",
             sp.Integer(7): "integral_constant"}
    for integrand, rule in cases.items():
        step = integral_step(integrand, x)
        assert step.rule == rule, integrand
        assert sp.simplify(sp.diff(step.after, x) - integrand) == 0, integrand


def test_an_integrand_no_rule_covers_is_a_clear_error():
    with pytest.raises(ValueError, match="no integration rule covers"):
        integral_step(sp.exp(x**2), x)


@pytest.mark.parametrize("exercise", ENDS_AT_THE_ANSWER)
def test_the_worked_solution_ends_at_the_answer(exercise, library, registry):
    for seed in range(40):
        problem = instantiate(library[exercise], seed, registry)
        entries = problem.solution
        assert {s.rule for step in last_step_tree(entries) for s in step.walk()} & set(RULE_NAMES), exercise
        verdict = judged(problem, solution_result(entries))
        assert verdict.correct, (exercise, seed, solution_result(entries), problem.answer_text)


@pytest.mark.parametrize("exercise", sorted(ENDS_AT_A_PART))
def test_the_steps_work_out_the_part_the_text_then_uses(exercise, library, registry):
    for seed in range(40):
        problem = instantiate(library[exercise], seed, registry)
        assert solution_result(problem.solution) == problem.values[ENDS_AT_A_PART[exercise]], (exercise, seed)


@pytest.mark.parametrize("exercise", [*ENDS_AT_THE_ANSWER, *ENDS_AT_A_PART])
def test_the_worked_solution_renders_in_every_style_and_detail(exercise, library, registry):
    problem = instantiate(library[exercise], 3, registry)
    trees = [entry for entry in problem.solution if not isinstance(entry, str)]
    for steps in trees:
        for style in STEP_STYLES:
            for detail in (1, 2, 3):
                text = render(steps, style, detail=detail)
                assert text.strip() and "{{" not in text and "{%" not in text, (exercise, style, detail)
        assert "∫" not in render(steps, "text") and "→" not in render(steps, "text")


def test_detail_hides_the_working_of_an_antiderivative():
    steps = antiderivative_steps(3 * x**4 - 2 * x + 5, x)
    method, working, everything = (render(steps, "unicode", detail=d) for d in (1, 2, 3))
    assert "power rule" not in method and "power rule" in working
    assert "∫ 5 dx" not in working and "∫ 5 dx = 5·x" in everything  # a constant term is trivial
    assert method.splitlines()[-1].endswith("+ C, as (F + C)′ = F′ for any constant C")
