"""One implementation of each course computation, one variable order: answer keys
(tutor.calculus) and worked solutions (tutor.steps) agree, and the value helpers of
tutor.language.values are the ones both use."""

from __future__ import annotations

import pytest
import sympy

from tutor import calculus
from tutor.language import infer_variables, variable
from tutor.language.values import (
    Matrix,
    SetValue,
    Vector,
    entries,
    free_symbols,
    ordered_variables,
    point_mapping,
    with_variables,
)
from tutor.steps import (
    critical_point_steps,
    gd_steps,
    gradient_steps,
    hessian_steps,
    iterates_of,
    newton_steps,
)

a, x, y, z, w, b = (variable(n) for n in ("a", "x", "y", "z", "w", "b"))
x1, x2, x10 = (variable(n) for n in ("x1", "x2", "x10"))


def test_the_variable_order_is_x_y_z_then_by_name_with_numbers_in_numeric_order():
    assert ordered_variables(a * x**2 + x * a**3) == (x, a)
    assert ordered_variables(w * b + z + y) == (y, z, b, w)
    assert ordered_variables(x10 + x2 + x1) == (x1, x2, x10)
    assert ordered_variables(x * y, Vector((y, x))) == (y, x)  # given variables keep their order


def test_text_and_values_agree_on_x_y_z_first():
    assert infer_variables("a x^2 + x a^3") == ["x", "a"]


def test_answer_keys_and_worked_solutions_order_the_variables_alike():
    f = a * x**2 + x * a**3

    def expanded(value):
        return tuple(sympy.expand(e) for e in entries(value))

    [gradient] = gradient_steps(f)
    assert expanded(calculus.gradient(f)) == expanded(gradient.after) == (2 * a * x + a**3, x**2 + 3 * a**2 * x)
    assert expanded(calculus.hessian(f)) == expanded(hessian_steps(f)[1].after) == (2 * a, 2 * x + 3 * a**2,
                                                                                     2 * x + 3 * a**2, 6 * a * x)


def test_gradient_descent_and_newton_keys_are_the_last_iterate_of_the_steps():
    f = 3 * x**2 + x * y + 2 * y**2 - 4 * x
    start = Vector((sympy.Integer(1), sympy.Integer(2)), "(")
    rate = sympy.Rational(1, 10)
    assert calculus.gd_step(f, Vector((x, y)), start, rate) == iterates_of(gd_steps(f, start, rate))[-1]
    assert calculus.newton_step(f, Vector((x, y)), start) == iterates_of(newton_steps(f, start))[-1]


def test_critical_points_of_keys_and_steps_are_the_same_set():
    f = x**3 - 3 * x + y**2
    assert calculus.critical_points(f) == critical_point_steps(f)[-1].after


def test_a_singular_hessian_is_one_message_for_keys_and_steps():
    f = x**2 + 2 * x * y + y**2
    start = Vector((sympy.Integer(1), sympy.Integer(1)), "(")
    with pytest.raises(ValueError) as key:
        calculus.newton_step(f, Vector((x, y)), start)
    with pytest.raises(ValueError) as steps:
        newton_steps(f, start)
    assert str(key.value) == str(steps.value) == "the Hessian is 0 (singular) at (1, 1): no Newton step"


@pytest.mark.parametrize("compute", [
    lambda p: calculus.at(x + y, Vector((x, y)), p),
    lambda p: calculus.gd_step(x * y, Vector((x, y)), p, sympy.Rational(1, 2)),
    lambda p: calculus.newton_step(x**2 + y**2, Vector((x, y)), p),
    lambda p: gradient_steps(x * y, Vector((x, y)), p),
    lambda p: gd_steps(x * y, p, sympy.Rational(1, 2), 1, Vector((x, y))),
])
def test_a_point_that_does_not_fit_the_variables_is_one_message(compute):
    with pytest.raises(ValueError) as raised:
        compute(Vector((sympy.Integer(1), sympy.Integer(2), sympy.Integer(3)), "("))
    assert str(raised.value) == "the point has 3 coordinates but there are 2 variables (x, y)"


@pytest.mark.parametrize("compute", [gradient_steps, hessian_steps, critical_point_steps,
                                     lambda f: gd_steps(f, sympy.Integer(1), sympy.Rational(1, 2)),
                                     lambda f: newton_steps(f, sympy.Integer(1))])
def test_no_variables_is_one_message(compute):
    with pytest.raises(ValueError, match="^the expression has no variables to differentiate by$"):
        compute(sympy.Integer(7))


def test_value_helpers_walk_every_container():
    value = SetValue((Vector((x, sympy.Integer(2))), Vector((y * z, sympy.Integer(0)))))
    assert entries(value) == (x, 2, y * z, 0)
    assert entries(Matrix(((x, y), (z, sympy.Integer(1))))) == (x, y, z, 1)
    assert entries("minimum") == ("minimum",)
    assert free_symbols(value) == {x, y, z} and free_symbols("saddle") == set()
    assert point_mapping((x, y), Vector((sympy.Integer(1), sympy.Integer(2)))) == {x: 1, y: 2}
    assert point_mapping((x,), sympy.Integer(5)) == {x: 5}
    with pytest.raises(ValueError, match="^the point has 1 coordinate but there are 2 variables"):
        point_mapping((x, y), sympy.Integer(5))
    with pytest.raises(ValueError, match="no variables"):
        with_variables(sympy.Integer(3))
