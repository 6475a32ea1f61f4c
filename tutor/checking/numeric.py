"""Evaluate SymPy expressions at real points, fast, without generating Python code.

``compile_real(expr, variables, backend)`` walks the tree once and returns a
closure; calling it with a tuple of values gives a real number or raises
Undefined (outside the real domain, division by zero, overflow). Backends:
FLOAT (Python floats and math, for speed), MP (mpmath at the working precision,
for confirming equality exactly enough), MAGNITUDE and MP_MAGNITUDE (sizes of the
terms that cancel), EXACT (Fractions, for rational expressions) and MODULAR (the
same rational expressions as integers modulo a random prime, for testing them for
equality fast).
"""

from __future__ import annotations

import math
import os
import random
from fractions import Fraction
from functools import lru_cache

import mpmath
import sympy

from tutor.language.functions import sigma


class Undefined(ArithmeticError):
    """The expression has no real value at this point."""


class Unsupported(Exception):
    """The expression contains something this evaluator does not know."""


def _float_sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def _float_sign(v: float) -> float:
    return 0.0 if v == 0 else math.copysign(1.0, v)


def _float_power(base: float, exponent: float) -> float:
    return math.pow(base, exponent)


class _FloatBackend:
    name = "float"
    functions = {
        "exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos, "tan": math.tan,
        "asin": math.asin, "acos": math.acos, "atan": math.atan, "sinh": math.sinh,
        "cosh": math.cosh, "tanh": math.tanh, "Abs": abs, "sigma": _float_sigmoid,
        "sign": _float_sign,
    }
    integer_power = staticmethod(lambda base, n: base ** n)
    power = staticmethod(_float_power)
    sqrt = staticmethod(math.sqrt)

    @staticmethod
    def constant(value):
        number = float(value)
        if not math.isfinite(number):
            raise Unsupported(f"constant {value} is too large for floats")
        return lambda point, number=number: number

    @staticmethod
    def argument(value):
        return value


def _mp_real(value):
    if type(value) is mpmath.mpc:
        if value.imag:
            raise Undefined("complex value")
        value = value.real
    if not mpmath.isfinite(value):
        raise Undefined("infinite value")
    return value


def _mp_function(function):
    return lambda value: _mp_real(function(value))


def _mp_sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def _mp_sign(v):
    return mpmath.mpf(mpmath.sign(v))


class _MpBackend:
    name = "mp"
    functions = {name: _mp_function(f) for name, f in {
        "exp": mpmath.exp, "log": mpmath.log, "sin": mpmath.sin, "cos": mpmath.cos,
        "tan": mpmath.tan, "asin": mpmath.asin, "acos": mpmath.acos, "atan": mpmath.atan,
        "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh, "Abs": abs,
        "sigma": _mp_sigmoid, "sign": _mp_sign}.items()}
    integer_power = staticmethod(lambda base, n: _mp_real(base ** n))
    power = staticmethod(lambda base, exponent: _mp_real(mpmath.power(base, exponent)))
    sqrt = staticmethod(lambda base: _mp_real(mpmath.sqrt(base)))

    @staticmethod
    def constant(value):
        if value is sympy.pi:
            return lambda point: +mpmath.pi
        if value is sympy.E:
            return lambda point: +mpmath.e
        if value.is_Float:
            number = mpmath.mpf(value._mpf_)
            return lambda point, number=number: number
        if value.is_Rational:
            return lambda point, p=int(value.p), q=int(value.q): mpmath.mpf(p) / q
        digits = 80
        text = str(value.evalf(digits))
        return lambda point, text=text: mpmath.mpf(text)

    @staticmethod
    def argument(value):
        return mpmath.mpf(value)


class _MagnitudeBackend(_FloatBackend):
    """Floats with every sum taken over absolute values: the size of the terms that
    cancel, which bounds the rounding error of evaluating a rational expression
    (sums, products, integer powers) and tells how many digits a trustworthy
    evaluation needs. Functions and other powers are Unsupported: their rounding
    error cannot be bounded this way."""

    name = "magnitude"
    absolute_sums = True


class _MpMagnitudeBackend(_MpBackend):
    """The magnitudes of _MagnitudeBackend in mpmath: sizes beyond the float range."""

    name = "mp-magnitude"
    absolute_sums = True


class _ExactBackend:
    """Exact rational arithmetic (Fractions) for rational expressions with rational
    coefficients; anything else (pi, decimals, functions, roots) is Unsupported."""

    name = "exact"
    rational_only = True
    functions: dict = {}
    integer_power = staticmethod(lambda base, n: base ** n)

    @staticmethod
    def constant(value):
        if not value.is_Rational:
            raise Unsupported(f"{value} has no exact rational value")
        number = Fraction(int(value.p), int(value.q))
        return lambda point, number=number: number


