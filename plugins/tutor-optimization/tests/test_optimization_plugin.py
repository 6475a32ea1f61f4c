"""The installed plugin through tutor's own API: its hooks, its answer kinds (parts and
subset), its step rule, filter and diagnoses, and every exercise validating."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

import pytest

from tutor.checking import ExpectedAnswer, CheckOptions
from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.exercises.validate import Report, validate_exercise
from tutor.registry import get_registry

MODULES = {"module-03": 2, "module-04": 5, "module-06": 2, "module-07": 6, "module-08": 4, "module-09": 5,
           "module-10": 5, "module-13": 3, "module-14": 5, "module-15": 5, "module-16": 5, "module-18": 5}


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


@pytest.fixture(scope="module")
def exercises(registry):
    return {i: spec for i, spec in load_library(registry).items() if i.startswith("optimization-")}


def expected(registry, value, variables, kind, choices=()):
    return ExpectedAnswer(value, variables, kind, CheckOptions(choices=tuple(choices)), registry.kinds)


def test_the_entry_point_and_every_hook_are_registered(registry):
    points = {p.name: p.value for p in importlib.metadata.entry_points(group="tutor")}
    assert points.get("optimization") == "tutor_optimization"
    assert {"parts", "subset"} <= set(registry.kinds)
    assert {"kkt_active", "adagrad_update", "adamw_update", "nesterov_update", "gda_step", "softplus",
            "parts", "jacobian", "soft_threshold", "ista_step"} <= set(registry.operations)
    assert "fixed" in registry.jinja.filters
    from tutor_optimization.softplus import softplus
    assert softplus in registry.step_rules
    hooks = {impl.plugin_name for impl in registry.manager.hook.diagnose.get_hookimpls()}
    assert "optimization" in hooks


def test_exercise_counts_per_module_with_hints_solutions_and_tags(exercises):
    counts = {}
    for spec in exercises.values():
        modules = [t for t in spec.tags if re.fullmatch(r"module-\d\d", t)]
        assert len(modules) == 1, spec.id
        counts[modules[0]] = counts.get(modules[0], 0) + 1
        assert spec.hints and spec.solution, spec.id
        assert spec.topic.startswith("optimization-"), spec.id
    assert counts == MODULES
    with_diagnoses = sum(1 for spec in exercises.values() if spec.diagnosis)
    assert with_diagnoses >= 45


def test_every_exercise_validates(exercises, registry):
    report = Report()
    for spec in exercises.values():
        validate_exercise(spec, registry, range(25), report)
    assert report.ok, [failure.line() for failure in report.failures]


# ---- the parts kind ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def point_with_multiplier(registry):
    return expected(registry, "x = 1/2, y = -3, lambda = 2", ["x", "y", "lambda"], "parts")


@pytest.mark.parametrize("answer", [
    "x = 1/2, y = -3, lambda = 2", "lambda = 2, x = 0.5, y = -3", "λ = 2; x = 1/2; y = −3",
    "1/2, -3, 2", "(0.5, -3, 2)", "x = 2/4, y = -6/2, lambda = sqrt(4)",
])
def test_parts_accepts_named_positional_and_equivalent_answers(point_with_multiplier, answer):
    verdict = point_with_multiplier.check(answer)
    assert verdict.status == "correct", verdict.message
    assert verdict.score == 1


def test_parts_gives_credit_per_part_and_names_the_wrong_ones(point_with_multiplier):
    verdict = point_with_multiplier.check("x = 1/2, y = 3, lambda = 2")
    assert verdict.status == "incorrect" and verdict.score == pytest.approx(2 / 3)
    assert "wrong: y" in verdict.message
    missing = point_with_multiplier.check("x = 1/2")
    assert missing.status == "incorrect" and missing.score == pytest.approx(1 / 3)
    assert "wrong: y, lambda" in missing.message


@pytest.mark.parametrize("answer, says", [
    ("x = 1/2, y = -3, z = 2", "unknown part z"),
    ("x = 1/2, x = 1/2, y = -3", "given twice"),
    ("x = 1/2, -3, 2", "name every part"),
    ("1/2, -3", "give 3 parts"),
    ("x = 1/2 = 3, y = 1, lambda = 2", "one '='"),
    ("x = , y = 1, lambda = 2", "no value"),
    ("x = 1/2, y = -3, lambda = y", "expected a number"),
    ("x = 1/2, y = 1/2x, lambda = 2", "ambiguous"),
    ("x + y = 1, y = 2, lambda = 1", "label"),
    ("__import__('os') = 1", "label"),
    ("x = __import__('os').system('true'), y = 1, lambda = 2", "part x"),
    ("", "empty"),
])
def test_parts_refuses_malformed_answers_with_one_line(point_with_multiplier, answer, says):
    verdict = point_with_multiplier.check(answer)
    assert verdict.status == "invalid", verdict
    assert says in verdict.message and "\n" not in verdict.message


def test_parts_is_bounded(point_with_multiplier):
    assert point_with_multiplier.check("x = 1, " * 5000).status == "invalid"
    assert point_with_multiplier.check(", ".join(["1"] * 20)).status == "invalid"
    assert point_with_multiplier.check("x = " + "(" * 300 + "1" + ")" * 300).status == "invalid"


def test_parts_reads_vector_parts(registry):
    answer = expected(registry, "p = [1, 2], t = 3", ["t"], "parts")
    assert answer.check("p = (1, 2), t = 3").correct
    verdict = answer.check("p = [1, 5], t = 3")
    assert verdict.status == "incorrect" and verdict.score == pytest.approx(0.5)


# ---- the subset kind -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def active(registry):
    return expected(registry, "g1, g3", [], "subset", ["g1", "g2", "g3"])


@pytest.mark.parametrize("answer", ["g1, g3", "g3 and g1", "{g_1, g_3}", "G1 g3", "g₁, g₃"])
def test_subset_is_order_free_and_reads_common_spellings(active, answer):
    assert active.check(answer).correct


def test_subset_gives_partial_credit_and_refuses_unknown_labels(active, registry):
    assert active.check("g1").score == pytest.approx(0.5)
    assert active.check("g1, g2, g3").score == pytest.approx(2 / 3)
    assert active.check("none").score == 0
    assert active.check("g4").status == "invalid"
    assert active.check("g1, g1").status == "invalid"
    assert active.check("import os").status == "invalid"
    empty = expected(registry, "none", [], "subset", ["g1", "g2"])
    assert empty.check("none").correct and empty.check("no constraints").correct
    assert not empty.check("g1").correct


# ---- diagnoses, step rule, filter ----------------------------------------------------------

def test_a_multiplier_of_the_opposite_sign_is_diagnosed_by_the_hook(exercises, registry):
    problem = instantiate(exercises["optimization-lagrange-weighted"], 4, registry)
    parts = dict(problem.expected.value.items)
    answer = f"x = {parts['x']}, y = {parts['y']}, lambda = -({parts['lambda']})"
    verdict = problem.check(answer)
    assert verdict.status == "incorrect" and "opposite sign" in verdict.message
    assert verdict.score == pytest.approx(0.75)
    verdict = problem.check(f"x = {parts['x']}, y = {parts['y']}, lambda = 12345")
    assert "the multiplier is not" in verdict.message


def test_listing_every_constraint_as_active_is_diagnosed(exercises, registry):
    for seed in range(30):
        problem = instantiate(exercises["optimization-kkt-active-set"], seed, registry)
        if problem.expected.value.members != {"g1", "g2", "g3"}:
            verdict = problem.check("g1, g2, g3")
            assert "Not every constraint is active" in verdict.message
            return
    pytest.fail("no variant with an inactive constraint")


def test_the_softplus_step_rule_reaches_the_solution(exercises, registry):
    from tutor.solutions import render_solution

    problem = instantiate(exercises["optimization-logits-loss-derivative"], 0, registry)
    text = render_solution(problem)
    assert "no step-by-step rule" not in text
    assert "softplus′(u) = σ(u)" in text


def test_the_fixed_filter(registry):
    import sympy

    from tutor_optimization.filters import fixed

    assert fixed(sympy.Rational(1, 3), 4) == "0.3333"
    assert fixed(sympy.Float(-0.00001), 2) == "0.00"
    assert fixed(sympy.Integer(-2), 1) == "−2.0"


def test_loading_the_plugin_does_not_import_sympy():
    code = ("import sys\nfrom tutor.plugins import plugin_manager\nplugin_manager([])\n"
            "import tutor_optimization\nprint('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
