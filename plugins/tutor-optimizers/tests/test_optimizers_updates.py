"""The update steps against hand computation with plain floats (no SymPy on the right-hand side)."""

from __future__ import annotations

import math

import pytest
import sympy

from tutor.language import Vector
from tutor_optimizers.updates import adam_update, momentum_update, momentum_velocity, rmsprop_update

x, y = sympy.symbols("x y", real=True)
XY = Vector((x, y))


def point(*coordinates):
    return Vector(tuple(sympy.Float(c) for c in coordinates))


def floats(value):
    return [float(e) for e in value.entries] if isinstance(value, Vector) else float(value)


def hand_adam(gradient, start, rate, beta1, beta2, steps):
    """Adam with eps = 0 in plain floats; ``gradient`` maps a list of coordinates to a list."""
    xs, m, v = list(start), [0.0] * len(start), [0.0] * len(start)
    for t in range(1, steps + 1):
        g = gradient(xs)
        m = [beta1 * mi + (1 - beta1) * gi for mi, gi in zip(m, g)]
        v = [beta2 * vi + (1 - beta2) * gi * gi for vi, gi in zip(v, g)]
        xs = [xi - rate * (mi / (1 - beta1**t)) / math.sqrt(vi / (1 - beta2**t)) if gi or mi else xi
              for xi, mi, vi, gi in zip(xs, m, v, g)]
    return xs


def test_momentum_one_step_by_hand():
    # f = 3x^2, x0 = 2, v0 = 1: g = 12, v1 = 0.9*1 + 12 = 12.9, x1 = 2 - 0.1*12.9 = 0.71
    f = 3 * x**2
    assert floats(momentum_update(f, x, sympy.Integer(2), sympy.Integer(1), sympy.Float(0.1), sympy.Float(0.9))) \
        == pytest.approx(0.71)
    assert floats(momentum_velocity(f, x, sympy.Integer(2), sympy.Integer(1), sympy.Float(0.1),
                                    sympy.Float(0.9))) == pytest.approx(12.9)


def test_momentum_from_rest_two_steps_by_hand():
    # f = x^2 from 2, eta 0.1, beta 0.9: v1 = 4, x1 = 1.6; g1 = 3.2, v2 = 3.6 + 3.2 = 6.8, x2 = 0.92
    value = momentum_update(x**2, x, sympy.Integer(2), 0, sympy.Float(0.1), sympy.Float(0.9), sympy.Integer(2))
    assert floats(value) == pytest.approx(0.92)


def test_momentum_in_two_variables_keeps_a_velocity_per_coordinate():
    # f = x^2 + 3y^2 at (1, -1): grad = (2, -6); v0 = (1, 0); beta 0.5: v1 = (2.5, -6); eta 0.1
    value = momentum_update(x**2 + 3 * y**2, XY, point(1, -1), point(1, 0), sympy.Float(0.1), sympy.Float(0.5))
    assert isinstance(value, Vector)
    assert floats(value) == pytest.approx([1 - 0.25, -1 + 0.6])


def test_rmsprop_one_step_by_hand():
    # f = x^2 at 1: g = 2; s1 = 0.9*0 + 0.1*4 = 0.4; x1 = 1 - 0.01*2/sqrt(0.4)
    value = rmsprop_update(x**2, x, sympy.Integer(1), 0, sympy.Float(0.01), sympy.Float(0.9))
    assert floats(value) == pytest.approx(1 - 0.02 / math.sqrt(0.4))


def test_rmsprop_with_a_running_average_and_two_steps_by_hand():
    f, rate, rho = 2 * x**2, 0.1, 0.8
    xs, s = 3.0, 5.0
    for _ in range(2):
        g = 4 * xs
        s = rho * s + (1 - rho) * g * g
        xs -= rate * g / math.sqrt(s)
    value = rmsprop_update(f, x, sympy.Integer(3), sympy.Integer(5), sympy.Float(rate), sympy.Float(rho),
                           sympy.Integer(2))
    assert floats(value) == pytest.approx(xs)


@pytest.mark.parametrize("start, coefficients", [((1, 1), (1, 1)), ((3, -2), (5, 0.5)), ((-0.2, 7), (100, 2))])
def test_adam_first_step_moves_each_coordinate_by_the_learning_rate(start, coefficients):
    a, b = coefficients
    f = a * x**2 + b * y**2
    value = floats(adam_update(f, XY, point(*start), sympy.Float(0.01), sympy.Float(0.9), sympy.Float(0.999)))
    for old, new in zip(start, value):
        assert abs(new - old) == pytest.approx(0.01)
        assert abs(new) < abs(old)  # towards the minimum at 0, whatever the gradient's size


def test_adam_two_and_three_steps_by_hand():
    f = x**4 / 4 + x * y + y**2

    def gradient(c):
        return [c[0] ** 3 + c[1], c[0] + 2 * c[1]]

    for steps in (2, 3):
        value = adam_update(f, XY, point(1.5, -0.5), sympy.Float(0.1), sympy.Float(0.9), sympy.Float(0.999),
                            sympy.Integer(steps))
        assert floats(value) == pytest.approx(hand_adam(gradient, [1.5, -0.5], 0.1, 0.9, 0.999, steps))


def test_without_bias_correction_adam_would_step_differently():
    corrected = floats(adam_update(x**2, x, sympy.Integer(1), sympy.Float(0.1), sympy.Float(0.9),
                                   sympy.Float(0.999)))
    uncorrected = 1 - 0.1 * (0.1 * 2) / math.sqrt(0.001 * 4)
    assert corrected == pytest.approx(0.9)
    assert abs(corrected - uncorrected) > 0.2


def test_a_coordinate_with_zero_gradient_does_not_move():
    value = floats(adam_update(x**2 + y**2, XY, point(0, 2), sympy.Float(0.1), sympy.Float(0.9),
                               sympy.Float(0.999)))
    assert value == pytest.approx([0.0, 1.9])
    assert floats(rmsprop_update(x**2, x, sympy.Integer(0), 0, sympy.Float(0.1), sympy.Float(0.9))) == 0.0


@pytest.mark.parametrize("call", [
    lambda: adam_update(x**2, x, sympy.Integer(1), 0.1, 0.9, 0.999, sympy.Integer(0)),
    lambda: adam_update(x**2, x, sympy.Integer(1), 0.1, 0.9, 0.999, sympy.Rational(3, 2)),
    lambda: momentum_update(x**2 + y**2, XY, sympy.Integer(1), 0, 0.1, 0.9),
    lambda: momentum_update(x**2 + y**2, XY, point(1, 1), point(1, 1, 1), 0.1, 0.9),
])
def test_bad_arguments_are_value_errors(call):
    with pytest.raises(ValueError):
        call()
