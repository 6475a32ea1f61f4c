"""What a template sees of an engine value: a printable number-like value with no methods.

Exercise files are untrusted, and SymPy objects have public methods that read
strings as Python (``x.subs(x, '...')``). So every value handed to a template is
a ``Value``: it prints, does arithmetic (+ - * / // % **, unary - and +), compares,
and converts with abs, round, int and float; each result is a ``Value`` again. It
has no public attribute at all, and its operands may only be other values and
Python numbers, never text (SymPy would read the text as Python).

Every operation is bounded (``check_power``, ``check_size``), so a template
cannot make a number of a million digits or an expression of a million nodes.
"""

from __future__ import annotations

import operator

import sympy

from tutor.errors import TutorError

MAX_EXPONENT = 1000  # |exponent| of a number raised to a number
MAX_DIGITS = 1000  # digits of an integer a template makes
MAX_NODES = 10_000  # nodes of an expression a template makes
MAX_ROUND_DIGITS = 100  # round(value, n)


class TemplateProblem(TutorError):
    """A template that does not render."""


class TemplateLimit(TemplateProblem):
    """A template asked for more work than a template may do."""

    def __init__(self, reason: str):
        super().__init__(f"template does not render: {reason}")


class Value:
    """An engine value (SymPy expression, vector, matrix, set, ...) as templates see it."""

    __slots__ = ("_raw",)

    def __init__(self, raw):
        object.__setattr__(self, "_raw", raw)

    def __setattr__(self, name, value):
        raise AttributeError("template values cannot be changed")

    def __str__(self) -> str:
        return str(self._raw)

    __repr__ = __str__

    # arithmetic
    def __add__(self, other):
        return _operate(operator.add, self, other)

    def __radd__(self, other):
        return _operate(operator.add, other, self)

    def __sub__(self, other):
        return _operate(operator.sub, self, other)

    def __rsub__(self, other):
        return _operate(operator.sub, other, self)

    def __mul__(self, other):
        return _operate(operator.mul, self, other)

    def __rmul__(self, other):
        return _operate(operator.mul, other, self)

    def __truediv__(self, other):
        return _operate(operator.truediv, self, other)

    def __rtruediv__(self, other):
        return _operate(operator.truediv, other, self)

    def __floordiv__(self, other):
        return _operate(operator.floordiv, self, other)

    def __rfloordiv__(self, other):
        return _operate(operator.floordiv, other, self)

    def __mod__(self, other):
        return _operate(operator.mod, self, other)

    def __rmod__(self, other):
        return _operate(operator.mod, other, self)

    def __pow__(self, other):
        return _operate(operator.pow, self, other)

    def __rpow__(self, other):
        return _operate(operator.pow, other, self)

    def __neg__(self):
        return wrap(check_size(-self._raw))

    def __pos__(self):
        return self

    def __abs__(self):
        return wrap(check_size(abs(self._raw)))

    def __round__(self, ndigits=None):
        if ndigits is None:
            return wrap(check_size(round(self._raw)))
        places = operator.index(unwrap(ndigits))
        if abs(places) > MAX_ROUND_DIGITS:
            raise TemplateLimit(f"round to {places} digits (limit {MAX_ROUND_DIGITS})")
        return wrap(round(self._raw, places))

    # comparisons
    def __eq__(self, other):
        if not _operand(other):
            return NotImplemented
        return _compare(operator.eq, self, other)

    def __ne__(self, other):
        if not _operand(other):
            return NotImplemented
        return _compare(operator.ne, self, other)

    def __lt__(self, other):
        return _compare(operator.lt, self, other)

    def __le__(self, other):
        return _compare(operator.le, self, other)

    def __gt__(self, other):
        return _compare(operator.gt, self, other)

    def __ge__(self, other):
        return _compare(operator.ge, self, other)

    def __hash__(self) -> int:
        return hash(self._raw)

    # conversions
    def __bool__(self) -> bool:
        return bool(self._raw)

    def __int__(self) -> int:
        check_size(self._raw)
        return check_size(int(self._raw))

    def __index__(self) -> int:
        if not isinstance(self._raw, sympy.Integer):
            raise TypeError(f"{self._raw} is not an integer")
        return check_size(int(self._raw))

    def __float__(self) -> float:
        return float(self._raw)


def unwrap(value):
    """The engine value inside a template value (anything else as it is)."""
    return value._raw if type(value) is Value else value


PLAIN = (str, int, float, bool, type(None))


def wrap(value):
    """``value`` as a template may see it: plain data as it is, anything else a Value;
    lists, tuples and dicts entry by entry."""
    if type(value) is Value or isinstance(value, PLAIN):
        return value
    if type(value) in (list, tuple):
        return type(value)(wrap(v) for v in value)
    if type(value) is dict:
        return {k: wrap(v) for k, v in value.items()}
    return Value(value)


def _operand(value) -> bool:
    return type(value) is Value or type(value) in (int, float)


def _raw_operands(left, right) -> tuple:
    for side in (left, right):
        if not _operand(side):
            kind = "text" if isinstance(side, str) else type(side).__name__
            raise TemplateLimit(f"a value cannot be combined with {kind} (only with values and numbers)")
    return unwrap(left), unwrap(right)


def _operate(function, left, right):
    a, b = _raw_operands(left, right)
    if function is operator.pow:
        check_power(a, b)
    return wrap(check_size(function(a, b)))


def _compare(function, left, right):
    a, b = _raw_operands(left, right)
    result = function(a, b)
    return result if isinstance(result, bool) else wrap(result)


def _exponent_size(exponent):
    """|exponent| when it is a number, else None."""
    if isinstance(exponent, (int, float)):
        return abs(exponent)
    if isinstance(exponent, sympy.Basic) and exponent.is_Number:
        return abs(exponent)
    return None


def check_power(base, exponent) -> None:
    """Refuse ``base ** exponent`` with a numeric exponent over MAX_EXPONENT (unless the
    base is 0, 1 or -1, which stay small)."""
    size = _exponent_size(exponent)
    if size is None or size <= MAX_EXPONENT:
        return
    if isinstance(base, (int, float, sympy.Number)) and base in (0, 1, -1):
        return
    raise TemplateLimit(f"exponent {_short(exponent)} is too large (limit {MAX_EXPONENT})")


def check_size(value):
    """``value`` itself, if it is small enough: integers of at most MAX_DIGITS digits,
    expressions of at most MAX_NODES nodes (entry by entry)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_DIGITS * 3.33:
            raise TemplateLimit(f"a number of more than {MAX_DIGITS} digits")
        return value
    if isinstance(value, sympy.Basic):
        if isinstance(value, sympy.Rational):
            check_size(value.p)
            check_size(value.q)
            return value
        for count, _ in enumerate(sympy.preorder_traversal(value), 1):
            if count > MAX_NODES:
                raise TemplateLimit(f"an expression of more than {MAX_NODES} parts")
        for number in value.atoms(sympy.Rational):
            check_size(number)
        return value
    from tutor.language.values import map_entries

    map_entries(value, check_size)
    return value


def _short(number) -> str:
    if isinstance(number, sympy.Integer):
        number = int(number)
    text = str(number) if not isinstance(number, int) or number.bit_length() < 200 else "a huge number"
    return text if len(text) <= 40 else text[:20] + "…"