def _random_prime(rng: random.Random) -> int:
    """A random prime between 2^61 and 2^62 (Miller-Rabin with bases that decide every
    number below 3.3 * 10^24)."""
    while True:
        n = rng.randrange(2 ** 61, 2 ** 62) | 1
        if all(n % q for q in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)) and _probably_prime(n):
            return n


def _probably_prime(n: int) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


_MODULUS_RANDOM = random.Random(os.urandom(16))  # a prime and points nobody can aim an answer at
MODULUS = _random_prime(_MODULUS_RANDOM)


def modular_power(base: int, n: int) -> int:
    """base^n modulo MODULUS; ZeroDivisionError for a negative power of 0."""
    base %= MODULUS
    if n < 0 and base == 0:
        raise ZeroDivisionError("a negative power of 0")
    return pow(base, n, MODULUS)


def modular_inverse(value: int) -> int:
    value %= MODULUS
    if value == 0:
        raise ZeroDivisionError("division by 0 modulo the prime")
    return pow(value, -1, MODULUS)


class _ModularBackend:
    """Rational expressions with rational coefficients as integers modulo MODULUS, a
    random prime of 62 bits: two different rational functions of degree d agree at a
    random point with probability at most d / 2^61 (and a nonzero coefficient is a
    multiple of the prime with a probability as small), and the arithmetic stays on
    small integers, unlike Fractions. A division by 0 modulo the prime raises
    ZeroDivisionError (the point is skipped); anything else is Unsupported."""

    name = "modular"
    rational_only = True
    functions: dict = {}
    integer_power = staticmethod(modular_power)

    @staticmethod
    def constant(value):
        if not value.is_Rational:
            raise Unsupported(f"{value} has no exact rational value")
        q = int(value.q) % MODULUS
        if q == 0:
            raise Unsupported("a denominator that is a multiple of the prime")
        number = int(value.p) * pow(q, -1, MODULUS) % MODULUS
        return lambda point, number=number: number


FLOAT = _FloatBackend()
EXACT = _ExactBackend()
MODULAR = _ModularBackend()
MP = _MpBackend()
MAGNITUDE = _MagnitudeBackend()
MP_MAGNITUDE = _MpMagnitudeBackend()


def compile_real(expr, variables: tuple, backend=FLOAT):
    """A closure point -> real value of ``expr``; raises Unsupported if it cannot."""
    return _compile(expr, tuple(variables), backend)


@lru_cache(maxsize=8192)
def _compile(expr, variables: tuple, backend):
    index = {symbol: i for i, symbol in enumerate(variables)}
    return _node(expr, index, backend)


def _node(expr, index, backend):
    # closures take what they use as default arguments, not as cells: fewer objects for the gc
    if expr.is_Symbol:
        if expr not in index:
            raise Unsupported(f"unknown variable {expr}")
        return lambda point, i=index[expr]: point[i]
    if expr.is_Number or expr.is_NumberSymbol:
        return backend.constant(expr)
    if expr.is_Add or expr.is_Mul:
        parts = tuple(_node(arg, index, backend) for arg in expr.args)
        if backend is MODULAR:
            return _modular_sum(parts) if expr.is_Add else _modular_product(parts)
        if expr.is_Add and getattr(backend, "absolute_sums", False):
            return lambda point, parts=parts: sum(abs(part(point)) for part in parts)
        if expr.is_Add:
            if len(parts) == 2:
                first, second = parts
                return lambda point, first=first, second=second: first(point) + second(point)
            return lambda point, parts=parts: sum(part(point) for part in parts)
        if len(parts) == 2:
            first, second = parts
            return lambda point, first=first, second=second: first(point) * second(point)

        def product(point, parts=parts):
            result = parts[0](point)
            for part in parts[1:]:
                result = result * part(point)
            return result
        return product
    if expr.is_Pow:
        base_fn = _node(expr.base, index, backend)
        exponent = expr.exp
        if exponent.is_Integer:
            return lambda point, power=backend.integer_power, base=base_fn, n=int(exponent): power(base(point), n)
        if _rational_only(backend):
            raise Unsupported("magnitudes and exact values are for rational expressions only")
        if exponent == sympy.S.Half:
            return lambda point, sqrt=backend.sqrt, base=base_fn: sqrt(base(point))
        exponent_fn = _node(exponent, index, backend)
        return lambda point, power=backend.power, base=base_fn, exponent=exponent_fn: \
            power(base(point), exponent(point))
    if _rational_only(backend):
        raise Unsupported("magnitudes and exact values are for rational expressions only")
    if isinstance(expr, sympy.exp):
        argument = _node(expr.args[0], index, backend)
        return lambda point, function=backend.functions["exp"], argument=argument: function(argument(point))
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        name = "sigma" if isinstance(expr, sigma) else type(expr).__name__
        function = backend.functions.get(name)
        if function is None:
            raise Unsupported(f"no numeric meaning for {name}")
        argument = _node(expr.args[0], index, backend)
        return lambda point, function=function, argument=argument: function(argument(point))
    raise Unsupported(f"no numeric meaning for {type(expr).__name__}")


