"""The installed plugin: its entry point, its operations and exercises through tutor's own API,
and the diagnoses students get for the usual mistakes."""

from __future__ import annotations

import importlib.metadata

import pytest

from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.exercises.validate import Report, validate_exercise
from tutor.registry import get_registry

TOPIC = "optimizers"


@pytest.fixture(scope="module")
def registry():
    """The built-ins and this plugin, loaded by its entry-point name whatever TUTOR_LOAD_PLUGINS says."""
    return get_registry([], load=["optimizers"])


@pytest.fixture(scope="module")
def exercises(registry):
    return {i: spec for i, spec in load_library(registry).items() if spec.topic == TOPIC}


def problems(spec, registry, seeds=range(40)):
    return (instantiate(spec, seed, registry) for seed in seeds)


def test_the_entry_point_is_installed_and_registered(registry):
    points = {point.name: point.value for point in importlib.metadata.entry_points(group="tutor")}
    assert points.get("optimizers") == "tutor_optimizers"
    plugins = {name for name, _ in registry.manager.list_name_plugin()}
    assert "optimizers" in plugins
    assert {"momentum_update", "momentum_velocity", "rmsprop_update", "adam_update"} <= set(registry.operations)
    implementers = {impl.plugin_name for impl in registry.manager.hook.diagnose.get_hookimpls()}
    assert "optimizers" in implementers


def test_at_least_eight_exercises_each_with_hints_solution_and_diagnosis(exercises):
    assert len(exercises) >= 8
    assert all(spec.id.startswith("optimizers-") for spec in exercises.values())
    for spec in exercises.values():
        assert spec.hints and spec.solution and spec.diagnosis, spec.id
    tags = {tag for spec in exercises.values() for tag in spec.tags}
    assert {"momentum", "rmsprop", "adam"} <= tags


@pytest.mark.slow
def test_every_exercise_validates(exercises, registry):
    report = Report()
    for spec in exercises.values():
        validate_exercise(spec, registry, range(60), report)
    assert report.ok, [failure.line() for failure in report.failures]
    assert report.exercises == len(exercises)


def test_adam_first_step_moves_by_the_learning_rate_in_every_variant(exercises, registry):
    for problem in problems(exercises["optimizers-adam-first-step-2d"], registry):
        start, rate = problem.values["start"], float(problem.values["rate"])
        for old, new in zip(start.entries, problem.expected.value.entries):
            assert abs(float(new) - float(old)) == pytest.approx(rate)


def test_forgetting_adams_bias_correction_is_diagnosed(exercises, registry):
    problem = instantiate(exercises["optimizers-adam-first-step-1d"], 3, registry)
    values = problem.values
    g, x0, rate = (float(values[k]) for k in ("g", "x0", "rate"))
    b1, b2 = float(values["beta_1"]), float(values["beta_2"])
    uncorrected = x0 - rate * (1 - b1) * g / ((1 - b2) * g * g) ** 0.5  # by hand
    verdict = problem.check(f"{uncorrected:.6f}")
    assert verdict.status == "incorrect" and "bias correction" in verdict.message and verdict.score == 0.25
    assert problem.check(f"{x0 - rate * (1 if g > 0 else -1):.6f}").correct


def test_momentum_with_beta_on_the_gradient_is_diagnosed(exercises, registry):
    problem = instantiate(exercises["optimizers-momentum-step-1d"], 1, registry)
    v = problem.values
    wrong = float(v["x0"]) - float(v["rate"]) * (float(v["v0"]) + float(v["beta"]) * float(v["g"]))
    verdict = problem.check(f"{wrong:.6f}")
    assert verdict.status == "incorrect" and "β multiplies the old velocity" in verdict.message


def test_a_step_uphill_is_diagnosed_by_the_plugin_hook(exercises, registry):
    for exercise in ("optimizers-rmsprop-step-1d", "optimizers-adam-first-step-2d", "optimizers-momentum-two-steps"):
        problem = instantiate(exercises[exercise], 2, registry)
        start, expected = problem.values["start"], problem.expected.value
        if hasattr(start, "entries"):
            uphill = "[" + ", ".join(f"{2 * float(s) - float(e):.6f}"
                                     for s, e in zip(start.entries, expected.entries)) + "]"
        else:
            uphill = f"{2 * float(start) - float(expected):.6f}"
        verdict = problem.check(uphill)
        assert verdict.status == "incorrect", exercise
        assert "Sign error" in verdict.message and verdict.score == 0.25, (exercise, verdict.message)


def test_rmsprop_averaging_g_instead_of_g_squared_is_diagnosed(exercises, registry):
    spec = exercises["optimizers-rmsprop-step-1d"]
    checked = 0
    for problem in problems(spec, registry):
        v = {k: float(problem.values[k]) for k in ("x0", "g", "s0", "rho", "rate")}
        wrong_average = v["rho"] * v["s0"] + (1 - v["rho"]) * v["g"]
        if wrong_average <= 0:
            continue
        wrong = v["x0"] - v["rate"] * v["g"] / wrong_average ** 0.5
        verdict = problem.check(f"{wrong:.6f}")
        if verdict.status == "correct":  # g = g² (g = 1) gives the right answer
            continue
        assert "squared gradient" in verdict.message, (problem.seed, verdict.message)
        checked += 1
    assert checked >= 5


def test_unrelated_wrong_answers_get_no_optimizer_diagnosis(exercises, registry):
    problem = instantiate(exercises["optimizers-adam-two-steps-1d"], 0, registry)
    verdict = problem.check("12345")
    assert verdict.status == "incorrect" and verdict.score == 0
    assert "Sign error" not in verdict.message and "squared gradient" not in verdict.message


def test_loading_the_plugin_does_not_import_sympy():
    """tutor loads every installed plugin before `tutor --help`, which must stay fast."""
    import subprocess
    import sys

    code = ("import sys\nfrom tutor.plugins import plugin_manager\nplugin_manager([])\n"
            "import tutor_optimizers\nprint('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_uphill_is_said_only_of_steps_not_of_a_velocity_or_a_moment(exercises, registry):
    """A velocity or a moment is not a point after a step: "your step goes uphill" would be wrong
    there (issue 14); a sign error in one still gets the generic sign message."""
    for exercise, seed in (("optimizers-momentum-velocity", 3), ("optimizers-adam-bias-correction", 1)):
        problem = instantiate(exercises[exercise], seed, registry)
        expected = float(problem.expected.value)
        for wrong in (-expected, 2 * float(problem.values.get("x0", 0)) - expected):
            verdict = problem.check(f"{wrong:.6f}")
            assert verdict.status == "incorrect", exercise
            assert "uphill" not in verdict.message, (exercise, verdict.message)
        assert "Sign error" in problem.check(f"{-expected:.6f}").message
