"""Answers that are not a single expression: vectors (and points), matrices, sets,
equations and sets of reals (intervals, inequalities).

Plain containers of SymPy expressions; the checker compares them entry by entry.
"""

from __future__ import annotations

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
