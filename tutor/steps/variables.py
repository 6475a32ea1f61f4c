"""Which variables a worked solution differentiates by, in a sensible order: x, y, z first,
then the others by name with numbers in numeric order (x1, x2, x10)."""

from __future__ import annotations

import re

import sympy

from tutor.language.values import Matrix, SetValue, Vector

_FIRST = ("x", "y", "z")


def ordered_variables(value, given=None) -> tuple:
    """``given`` (a symbol, a Vector or a sequence of symbols) as a tuple, else the free symbols in order."""
    if given is not None:
        if isinstance(given, Vector):
            given = given.entries
        elif isinstance(given, sympy.Symbol):
            given = (given,)
        names = tuple(given)
        if not all(isinstance(v, sympy.Symbol) for v in names):
            raise TypeError("the variables must be names, such as [x, y]")
        return names
    return tuple(sorted(free_symbols(value), key=_order))


def free_symbols(value) -> set:
    if isinstance(value, (Vector, Matrix)):
        return set().union(*(free_symbols(e) for e in value.entries))
    if isinstance(value, SetValue):
        return set().union(*(free_symbols(i) for i in value.items))
    return set(value.free_symbols) if isinstance(value, sympy.Basic) else set()


def _order(symbol):
    name = symbol.name
    rank = _FIRST.index(name) if name in _FIRST else len(_FIRST)
    pieces = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", name))
    return rank, pieces
