"""Property: tutor's own printer never writes an ambiguous form. A random expression printed
by to_text, or by to_unicode (shown as "interpreted as", which a student may copy back),
reads back to the same expression, with declared variables and with inferred ones."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.errors import ParseError
from tutor.language import parse, to_text, to_unicode, variable
from tutor.language.functions import sigma
from tutor.limits import Limits

GENEROUS = Limits(max_length=100_000, max_depth=500, max_exponent=10**6, max_digits=10**5)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# with declared variables: e is a variable here, and a multi-letter name ('ab') is declared whole
DECLARED = ["x", "y", "e", "ab", "alpha", "x_1", "y_hat", "w11"]
# without: every name the printer may write must be read as the same one variable
INFERRED = ["x", "y", "z", "alpha", "lambda", "sigma", "theta", "x_1", "w_11", "y_hat", "w11", "b1"]

FUNCTIONS = [sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.atan, sp.tanh, sp.Abs, sp.sqrt, sigma]
DECIMALS = [sp.Float("0.5"), sp.Float("2.25"), sp.Float("0.001"), sp.Float("1.5e-7"), sp.Float("3.0")]


def expressions(names, with_e: bool):
    leaves = st.one_of(
        st.sampled_from([variable(n) for n in names]),
        st.integers(-12, 12).map(sp.Integer),
        st.tuples(st.integers(-9, 9), st.integers(1, 9)).map(lambda pq: sp.Rational(*pq)),
        st.sampled_from(DECIMALS + [sp.pi] + ([sp.E] if with_e else [])),
    )

    def grow(inner):
        return st.one_of(
            st.tuples(inner, inner).map(lambda ab: sp.Add(*ab)),
            st.tuples(inner, inner).map(lambda ab: sp.Mul(*ab)),
            st.tuples(inner, inner).map(lambda ab: ab[0] / ab[1] if ab[1] != 0 else ab[0]),
            inner.map(lambda a: -a),
            st.tuples(inner, st.integers(-3, 4)).map(lambda ae: sp.Pow(ae[0], ae[1])),
            st.tuples(inner, st.sampled_from([sp.Rational(1, 2), sp.Rational(-1, 2), sp.Rational(1, 3),
                                              sp.Rational(3, 2)])).map(lambda ae: sp.Pow(*ae)),
            st.tuples(inner, st.sampled_from([variable(n) for n in names])).map(lambda ae: sp.Pow(*ae)),
            st.tuples(st.sampled_from([sp.Integer(2), sp.Integer(10)] + ([sp.E] if with_e else [])), inner)
            .map(lambda be: _power(*be)),
            st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda fa: fa[0](fa[1])),
        )

    return st.recursive(leaves, grow, max_leaves=8).filter(_defined)


def _power(base, exponent):
    """base^exponent, but never an integer to a huge number's power: SymPy computes that at once
    (2^(12^4^4) never ends) and _defined would reject it anyway (above 10^50), so the exponent
    stands in for it."""
    if base.is_Integer and exponent.is_Number and abs(exponent) > 200:
        return exponent
    return sp.Pow(base, exponent)


def _defined(expr) -> bool:
    """Real, finite, and its numbers of a sensible size (the limits are not what is tested here)."""
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I, sp.AccumBounds) or expr.is_extended_real is False:
        return False
    return all(f == 0 or 1e-100 < abs(f) < 1e5 for f in expr.atoms(sp.Float)) and \
        all(abs(r.p) < 10**50 and r.q < 10**50 for r in expr.atoms(sp.Rational))


def reads_back(expr, written: str, variables, e_is_variable: bool) -> None:
    try:
        value = parse(written, variables, GENEROUS)
    except ParseError as error:
        raise AssertionError(f"{expr} was written as {written!r}, which does not read: {error}") from None
    assert value == expr or _same_expression(value, expr), \
        f"{expr} was written as {written!r}, which reads as {value}"


def _same_expression(value, expr) -> bool:
    """The same expression up to what reading cannot keep: SymPy's grouping of a coefficient
    (1/(2*(x + y)) reads back as 1/(2*x + 2*y)), its own unevaluated forms (abs(abs(x))) and the
    digits of a decimal made by arithmetic beyond the 15 printed: exactly equal after cancelling,
    else equal at sample points. A misreading (e^(2x) for e^2*x) differs as a function, so fails."""
    if not expr.atoms(sp.Float) and sp.cancel(value - expr) == 0:
        return True
    symbols = sorted(expr.free_symbols | value.free_symbols, key=str)
    compared = 0
    for start in (0.31, 0.77, 1.43, 2.61):
        point = {s: start + 0.137 * k for k, s in enumerate(symbols)}
        try:
            a, b = complex(value.evalf(30, subs=point)), complex(expr.evalf(30, subs=point))
        except (TypeError, ValueError):
            continue
        if abs(a - b) > 1e-9 * max(1.0, abs(b)):
            return False
        compared += 1
    return compared > 0


@pytest.mark.slow
@PROPERTY
@given(expressions(DECLARED, with_e=False))
def test_to_text_reads_back_with_declared_variables(expr):
    reads_back(expr, to_text(expr, e_is_variable=True), DECLARED, True)


@pytest.mark.slow
@PROPERTY
@given(expressions(DECLARED, with_e=False))
def test_to_unicode_reads_back_with_declared_variables(expr):
    reads_back(expr, to_unicode(expr, e_is_variable=True), DECLARED, True)


@pytest.mark.slow
@PROPERTY
@given(expressions(INFERRED, with_e=True))
def test_to_text_reads_back_with_inferred_variables(expr):
    reads_back(expr, to_text(expr), None, False)


@pytest.mark.slow
@PROPERTY
@given(expressions(INFERRED, with_e=True))
def test_to_unicode_reads_back_with_inferred_variables(expr):
    reads_back(expr, to_unicode(expr), None, False)


@pytest.mark.parametrize("expr", [
    sp.exp(2) * variable("x"),
    sp.exp(-3 * variable("x") ** 2) * variable("x"),
    variable("x") / (2 * variable("y")),
    variable("x") * variable("y") / 2,
    sp.sqrt(variable("x")) / 2,
    2 ** (3 * variable("x")),
    2 ** 3 * variable("x"),
    variable("x") ** -1 / 2,
])
def test_the_printer_writes_the_ambiguous_examples_unambiguously(expr):
    for written in (to_text(expr), to_unicode(expr)):
        assert parse(written, ["x", "y"]) == expr, written
