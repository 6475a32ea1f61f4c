"""The answer kinds limit, antiderivative and delta-epsilon: correct, incorrect and invalid
answers, read by tutor's parser (never evaluated as Python)."""

from __future__ import annotations

import pytest
import sympy

from tutor.checking import CheckOptions, ExpectedAnswer
from tutor.language import variable
from tutor.registry import get_registry
from tutor_analysis.kinds import DeltaEpsilonKey, limit_key, limit_pretty, read_limit

x, epsilon = variable("x"), variable("epsilon")


@pytest.fixture(scope="module")
def kinds():
    return get_registry([]).kinds


def expect(kinds, value, kind, variables=("x",)):
    return ExpectedAnswer(value, list(variables), kind, CheckOptions(), kinds)


@pytest.mark.parametrize("key, right, wrong", [
    ("oo", ["oo", "∞", "+∞", "infinity", "Infinity", "+oo", " inf "], ["-oo", "−∞", "DNE", "3", "10^10"]),
    ("-oo", ["-oo", "−∞", "- infinity", "-inf", "negative infinity"], ["oo", "DNE", "-1000"]),
    ("DNE", ["DNE", "does not exist", "Does not exist.", "dne", "undefined"], ["oo", "0", "-oo"]),
    ("3/2", ["3/2", "1.5", "6/4", "3/2 + 0", "1.50"], ["oo", "DNE", "1.4", "2/3"]),
    ("sqrt(2)/2", ["1/sqrt(2)", "√2/2", "0.7071"], ["0.7", "DNE"]),
])
def test_limit_answers(kinds, key, right, wrong):
    expected = expect(kinds, key, "limit")
    for answer in right:
        assert expected.check(answer).correct, answer
    for answer in wrong:
        assert expected.check(answer).status == "incorrect", answer


@pytest.mark.parametrize("answer", ["x", "[1, 2]", "", "oo oo", "1/0", "__import__('os')", "does", "9^9^9^9"])
def test_invalid_limit_answers_are_invalid_not_errors(kinds, answer):
    verdict = expect(kinds, "oo", "limit").check(answer)
    assert verdict.status == "invalid" and verdict.message


def test_limit_keys_and_their_printing():
    assert limit_key(sympy.oo) == "oo" and limit_key(-sympy.oo) == "-oo"
    assert limit_key(sympy.zoo) == "DNE" and limit_key(sympy.nan) == "DNE"
    assert limit_key(sympy.AccumBounds(-1, 1)) == "DNE"
    assert limit_key(sympy.Rational(3, 2)) == "3/2"
    assert read_limit(limit_key(sympy.sqrt(2) / 2)) == sympy.sqrt(2) / 2
    assert [limit_pretty(k) for k in ("oo", "-oo", "DNE", "3/2")] == ["∞", "−∞", "does not exist", "3/2"]


def test_a_numeric_diagnosis_key_is_judged_as_a_number(kinds):
    expected = expect(kinds, sympy.Integer(4), "limit")
    assert expected.check("4.0").correct and expected.check("oo").status == "incorrect"


@pytest.mark.parametrize("right", ["x^3/3 + C", "x^3/3", "x^3/3 + 5", "(x^3 + 1)/3", "x³/3 − 7 + C"])
def test_antiderivatives_are_judged_up_to_a_constant(kinds, right):
    expected = expect(kinds, x**3 / 3, "antiderivative", ("x", "C"))
    assert expected.check(right).correct


@pytest.mark.parametrize("wrong", ["x^2", "x^3", "x^3/3 + x", "x^4/4", "C", "0", "3x^2/3"])
def test_wrong_antiderivatives_are_incorrect(kinds, wrong):
    verdict = expect(kinds, x**3 / 3, "antiderivative", ("x", "C")).check(wrong)
    assert verdict.status == "incorrect" and "derivative is not the integrand" in verdict.message


def test_logarithms_with_and_without_absolute_value(kinds):
    expected = expect(kinds, sympy.log(2 * x + 1) / 2, "antiderivative", ("x", "C"))
    assert expected.check("ln(abs(2x + 1))/2 + C").correct
    assert expected.check("ln(4x + 2)/2").correct  # differs by the constant ln(2)/2
    assert expected.check("ln(2x + 1)").status == "incorrect"


@pytest.mark.parametrize("answer", ["[x, 1]", "x +", "y", "{x}", "exec('1')"])
def test_invalid_antiderivatives(kinds, answer):
    assert expect(kinds, x**3 / 3, "antiderivative", ("x", "C")).check(answer).status == "invalid"


def quadratic_key(a):
    """lim_{x→a} x² with the textbook δ = ε/(2|a| + 1) (for ε ≤ 1)."""
    return DeltaEpsilonKey(epsilon / (2 * abs(a) + 1), x**2, x, sympy.Integer(a), sympy.Integer(a * a))


@pytest.mark.parametrize("answer", ["epsilon/5", "ε/5", "eps/6", "epsilon/100", "epsilon^2/5", "epsilon/(5 + epsilon)"])
def test_a_delta_that_works_is_correct(kinds, answer):
    expected = expect(kinds, quadratic_key(2), "delta-epsilon", ("x", "epsilon"))
    assert expected.check(answer).correct, expected.check(answer).message


@pytest.mark.parametrize("answer, why", [
    ("epsilon/4", "too large"), ("epsilon", "too large"), ("2 epsilon", "too large"), ("sqrt(epsilon)", "too large"),
    ("0.0001", "depend on ε"), ("-epsilon", "not a positive number"), ("epsilon/5 - 1/2", "not a positive number"),
])
def test_a_delta_that_fails_is_incorrect_with_the_reason(kinds, answer, why):
    verdict = expect(kinds, quadratic_key(2), "delta-epsilon", ("x", "epsilon")).check(answer)
    assert verdict.status == "incorrect" and why in verdict.message, verdict.message


@pytest.mark.parametrize("answer", ["x/5", "[epsilon, 1]", "epsilon +", "delta", "open('f')"])
def test_invalid_deltas(kinds, answer):
    assert expect(kinds, quadratic_key(2), "delta-epsilon", ("x", "epsilon")).check(answer).status == "invalid"


def test_the_key_reads_back_and_a_plain_delta_is_judged_by_equivalence(kinds):
    key = quadratic_key(-3)
    assert str(key) == "epsilon/7"
    assert expect(kinds, key, "delta-epsilon", ("x", "epsilon")).check(str(key)).correct
    plain = expect(kinds, epsilon / 6, "delta-epsilon", ("x", "epsilon"))  # a diagnosis's wrong δ
    assert plain.check("ε/6").correct and plain.check("epsilon/7").status == "incorrect"
