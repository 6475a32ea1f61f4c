"""The installed plugin: its entry point and hooks, its exercises through tutor's own API
(validation, solutions, module tags) and the diagnoses students get for the usual mistakes."""

from __future__ import annotations

import collections
import importlib.metadata
import subprocess
import sys

import pytest

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.exercises.templates import TemplateProblem, render
from tutor.exercises.validate import Report, validate_exercise
from tutor.registry import get_registry
from tutor.solutions import render_solution

MODULES = {"module-01": "limits", "module-02": ("derivative-definition", "higher-derivatives"),
           "module-05": "taylor", "module-11": "integration", "module-12": "variations", "module-17": "implicit"}


@pytest.fixture(scope="module")
def registry():
    return get_registry([])


@pytest.fixture(scope="module")
def exercises(registry):
    return {i: spec for i, spec in load_library(registry).items() if "tutor_analysis" in str(spec.source)}


def test_the_entry_point_and_hooks_are_registered(registry):
    points = {point.name: point.value for point in importlib.metadata.entry_points(group="tutor")}
    assert points.get("analysis") == "tutor_analysis"
    assert "analysis" in {name for name, _ in registry.manager.list_name_plugin()}
    assert {"limit", "antiderivative", "delta-epsilon"} <= set(registry.kinds)
    assert {"limit", "limit_at_infinity", "delta_epsilon", "antiderivative", "integral", "riemann_sum", "taylor",
            "quadratic_approximation", "euler_lagrange", "implicit_derivative", "limit_steps",
            "first_principles_steps", "taylor_steps", "higher_derivative_steps"} <= set(registry.operations)
    assert "analysis" in {impl.plugin_name for impl in registry.manager.hook.diagnose.get_hookimpls()}


def test_at_least_five_exercises_per_module_each_namespaced_and_complete(exercises):
    per_module = collections.Counter()
    for spec in exercises.values():
        modules = [tag for tag in spec.tags if tag in MODULES]
        assert len(modules) == 1, spec.id
        topics = MODULES[modules[0]]
        assert spec.topic in (topics if isinstance(topics, tuple) else (topics,)), spec.id
        assert spec.id.startswith(spec.topic + "-"), spec.id
        assert spec.parameters and spec.hints and spec.solution and spec.diagnosis, spec.id
        per_module[modules[0]] += 1
    assert set(per_module) == set(MODULES)
    assert all(count >= 5 for count in per_module.values()), per_module


def test_every_exercise_validates(exercises, registry):
    report = Report()
    for spec in exercises.values():
        validate_exercise(spec, registry, range(15), report)
    assert report.ok, [failure.line() for failure in report.failures]
    assert report.exercises == len(exercises)


def test_solutions_use_the_step_engine_where_it_reaches(exercises, registry):
    with_steps = [spec.id for spec in exercises.values() if any(kind == "steps" for kind, _ in spec.solution)]
    assert len(with_steps) >= 20
    problem = instantiate(exercises["limits-factor-and-cancel"], 3, registry)
    text = render_solution(problem)
    assert "cancels" in text and str(problem.values["a"] + problem.values["b"]).replace("-", "−") in text
    problem = instantiate(exercises["derivative-definition-cubic"], 1, registry)
    text = render_solution(problem)
    assert "h cancels" in text and "q(0)" in text
    problem = instantiate(exercises["taylor-second-order-at-a-point"], 2, registry)
    assert "f′′" in render_solution(problem) and "by the power rule" in render_solution(problem)


def check(exercises, registry, exercise, seed, answer):
    return instantiate(exercises[exercise], seed, registry).check(answer)


def test_limit_words_are_diagnosed(exercises, registry):
    problem = instantiate(exercises["limits-factor-and-cancel"], 3, registry)
    verdict = problem.check("DNE")
    assert verdict.status == "incorrect" and "indeterminate" in verdict.message
    for seed in range(40):
        problem = instantiate(exercises["limits-two-sided"], seed, registry)
        if problem.answer_text == "DNE":
            verdict = problem.check("oo")
            assert verdict.status == "incorrect" and "one-sided limits differ" in verdict.message
            assert verdict.score == 0.25
        else:
            verdict = problem.check("DNE")
            assert "rather than DNE" in verdict.message
            other = "-oo" if problem.answer_text == "oo" else "oo"
            assert "Wrong sign" in problem.check(other).message
        assert "Not a number" in problem.check("7").message


def test_a_mirrored_one_sided_limit_is_diagnosed_by_the_exercise(exercises, registry):
    problem = instantiate(exercises["limits-one-sided"], 0, registry)
    wrong = "-oo" if problem.answer_text == "oo" else "oo"
    verdict = problem.check(wrong)
    assert verdict.status == "incorrect" and verdict.message.startswith("Wrong sign: for x just")


def test_antiderivative_mistakes_are_diagnosed(exercises, registry):
    problem = instantiate(exercises["integration-antiderivative-cosine"], 1, registry)
    c, k = problem.values["c"], problem.values["k"]
    assert problem.check(f"{c}/{k} sin({k}x) + C").correct
    assert problem.check(f"({c}/{k}) sin({k}x) - 12").correct
    verdict = problem.check(f"{c} sin({k}x)")
    assert verdict.status == "incorrect" and "chain rule" in verdict.message and verdict.score == 0.25
    verdict = problem.check(f"-{c * k} sin({k}x)")  # differentiated instead of integrated... and wrong
    assert verdict.status == "incorrect"


def test_a_fixed_delta_and_a_delta_without_margin_are_diagnosed(exercises, registry):
    problem = instantiate(exercises["limits-delta-epsilon-quadratic"], 2, registry)
    a = abs(problem.values["a"])
    assert problem.check(f"epsilon/{2 * a + 1}").correct
    assert problem.check(f"epsilon/{2 * a + 5}").correct  # any smaller δ works
    verdict = problem.check(f"epsilon/{2 * a}")
    assert verdict.status == "incorrect" and "bound it by" in verdict.message and verdict.score == 0.5
    verdict = problem.check("0.001")
    assert verdict.status == "incorrect" and "function of ε" in verdict.message
    assert problem.check("x").status == "invalid"


def test_templates_cannot_read_the_delta_epsilon_property(exercises, registry):
    problem = instantiate(exercises["limits-delta-epsilon-linear"], 0, registry)
    key = problem.expected.value
    for template in ("{{ answer._function }}", "{{ answer._delta }}", "{{ answer._point }}"):
        with pytest.raises(TemplateProblem):
            render(registry.jinja, template, {"answer": key})


def test_loading_the_plugin_does_not_import_sympy():
    """tutor loads every installed plugin before `tutor --help`, which must stay fast."""
    code = ("import sys\nfrom tutor.plugins import plugin_manager\nplugin_manager([])\n"
            "import tutor_analysis\nprint('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
