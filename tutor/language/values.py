"""Answers that are not a single expression: vectors (and points), matrices, sets,
equations and sets of reals (intervals, inequalities); and the helpers every module walks
them with.

Plain containers of SymPy expressions; the checker compares them entry by entry.
``entries``, ``map_entries`` and ``free_symbols`` go through any value;
``ordered_variables`` is the one variable order (x, y, z first, then by name, with
numbers in numeric order: x1, x2, x10); ``point_mapping`` matches a point's
coordinates with the variables, with one message when they do not match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class Vector:
    """[a, b] or the point (a, b); ``bracket`` remembers which was written."""

    entries: tuple
    bracket: str = "["

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Matrix:
    """[[a, b], [c, d]]: rows of equal length."""

    rows: tuple

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0]) if self.rows else 0

    @property
    def entries(self) -> tuple:
        return tuple(entry for row in self.rows for entry in row)


@dataclass(frozen=True)
class SetValue:
    """{p, q}: order-free; items identical as written are kept once."""

    items: tuple

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Equation:
    """left = right, as written (z = 2x + 3y - 1)."""

    left: object
    right: object

    @property
    def difference(self):
        """left - right, built without SymPy's evaluation (cheap; for comparing only)."""
        return sympy.Add(self.left, sympy.Mul(sympy.S.NegativeOne, self.right, evaluate=False), evaluate=False)


@dataclass(frozen=True)
class RealSet:
    """A set of reals: a union of intervals, written in interval notation or as
    inequalities in ``variable`` (kept to write it back the same way).

    ``intervals`` are (low, high, low_closed, high_closed), sorted and disjoint;
    low and high are SymPy numbers or -oo/oo (never closed); a point is [p, p].
    """

    intervals: tuple
    variable: object = None
    notation: str = "interval"  # or "inequality"

    def __len__(self) -> int:
        return len(self.intervals)


def map_entries(value, function):
    """``value`` with ``function`` applied to every SymPy expression inside it (through
    vectors, matrices, sets and tuples); anything else is returned as it is."""
    if isinstance(value, Vector):
        return Vector(tuple(map_entries(e, function) for e in value.entries), value.bracket)
    if isinstance(value, Matrix):
        return Matrix(tuple(tuple(map_entries(e, function) for e in row) for row in value.rows))
    if isinstance(value, SetValue):
        return SetValue(tuple(map_entries(item, function) for item in value.items))
    if isinstance(value, Equation):
        return Equation(map_entries(value.left, function), map_entries(value.right, function))
    if isinstance(value, RealSet):
        return RealSet(tuple((function(low) if low.is_finite else low, function(high) if high.is_finite else high,
                              lc, hc) for low, high, lc, hc in value.intervals), value.variable, value.notation)
    if isinstance(value, tuple):
        return tuple(map_entries(e, function) for e in value)
    if isinstance(value, sympy.Basic):
        return function(value)
    return value


def kind_of(value) -> str:
    """'vector', 'matrix', 'set', 'equation', 'interval' or 'expression'."""
    if isinstance(value, Vector):
        return "vector"
    if isinstance(value, Matrix):
        return "matrix"
    if isinstance(value, SetValue):
        return "set"
    if isinstance(value, Equation):
        return "equation"
    if isinstance(value, RealSet):
        return "interval"
    return "expression"


def entries(value) -> tuple:
    """Every entry of ``value``: the entries of a vector or matrix, of each item of a set
    (through nested values), or the value itself (an expression, a word)."""
    if isinstance(value, (Vector, Matrix)):
        return tuple(e for entry in value.entries for e in entries(entry))
    if isinstance(value, (SetValue, tuple, list)):
        items = value.items if isinstance(value, SetValue) else value
        return tuple(e for item in items for e in entries(item))
    return (value,)


def free_symbols(value) -> set:
    """The symbols anywhere in ``value`` (none in a word or a number)."""
    found = set()
    for entry in entries(value):
        if isinstance(entry, Equation):
            found |= free_symbols(entry.left) | free_symbols(entry.right)
            continue
        if isinstance(entry, RealSet):
            found |= {entry.variable} if entry.variable is not None else set()
            continue
        symbols = getattr(entry, "free_symbols", None)  # a plugin kind's value may have its own
        if isinstance(symbols, (set, frozenset)):
            found |= symbols
    return found


def coordinates(point) -> tuple:
    """A point's coordinates: a vector's entries, or a single number as one coordinate."""
    return tuple(point.entries) if isinstance(point, Vector) else (point,)


FIRST_VARIABLES = ("x", "y", "z")


def first_rank(name: str) -> int:
    """0, 1, 2 for x, y, z; 3 for every other name (which an order then sorts on)."""
    return FIRST_VARIABLES.index(name) if name in FIRST_VARIABLES else len(FIRST_VARIABLES)


def variable_order(symbol) -> tuple:
    """The sort key of the one variable order: x, y, z first, then by name with numbers in
    numeric order (x1, x2, x10)."""
    name = getattr(symbol, "name", str(symbol))
    pieces = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", name))
    return first_rank(name), pieces


def ordered_variables(value, given=None) -> tuple:
    """The variables to differentiate by: ``given`` (a symbol, a Vector or a sequence of
    symbols) as a tuple, else the free symbols of ``value`` in the variable order."""
    if given is not None:
        if isinstance(given, Vector):
            given = given.entries
        elif isinstance(given, sympy.Symbol):
            given = (given,)
        names = tuple(given)
        if not all(isinstance(v, sympy.Symbol) for v in names):
            raise TypeError("the variables must be names, such as [x, y]")
        return names
    return tuple(sorted(free_symbols(value), key=variable_order))


def with_variables(value, given=None) -> tuple:
    """``ordered_variables``, refusing a value without any (nothing to differentiate by)."""
    names = ordered_variables(value, given)
    if not names:
        raise ValueError("the expression has no variables to differentiate by")
    return names


def point_mapping(variables, point) -> dict:
    """variable -> coordinate, when the point has one coordinate per variable."""
    values = coordinates(point)
    if len(values) != len(variables):
        raise ValueError(f"the point has {len(values)} coordinate{'s' if len(values) != 1 else ''} but "
                         f"there {'is' if len(variables) == 1 else 'are'} {len(variables)} variable"
                         f"{'s' if len(variables) != 1 else ''} ({', '.join(map(str, variables))})")
    return dict(zip(variables, values))
