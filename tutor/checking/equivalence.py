"""Decide whether two SymPy expressions are the same real function.

Order of work, cheapest first:
1. identical trees                                   -> equal (symbolic)
2. floats at sample points find a difference         -> different (numeric), confirmed in mpmath
3. decimals in either side: all points within rtol   -> equal (tolerance)
4. polynomial / rational difference, small enough:
   expand/cancel to 0 or not                          -> equal / different (symbolic)
5. otherwise mpmath at 30 and 60 digits: a difference that persists is real,
   one that shrinks with the precision is rounding   -> equal / different (numeric)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import mpmath
import sympy

from tutor.checking.numeric import (EXACT, FLOAT, MAGNITUDE, MP, MP_MAGNITUDE, Unsupported, compile_real, evaluate,
                                    evaluate_wide, modular_values, sample_points)
from tutor.checking.regions import has_kinks, region_points
from tutor.language.magnitude import digits, expansion_size
from tutor.limits import DEFAULT_LIMITS, Limits

ENOUGH_POINTS = 8  # valid points needed to accept with floats
CONFIRM_POINTS = 3  # points re-checked in mpmath
MAX_DIGITS = 1500  # beyond this working precision a point is skipped as undecidable
_CACHED_POINTS = 256  # values an Expression remembers (sample points, and region points)
_MISSING = object()


@dataclass(frozen=True)
class Tolerance:
    """How close decimals must be: relative ``rtol``, absolute ``atol``; with
    ``accept_rounded`` a decimal of 3+ significant digits that is the expected
    value correctly rounded passes too (3.59 for 5 - sqrt(2))."""

    rtol: float = 1e-3
    atol: float = 0.0
    accept_rounded: bool = True

    def accepts(self, answer: float, expected: float, scale: float = 0.0) -> bool:
        allowed = self.rtol * max(abs(expected), scale) + self.atol
        return abs(answer - expected) <= allowed * (1 + 1e-12) + 1e-300


@dataclass(frozen=True)
class Comparison:
    """The outcome: equal or not, the method that decided, and a reason for people."""

    equal: bool
    method: str  # 'symbolic', 'numeric' or 'tolerance'
    reason: str = ""


class Expression:
    """An expression prepared for many comparisons: compiled once, reused."""

    source = None  # tutor.checking.quick: the syntax tree it was built from, if known
    tree_key = None  # and that tree's key, once needed (False: none)

    def __init__(self, expr, variables: tuple):
        self.expr = expr
        self.variables = variables
        self.approximate = expr.has(sympy.Float)
        self._values, self._mp_values, self._scales = {}, {}, {}

    @cached_property
    def float_function(self):
        return _try_compile(self.expr, self.variables, FLOAT)

    @cached_property
    def exact_function(self):
        """Fractions in, a Fraction out: for rational expressions with rational coefficients."""
        return _try_compile(self.expr, self.variables, EXACT)

    @cached_property
    def free_symbols(self) -> frozenset:
        return frozenset(self.expr.free_symbols)

    @cached_property
    def function_names(self) -> frozenset:
        """The names of the functions (exp, sigma, sin, ...) applied to its variables."""
        variables = set(self.variables)
        return frozenset(type(f).__name__ for f in self.expr.atoms(sympy.Function) if f.free_symbols & variables)

    @cached_property
    def expansion(self) -> int:
        """A bound on the terms expanding it can make (tutor.language.magnitude.expansion_size)."""
        return expansion_size(self.expr)

    @property
    def constant_form(self) -> "Expression":
        """This constant expression with no variables to sample (as compare treats two constants);
        itself when it has none (not remembered: a reference to itself is a cycle for the gc)."""
        if not self.variables:
            return self
        found = self.__dict__.get("_constant_form")
        if found is None:
            found = self.__dict__["_constant_form"] = self._without_variables()
        return found

    def _without_variables(self) -> "Expression":
        """This expression with no variables declared (constant_form's, made once)."""
        return Expression(self.expr, ())

    @cached_property
    def region_points(self) -> list:
        """Points in every region between the kinks of abs, sign, max, min (usually none)."""
        if not self.variables or not has_kinks(self.expr):
            return []
        dimension = len(self.variables)
        bases = sample_points(dimension)[:1 if dimension == 1 else 2]
        return region_points(self.expr, self.variables, bases)

    @cached_property
    def mp_function(self):
        return _try_compile(self.expr, self.variables, MP)

    @cached_property
    def magnitude_function(self):
        return _try_compile(self.expr, self.variables, MAGNITUDE)

    @cached_property
    def exact_digits(self) -> int:
        """Digits of its longest exact number when beyond double precision (10^-60 has 61),
        else 0: an exact comparison must see a difference that small."""
        longest = max((max(digits(r.p), digits(r.q)) for r in self.expr.atoms(sympy.Rational)), default=0)
        return longest if longest > 15 else 0

    def value_at(self, point):
        """The value at ``point``: a float, an mpf where floats overflow, None where undefined
        (remembered: an expected answer meets the same sample points again and again)."""
        cache = self._values
        value = cache.get(point, _MISSING)
        if value is not _MISSING:
            return value
        if self.float_function is None:
            value = None
        else:
            value = evaluate_wide(self.float_function, self.mp_function, self.wide_magnitude_function, point)
        if len(cache) < _CACHED_POINTS:
            cache[point] = value
        return value

    def mp_value(self, point):
        """The value at ``point`` in mpmath at the working precision (None: undefined, or no
        mpmath closure), remembered per precision."""
        key = (point, mpmath.mp.prec)
        cache = self._mp_values
        if key in cache:
            return cache[key]
        value = evaluate(self.mp_function, point, MP) if self.mp_function is not None else None
        if len(cache) < _CACHED_POINTS:
            cache[key] = value
        return value

    @cached_property
    def wide_magnitude_function(self):
        return _try_compile(self.expr, self.variables, MP_MAGNITUDE)

    def digits_needed(self, point) -> int:
        """Decimal digits that the largest cancelling terms at ``point`` use up."""
        function = self.magnitude_function
        size = evaluate(function, point) if function is not None else None
        if size is None and function is not None and self.wide_magnitude_function is not None:
            with mpmath.workdps(15):  # beyond the float range
                size = evaluate(self.wide_magnitude_function, point, MP)
                size = abs(size) if size is not None else None
        if not size or size <= 1:
            return 0
        return int(mpmath.log10(size)) + 1

    @cached_property
    def term_scale_function(self):
        """Sum of |terms| of a sum: the scale against which a near-zero value is judged."""
        if not self.expr.is_Add:
            return None
        parts = [_try_compile(term, self.variables, FLOAT) for term in self.expr.args]
        if any(p is None for p in parts):
            return None
        return lambda point: sum(abs(p(point)) for p in parts)

    @property
    def residues(self):
        """Its values modulo a random prime at modular_points (tutor.checking.numeric.modular_values)."""
        return modular_values(self.expr, self.variables)

    def scale_bound_at(self, point) -> float | None:
        """An upper bound on scale_at(point) found without it, or None (an expected answer
        read from its tree has one: tutor.checking.tree_expected)."""
        return None

    def scale_at(self, point) -> float:
        """Sum of |terms| at a point, for expressions of the variables (constants use |value|)."""
        if point in self._scales:
            return self._scales[point]
        function = self.term_scale_function if self.variables else None
        value = (evaluate(function, point) or 0.0) if function is not None else 0.0
        if len(self._scales) < _CACHED_POINTS:
            self._scales[point] = value
        return value


def _try_compile(expr, variables, backend):
    try:
        return compile_real(expr, variables, backend)
    except (Unsupported, RecursionError):
        return None


def compare(expected: Expression, answer, tolerance: Tolerance = Tolerance(),
            limits: Limits = DEFAULT_LIMITS) -> Comparison:
    """Compare a prepared expected expression with the SymPy expression ``answer``."""
    if answer == expected.expr:
        return Comparison(True, "symbolic", "identical")
    variables = expected.variables
    if variables and not expected.expr.free_symbols and not answer.free_symbols:
        variables = ()  # two constants: no point to sample, and none to name in the message
        expected = Expression(expected.expr, variables)
    extra = answer.free_symbols - set(variables)
    if extra:
        variables = tuple(sorted(set(variables) | extra, key=str))
        expected = Expression(expected.expr, variables)
    candidate = Expression(answer, variables)
    approximate = expected.approximate or candidate.approximate

    outcome = _sample_floats(expected, candidate, tolerance if approximate else None)
    if isinstance(outcome, Comparison):
        return outcome
    if approximate:
        if outcome:
            return Comparison(True, "tolerance", f"within a relative tolerance of {tolerance.rtol:g}")
        return _symbolic(expected.expr, answer, variables, limits) or Comparison(
            False, "numeric", "the answers could not be compared at any point")
    symbolic = _symbolic(expected.expr, answer, variables, limits)
    if symbolic is not None:
        return symbolic
    if not outcome:
        return Comparison(False, "numeric", "your answer is undefined wherever the expected one is defined")
    return _confirm_mp(expected, candidate, outcome)


def _sample_floats(expected: Expression, answer: Expression, tolerance: Tolerance | None):
    """Compare at float sample points; a Comparison if they differ, else the valid points."""
    f_expected, f_answer = expected.float_function, answer.float_function
    if f_expected is None or f_answer is None:
        return []
    dimension = len(expected.variables)
    points = sample_points(dimension) if dimension else ((),)
    valid = []
    for point in points:
        outcome = _differs_at(expected, answer, point, tolerance)
        if isinstance(outcome, Comparison):
            return outcome
        if outcome:
            valid.append(point)
            if len(valid) >= ENOUGH_POINTS:
                break
    for point in expected.region_points + answer.region_points:  # between the kinks of abs & co
        outcome = _differs_at(expected, answer, point, tolerance, exact=True)
        if isinstance(outcome, Comparison):
            return outcome
    return valid


def _differs_at(expected: Expression, answer: Expression, point, tolerance: Tolerance | None,
                exact: bool = False):
    """A Comparison when the two surely differ at ``point``; else True where both are
    defined, False where either is not. ``exact``: a difference below float precision is
    looked for in mpmath too (a narrow bump on a large value, at the points between kinks)."""
    e = expected.value_at(point)
    a = answer.value_at(point) if e is not None else None
    if a is None:
        return False
    # the scale of the terms only widens what is accepted: asked for only when the values alone fall outside
    if tolerance is not None:
        if not tolerance.accepts(a, e) and _beyond(expected, point, lambda scale: not tolerance.accepts(a, e, scale)):
            return Comparison(False, "tolerance", _where(expected.variables, point, tolerance))
        return True
    gap = abs(a - e)
    if gap > 1e-6 * max(abs(a), abs(e)) + 1e-12 and \
            _beyond(expected, point, lambda scale: gap > 1e-6 * max(abs(a), abs(e), scale) + 1e-12):
        if _clearly_different(expected, answer, point, a, e) or \
                _real_difference(expected, answer, point) is not False:
            return Comparison(False, "numeric", _where(expected.variables, point))
    elif exact and _real_difference(expected, answer, point, _digits_of(a, e)):
        return Comparison(False, "numeric", _where(expected.variables, point) + " (a small but real difference)")
    return True


def _beyond(expected: Expression, point, outside) -> bool:
    """``outside(expected.scale_at(point))``, for a test that a larger scale can only make false:
    an upper bound of the scale decides first when there is one and it is outside too."""
    bound = expected.scale_bound_at(point)
    if bound is not None and outside(bound):
        return True
    return outside(expected.scale_at(point))


def _clearly_different(expected: Expression, answer: Expression, point, a: float, e: float) -> bool:
    """A float difference that is surely real, found cheaply.

    For rational expressions the terms' sizes bound double-precision rounding
    near 1e-16 of them, so a gap above 1e-6 of them is real. Otherwise one
    30-digit evaluation must reproduce the float difference to 0.1%: rounding
    noise is not reproduced at another precision.
    """
    sizes = []
    for side in (expected, answer):  # the answer's magnitudes are compiled only when the expected one has them
        size = evaluate(side.magnitude_function, point) if side.magnitude_function else None
        if size is None:
            break
        sizes.append(size)
    else:
        return abs(a - e) > 1e-6 * max(sizes)
    if expected.mp_function is None or answer.mp_function is None:
        return False
    with mpmath.workdps(30):
        e30 = expected.mp_value(point)
        a30 = answer.mp_value(point)
        if e30 is None or a30 is None:
            return False
        exact = a30 - e30
        return exact != 0 and abs((a - e) - exact) <= mpmath.mpf("1e-3") * abs(exact)


def _digits_of(*values: float) -> int:
    """Digits to add so that a difference of order 1e-20 shows beside values this large."""
    largest = max((abs(v) for v in values), default=1.0)
    return int(mpmath.log10(largest)) + 20 if largest > 1 else 20


def _real_difference(expected: Expression, answer: Expression, point, extra_digits: int = 0) -> bool | None:
    """Whether the two differ at ``point``, judged in mpmath at 30 and 60 digits.

    Rounding error shrinks by about 30 orders of magnitude from 30 to 60 digits,
    however large the terms that cancel; a real difference stays. None when
    either side cannot be evaluated there. ``extra_digits`` raises both precisions,
    so that a tiny difference beside a huge value is seen (a narrow bump on e^(2x)).
    """
    digits = _working_digits(expected, answer, point, extra_digits)
    if digits is None:
        return None
    base, needed = digits
    low = _difference_at(expected, answer, point, base)
    high = _difference_at(expected, answer, point, 2 * base) if low is not None else None
    if high is None:
        return None
    return not (_shrinks(high[0], low[0], base) or _below_noise(*high, needed, base, expected, point))


def persists(expected: Expression, answer: Expression, point) -> bool:
    """Whether _real_difference(expected, answer, point) is true, found with less work:
    at twice the precision first, where a difference within the rounding noise (what equal
    answers give) decides alone, without the evaluation at the lower precision."""
    digits = _working_digits(expected, answer, point)
    if digits is None:
        return False
    base, needed = digits
    high = _difference_at(expected, answer, point, 2 * base)
    if high is None or _below_noise(*high, needed, base, expected, point):
        return False  # below the noise (or no difference): not real, whatever the lower precision finds
    low = _difference_at(expected, answer, point, base)
    return low is not None and not _shrinks(high[0], low[0], base)


def _working_digits(expected: Expression, answer: Expression, point, extra_digits: int = 0) -> tuple | None:
    """(the lower of the two precisions, the digits the terms' sizes need) for comparing the two
    in mpmath at ``point``; None when either side has no mpmath form or it needs over MAX_DIGITS."""
    if expected.mp_function is None or answer.mp_function is None:
        return None
    needed = max(expected.digits_needed(point), answer.digits_needed(point))
    base = 30 + needed + max(expected.exact_digits, answer.exact_digits) + extra_digits
    return None if base > MAX_DIGITS else (base, needed)


def _difference_at(expected: Expression, answer: Expression, point, precision: int) -> tuple | None:
    """(|answer - expected|, the larger of their sizes) at ``precision`` digits, or None where
    either is undefined."""
    with mpmath.workdps(precision):
        e = expected.mp_value(point)
        a = answer.mp_value(point)
        if e is None or a is None:
            return None
        return abs(a - e), max(abs(a), abs(e))


def _shrinks(d60, d30, base: int) -> bool:
    """Whether the difference at twice the precision is zero or 20 orders of magnitude smaller."""
    with mpmath.workdps(2 * base):
        return d60 == 0 or d60 <= d30 * mpmath.mpf(10) ** -20


def _below_noise(d60, size60, needed: int, base: int, expected: Expression, point) -> bool:
    """Whether the difference at twice the precision is zero or within the rounding that
    cancelling terms leave there. The scale of the terms can only widen that: it is asked for
    only when the sizes alone leave the difference outside, and its upper bound (when there is
    one) does not take it in."""
    with mpmath.workdps(2 * base):
        if d60 == 0:
            return True
        noise = mpmath.mpf(10) ** (15 + needed - 2 * base)
        if d60 <= noise * max(size60, 1):
            return True  # within the noise of the values alone: the terms' scale can only widen it
        bound = expected.scale_bound_at(point)  # an upper bound on the scale, found without it
        if bound is not None and d60 > noise * max(size60, bound, 1):
            return False
        return d60 <= noise * max(size60, expected.scale_at(point), 1)


def _confirm_mp(expected: Expression, answer: Expression, points) -> Comparison:
    """Exact answers that agree in floats: a difference that persists at 60 digits is real."""
    confirmed = 0
    for point in points[:CONFIRM_POINTS]:
        real = _real_difference(expected, answer, point)
        if real:
            return Comparison(False, "numeric", _where(expected.variables, point) + " (a small but real difference)")
        if real is not None:
            confirmed += 1
    if confirmed == 0:
        return Comparison(True, "numeric", "equal at every sample point (double precision)")
    return Comparison(True, "numeric", f"equal to 45 digits at {confirmed} points")


def _symbolic(expected, answer, variables, limits: Limits) -> Comparison | None:
    """Exact algebra where it is cheap: polynomial or rational differences of bounded size."""
    difference = expected - answer
    if _numbers_decide(difference, variables):
        return None
    if not difference.is_rational_function(*variables):
        return None
    if expansion_size(difference) > limits.max_expansion:
        return None
    if difference.is_polynomial(*variables):
        reduced = sympy.expand(difference)
    else:
        reduced = sympy.cancel(sympy.together(difference))
    if reduced == 0:
        return Comparison(True, "symbolic", "equal after expanding")
    if _rational_coefficients(reduced):
        return Comparison(False, "symbolic", "they differ by an exact nonzero amount, however small")
    return None  # a non-zero remainder with roots or constants may still be zero: numbers decide


def _numbers_decide(difference, variables) -> bool:
    """Whether ``difference`` has decimals, or functions of the variables (sigma, exp, sin, ...):
    then numbers decide, not algebra (one walk over the tree)."""
    for node in sympy.preorder_traversal(difference):
        if isinstance(node, sympy.Float) or (isinstance(node, sympy.Function) and node.has(*variables)):
            return True
    return False


def _rational_coefficients(expr) -> bool:
    """Whether ``expr`` is built from variables and rational numbers by +, * and integer
    powers only: then, expanded (or cancelled) and not 0, it is not zero anywhere but
    at isolated points."""
    return all(node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul
               or (node.is_Pow and node.exp.is_Integer) for node in sympy.preorder_traversal(expr))


def _where(variables, point, tolerance: Tolerance | None = None) -> str:
    if not variables:
        text = "the values differ"
    else:
        place = ", ".join(f"{_name(v)} = {value:.4g}" for v, value in zip(variables, point))
        text = f"they differ at {place}"
    if tolerance is None:
        return text
    if tolerance.rtol == 0:
        return text + f" (by more than {tolerance.atol:g})"
    return text + f" (beyond a relative tolerance of {tolerance.rtol:g})"


def _name(variable) -> str:
    """A variable's name as str() prints it (without SymPy's printer, for a plain Symbol)."""
    return variable.name if type(variable) is sympy.Symbol else str(variable)