def _modular_sum(parts):
    return lambda point, parts=parts: sum(part(point) for part in parts) % MODULUS


def _modular_product(parts):
    def product(point, parts=parts):
        result = 1
        for part in parts:
            result = result * part(point) % MODULUS
        return result
    return product


def _rational_only(backend) -> bool:
    return getattr(backend, "absolute_sums", False) or getattr(backend, "rational_only", False)


def evaluate(function, point, backend=FLOAT):
    """The value of a compiled closure at ``point``, or None where it is undefined."""
    try:
        value = function(point if backend is FLOAT or backend is EXACT else tuple(MP.argument(v) for v in point))
    except (ArithmeticError, ValueError, TypeError):
        return None
    if backend is FLOAT:
        if type(value) is complex or not math.isfinite(value):
            return None
    return value


OVERFLOW_DIGITS = 30  # digits of the value of a point where floats overflow
MAX_WIDE_DIGITS = 1500  # beyond this working precision such a point is skipped


def evaluate_wide(float_function, mp_function, magnitude_function, point):
    """The value at ``point`` in floats, or, where floats overflow (a power such as
    (x - a)^6000 at |x - a| > 1), in mpmath, whose exponent range is unbounded, at 30
    digits more than the largest terms that cancel use up (from ``magnitude_function``,
    an MP_MAGNITUDE closure: rational expressions only). None where the expression is
    undefined, or where no such value is found within MAX_WIDE_DIGITS."""
    try:
        value = float_function(point)
    except OverflowError:
        value = math.inf
    except (ArithmeticError, ValueError, TypeError):
        return None
    if type(value) is complex:
        return None
    if math.isfinite(value):
        return value
    if mp_function is None or magnitude_function is None:
        return None
    with mpmath.workdps(15):
        size = evaluate(magnitude_function, point, MP)
    if size is None:
        return None
    digits = OVERFLOW_DIGITS + max(int(mpmath.log10(abs(size))), 0) if size else OVERFLOW_DIGITS
    if digits > MAX_WIDE_DIGITS:
        return None
    with mpmath.workdps(digits):
        wide = evaluate(mp_function, point, MP)
    with mpmath.workdps(OVERFLOW_DIGITS):
        return +wide if wide is not None else None


@lru_cache(maxsize=64)
def modular_points(dimension: int, count: int = 6) -> tuple:
    """Random points modulo MODULUS (drawn once per process), for the MODULAR backend."""
    return tuple(tuple(_MODULUS_RANDOM.randrange(MODULUS) for _ in range(dimension)) for _ in range(count))


@lru_cache(maxsize=4096)
def modular_values(expr, variables: tuple):
    """The values of ``expr`` modulo MODULUS at modular_points (None where a division by 0
    modulo the prime happens), or None when it is not a rational expression with rational
    coefficients. Remembered: an expected answer is compared with many answers."""
    try:
        function = compile_real(expr, variables, MODULAR)
    except (Unsupported, RecursionError):
        return None
    return residues(function, len(variables))


def residues(function, dimension: int) -> tuple:
    """A MODULAR closure's values modulo MODULUS at modular_points (None where it divides by 0)."""
    values = []
    for point in modular_points(dimension):
        try:
            values.append(function(point) % MODULUS)
        except ArithmeticError:
            values.append(None)
    return tuple(values)


@lru_cache(maxsize=64)
def sample_points(dimension: int, count: int = 32, seed: int = 20261122) -> tuple:
    """Deterministic sample points over several scales and signs, regimes interleaved.

    Every fourth point lies in (0.05, 0.95) in every coordinate (inside the domain
    of ln, sqrt, asin and of log-loss terms); the others mix signs at magnitudes
    up to 2, 6, 20 and 100, positive values up to 3, and small values, so that the
    first few valid points already cover negative arguments and a wide range.
    """
    rng = random.Random(seed + dimension)
    regimes = [(0.05, 0.95, False), (0.05, 2.0, True), (1.0, 3.0, False), (0.5, 6.0, True),
               (0.05, 0.95, False), (2.0, 20.0, True), (10.0, 100.0, True), (0.001, 0.05, True)]
    points = []
    for i in range(count):
        low, high, signed = regimes[i % len(regimes)]
        point = tuple((-1 if signed and rng.random() < 0.5 else 1) * rng.uniform(low, high)
                      for _ in range(dimension))
        points.append(point)
    return tuple(points)
