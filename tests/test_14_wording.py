"""Issue 14, worked-solution wording: rules stated in the step's own notation, no name taken
from the problem, no circular or repeated lines, no symbol the prompt never names."""

from __future__ import annotations

import re

import sympy

from tutor.steps import derivative_steps
from tutor.steps.render import render

t, x, y = sympy.symbols("t x y", real=True)


def shown(exercise, registry, seed=0):
    from tutor.exercises import instantiate
    from tutor.exercises.loader import load_library
    from tutor.solutions import render_solution

    problem = instantiate(load_library(registry)[exercise], seed, registry)
    return problem, render_solution(problem)


def test_the_chain_rule_is_stated_with_the_steps_own_operator():
    in_t = render(derivative_steps(sympy.sin(2 * t), t), "unicode")
    assert "d/dt F(u) = F′(u)·du/dt" in in_t and "d/dx" not in in_t
    in_y = render(derivative_steps(x * sympy.log(x * y), y), "unicode")
    assert "∂/∂y F(u) = F′(u)·∂u/∂y" in in_y and "d/dx" not in in_y
    assert "d/dt F(u) = F'(u)*du/dt" in render(derivative_steps(sympy.sin(2 * t), t), "text")
    assert r"\frac{d}{dt} F(u) = F'(u)\, \frac{du}{dt}" in render(derivative_steps(sympy.sin(2 * t), t), "latex")


def test_the_product_rule_does_not_take_the_problems_names_f_and_g():
    line = render(derivative_steps(x**3 * sympy.cos(3 * x), x), "unicode").splitlines()[0]
    assert "(p = x³, q = cos(3·x)): (p·q)′ = p′·q + p·q′" in line
    assert not re.search(r"\b[fg] = ", line)


def test_sigmoid_derivative_neither_quotes_its_rule_nor_restarts_its_numbering(registry):
    _, text = shown("sigmoid-derivative", registry)
    assert "σ′(u) = σ(u)·(1 − σ(u))" not in text and "the derivative of the sigmoid" not in text
    assert len(re.findall(r"^1\. ", text, re.M)) == 1


def test_log_loss_through_the_sigmoid_uses_only_the_prompts_symbols(registry):
    _, text = shown("log-loss-through-the-sigmoid", registry)
    assert "ŷ − y = ŷ − y" not in text
    assert not re.search(r"w_?1|x_?1|∂L/∂b|∂L/∂w", text)
    assert "∂L/∂z = −(y − ŷ) = ŷ − y" in text


def test_newton_steps_do_not_call_the_function_f_when_the_exercise_calls_it_g(registry):
    for exercise in ("newton-optimisation-1d", "newton-exp-minus-ln"):
        problem, text = shown(exercise, registry)
        assert "g(x)" in problem.prompt
        assert "f′" not in text and "f″" not in text, exercise


def test_a_family_of_critical_points_is_not_listed_inside_a_set(registry):
    _, text = shown("sauna-coolest-point", registry)
    assert "every point (0, y), every point (x, 0) and the points (4, 4), (6, 6)" in text
    assert not re.search(r"\{[^}]*\((0, y|x, 0)\)", text)


def test_the_learning_rate_hint_names_no_undefined_symbol(registry):
    problem, _ = shown("gd-learning-rate-behaviour", registry)
    hints = " ".join(problem.hints)
    assert "2aα" not in hints and f"1 − {2 * int(problem.values['a'])}α" in hints
