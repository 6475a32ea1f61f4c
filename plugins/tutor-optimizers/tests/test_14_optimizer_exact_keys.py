"""Issue 14: optimizer keys computed from decimal data are exact (an exact 0 is 0, never
-2.22e-16) and a student's exact answer is accepted."""

from __future__ import annotations

import sympy
import pytest

from tutor.exercises.generate import instantiate
from tutor.exercises.loader import load_library
from tutor.language.values import entries
from tutor.registry import get_registry


@pytest.fixture(scope="module")
def library():
    registry = get_registry([], load=["optimizers"])
    return registry, load_library(registry)


def problems(library, exercise_id, seeds=range(40)):
    registry, specs = library
    return [instantiate(specs[exercise_id], seed, registry) for seed in seeds]


def test_momentum_two_steps_that_land_on_the_minimum_key_an_exact_zero(library):
    found = problems(library, "optimizers-momentum-two-steps")
    landed = [p for p in found if p.expected.value == 0]
    assert len(landed) >= 5  # 12 of 40 seeds landed on -2.22e-16 before
    for problem in landed:
        assert problem.expected.value is sympy.S.Zero and problem.answer_text == "0"
        assert problem.check("0").correct and problem.check("0.0").correct


def test_rmsprop_first_step_keys_hold_no_round_off(library):
    for problem in problems(library, "optimizers-rmsprop-first-step-2d"):
        for entry in entries(problem.expected.value):
            assert entry == 0 or abs(float(entry)) > 1e-9, (problem.seed, problem.answer_text)
    seed_zero = [p for p in problems(library, "optimizers-rmsprop-first-step-2d") if "0" in p.answer_text.split(",")[0]]
    for problem in seed_zero:
        x1, y1 = problem.expected.value.entries
        if x1 == 0:
            assert problem.check(f"[0, {y1}]").correct


def test_adam_bias_correction_states_its_precision_and_beta_is_never_one_half(library):
    for problem in problems(library, "optimizers-adam-bias-correction"):
        assert "4 significant digits" in problem.prompt
        assert problem.values["beta_1"] != sympy.Rational(1, 2)
