"""Answers that are not a single expression: vectors (and points), matrices, sets.

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


def map_entries(value, function):
    """``value`` with ``function`` applied to every SymPy expression inside it (through
    vectors, matrices, sets and tuples); anything else is returned as it is."""
    if isinstance(value, Vector):
        return Vector(tuple(map_entries(e, function) for e in value.entries), value.bracket)
    if isinstance(value, Matrix):
        return Matrix(tuple(tuple(map_entries(e, function) for e in row) for row in value.rows))
    if isinstance(value, SetValue):
        return SetValue(tuple(map_entries(item, function) for item in value.items))
    if isinstance(value, tuple):
        return tuple(map_entries(e, function) for e in value)
    if isinstance(value, sympy.Basic):
        return function(value)
    return value


def kind_of(value) -> str:
    """'vector', 'matrix', 'set' or 'expression'."""
    if isinstance(value, Vector):
        return "vector"
    if isinstance(value, Matrix):
        return "matrix"
    if isinstance(value, SetValue):
        return "set"
    return "expression"
