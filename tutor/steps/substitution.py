"""Values at a point, with the substitution shown: 2·x at x = 3 is written 2·3 before it is 6."""

from __future__ import annotations

import sympy

from tutor.language.values import map_entries, point_mapping
from tutor.steps.model import Step
from tutor.steps.numbers import settle
from tutor.steps.substituted import Substituted
from tutor.substitute import substituted

_PLACEHOLDER_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def placeholder(index: int) -> sympy.Symbol:
    """A symbol no expression of the course uses (zzqa, zzqb, ...)."""
    return sympy.Symbol("zzq" + _PLACEHOLDER_LETTERS[index % 26] * (1 + index // 26), real=True)


def at_point(value, mapping: dict):
    """``value`` at the point (exact where exact, a decimal where not)."""
    return settle(map_entries(value, lambda e: substituted(e, mapping)))


def substitute_step(value, variables, point, name: str = "") -> Step:
    """The step "value(point) = value with the numbers written in = the result"."""
    mapping = point_mapping(variables, point)
    marks = {v: placeholder(i) for i, v in enumerate(variables)}
    shown = Substituted(map_entries(value, lambda e: e.xreplace(marks)),
                        {marks[v]: c for v, c in mapping.items()})
    result = at_point(value, mapping)
    return Step("substitute", value, result, None,
                {"point": point, "substituted": shown, "name": name or "the value"},
                "the point's coordinates replace the variables")
