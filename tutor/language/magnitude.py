"""Keep constants within 10^±max_exponent before SymPy works with them.

SymPy evaluates a constant at a precision that grows with its size: sin(10^(10^6))
needs a million digits of pi, and its assumptions call evalf on exp(exp(99))
depending on caches and set order. That work happens in long C calls that no
timer interrupts, and whether it finishes in time decides the verdict. So the
builder asks here first: the argument of a function, and a power of a constant,
must stay within bounds that make every later evaluation cheap. The estimate is
a 15-digit evaluation of parts that already passed these checks, the same on
every run.
"""

from __future__ import annotations

import math

import mpmath
import sympy

from tutor.errors import LimitError

EXPONENTIAL = frozenset({"exp", "sinh", "cosh", "sigma", "sigmoid"})  # grow (or shrink) like e^|z|


def log10_size(value) -> float | None:
    """log10 |value| of a constant (15 digits), -inf for zero, None when it has no finite size."""
    if value.is_Rational:
        if value.p == 0:
            return -math.inf
        return _log10_int(abs(value.p)) - _log10_int(value.q)
    try:
        parts = value.evalf(15).as_real_imag()
        size = mpmath.hypot(*(mpmath.mpf(sympy.Float(part, 15)._mpf_) for part in parts))
    except (ArithmeticError, ValueError, TypeError, AttributeError, RecursionError):
        return None  # not a number (zoo, nan, a symbol left over)
    if not mpmath.isfinite(size):
        return None
    return -math.inf if size == 0 else float(mpmath.log10(size))


def _log10_int(n: int) -> float:
    """log10 of a positive integer of any size, without str() (whose digit limit raises)."""
    shift = max(n.bit_length() - 64, 0)
    return math.log10(n >> shift) + shift * math.log10(2)


def digits(n: int) -> int:
    """About the number of decimal digits of an integer (exact below 10^15)."""
    n = abs(n)
    return len(str(n)) if n < 10 ** 15 else int(_log10_int(n)) + 1


def check_argument(function: str, argument, limit: int, column=None) -> None:
    """Refuse a constant argument that would make ``function`` too costly or its value too large."""
    if argument.is_Symbol or not argument.is_number:
        return
    size = log10_size(argument)
    if size is None:
        raise LimitError(f"the argument of {function} is not a number of sensible size", column)
    if function in EXPONENTIAL:
        bound = limit * math.log(10)  # e^bound = 10^limit
        if size > math.log10(bound):
            raise LimitError(f"{function} of a number beyond ±{bound:.0f} is too large or too small "
                             f"(limit 10^±{limit})", column)
    elif size > limit:
        raise LimitError(f"the argument of {function} is too large (about 10^{size:.0f}; limit 10^{limit})",
                         column)


def check_power(base, exponent, limit: int, column=None) -> None:
    """Refuse base^exponent of constants whose value would be beyond 10^±limit."""
    if base.is_Symbol or not (base.is_number and exponent.is_number) or (base.is_Rational and exponent.is_Rational):
        return  # powers of variables are bounded by the exponent limit, of rationals by the digits
    base_size, exponent_size = log10_size(base), log10_size(exponent)
    if base_size is None or exponent_size is None:
        raise LimitError("a power whose size cannot be bounded", column)
    if base_size == -math.inf or exponent_size == -math.inf:
        return  # 0^e (division by zero is refused by the builder) or b^0
    size = abs(base_size) * 10 ** min(exponent_size, 300)
    if size > limit:
        raise LimitError(f"the power would be about 10^±{size:.3g} (limit 10^±{limit})", column)


def check_float(value, limit: int) -> None:
    """Refuse a decimal (made by arithmetic on decimals) beyond 10^±limit."""
    mantissa = value._mpf_[1]
    if mantissa and abs(math.log10(mantissa) + value._mpf_[2] * math.log10(2)) > limit:
        raise LimitError(f"the answer makes a decimal beyond 10^±{limit}")


def expansion_size(expr) -> int:
    """An upper bound on the number of terms expanding ``expr`` can produce."""
    if expr.is_Add:
        return sum(expansion_size(arg) for arg in expr.args)
    if expr.is_Mul:
        size = 1
        for arg in expr.args:
            size *= expansion_size(arg)
        return size
    if expr.is_Pow and expr.exp.is_Integer and expr.base.is_Add:
        n, k = abs(int(expr.exp)), expansion_size(expr.base)
        if n > 200 or k > 200:
            return 10 ** 9
        return sympy.binomial(n + k - 1, k - 1)
    return 1
