"""Sets of reals as sorted, disjoint intervals: union and intersection without SymPy's sets.

An interval is (low, high, low_closed, high_closed) with SymPy constants as ends and
-oo/oo for the unbounded ones (never closed). Ends are compared exactly: numbers
directly, other constants (sqrt(2), pi/4) by their value at 30 digits and, when that
cannot tell, at 60.
"""

from __future__ import annotations

from functools import cmp_to_key

import sympy

EVERYTHING = ((-sympy.oo, sympy.oo, False, False),)


def compare(a, b) -> int:
    """-1, 0 or 1 as a <, = or > b (constants or ±oo)."""
    if a == b:
        return 0
    if a.is_infinite or b.is_infinite:
        if a.is_infinite and b.is_infinite:
            return -1 if a.is_extended_negative else 1
        infinite = a if a.is_infinite else b
        sign = -1 if infinite.is_extended_negative else 1
        return sign if infinite is a else -sign
    if a.is_Number and b.is_Number:
        return -1 if a < b else 1
    for digits in (30, 60):
        difference = (a - b).evalf(digits)
        if difference.is_Number and abs(difference) > sympy.Float(10) ** (5 - digits):
            return -1 if difference < 0 else 1
    return 0


def interval(low, high, low_closed: bool, high_closed: bool) -> tuple:
    """The set [low, high] with the ends as asked (empty when high < low)."""
    low_closed = low_closed and not low.is_infinite
    high_closed = high_closed and not high.is_infinite
    order = compare(low, high)
    if order > 0 or (order == 0 and not (low_closed and high_closed)):
        return ()
    return ((low, high, low_closed, high_closed),)


def union(*sets) -> tuple:
    pieces = sorted((p for s in sets for p in s), key=cmp_to_key(_by_start))
    merged: list = []
    for low, high, low_closed, high_closed in pieces:
        if merged:
            m_low, m_high, m_low_closed, m_high_closed = merged[-1]
            touch = compare(low, m_high)
            if touch < 0 or (touch == 0 and (m_high_closed or low_closed)):
                end = compare(high, m_high)
                if end > 0:
                    merged[-1] = (m_low, high, m_low_closed, high_closed)
                elif end == 0:
                    merged[-1] = (m_low, m_high, m_low_closed, m_high_closed or high_closed)
                continue
        merged.append((low, high, low_closed, high_closed))
    return tuple(merged)


def intersection(*sets) -> tuple:
    result = EVERYTHING
    for other in sets:
        pieces = []
        for a in result:
            for b in other:
                low, low_closed = _tighter(a[0], a[2], b[0], b[2], 1)
                high, high_closed = _tighter(a[1], a[3], b[1], b[3], -1)
                pieces.extend(interval(low, high, low_closed, high_closed))
        result = union(pieces)
    return result


def _tighter(a, a_closed, b, b_closed, sign):
    """The larger (sign 1) or smaller (sign -1) end; closed only if both are, when equal."""
    order = compare(a, b) * sign
    if order == 0:
        return a, a_closed and b_closed
    return (a, a_closed) if order > 0 else (b, b_closed)


def _by_start(p, q) -> int:
    order = compare(p[0], q[0])
    if order:
        return order
    return (q[2] - p[2]) or compare(p[1], q[1])
