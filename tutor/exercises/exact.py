"""Exact arithmetic on an exercise's decimal data.

A decimal in an exercise (a parameter such as η = 0.1, a literal such as 0.9 in a
definition) stands for the exact number it writes, 1/10 and 9/10, so a number the
exercise computes from decimals is computed with those rationals and only then shown as
a decimal: a momentum step that lands on 0 gives 0, never a round-off such as
-2.22e-16. ``ExactShadow`` remembers the exact value behind each decimal an exercise
computed, so a chain of definitions stays exact from the parameters to the answer.
"""

from __future__ import annotations

import sympy

from tutor.language import nodes
from tutor.language.build import decimal_rational
from tutor.language.values import entries, free_symbols, map_entries

MAX_SHADOWS = 4096  # exact values an exercise remembers
DIGITS = 15  # a computed decimal's precision


def has_decimal(value) -> bool:
    """True when a value holds a decimal (a SymPy Float) anywhere."""
    return any(isinstance(e, sympy.Basic) and (e.is_Float if e.is_Atom else e.has(sympy.Float))
               for e in entries(value))


def writes_decimal(tree) -> bool:
    """True when a syntax tree writes a decimal number (0.5, 1e-3)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Number):
            if "." in node.text or "e" in node.text.lower():
                return True
        elif isinstance(node, nodes.Call):
            stack.extend(node.args)
        elif isinstance(node, nodes.Negate):
            stack.append(node.operand)
        elif isinstance(node, nodes.BinaryOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, (nodes.Sequence, nodes.Logic)):
            stack.extend(node.items)
        elif isinstance(node, nodes.Relation):
            stack.extend(node.operands)
        elif isinstance(node, nodes.Interval):
            stack.extend((node.low, node.high))
    return False


def rational_of(number: sympy.Float) -> sympy.Rational:
    """The decimal a Float was written as, exactly (Float 0.1 is 1/10, not its binary neighbour)."""
    text = repr(float(number)) if number._prec <= 53 else str(number)
    return decimal_rational(text)


def shown_as_decimal(value):
    """An exact value as the decimals a computation on decimals shows; a whole number (0
    included) stays exact."""
    def shown(entry):
        return entry if not isinstance(entry, sympy.Expr) or entry.is_Integer or entry.is_Float else entry.evalf(DIGITS)

    return map_entries(value, shown)


def is_rational(value) -> bool:
    """True for a value whose entries are all rational numbers (1/3, [0, 1.5])."""
    found = entries(value)
    return bool(found) and all(isinstance(e, sympy.Expr) and e.is_Rational for e in found)


def is_numeric(value) -> bool:
    """True for a value with no variables whose entries are all SymPy expressions."""
    found = entries(value)
    return bool(found) and all(isinstance(e, sympy.Expr) for e in found) and not free_symbols(value)


class ExactShadow:
    """The exact value behind each decimal value an exercise computed."""

    def __init__(self):
        self._exact: dict = {}

    def exact(self, value):
        """``value`` with exact numbers: the remembered exact value, or its decimals read exactly."""
        found = self.known(value)
        return found if found is not None else map_entries(value, _rationalised)

    def known(self, value):
        """The exact value remembered behind ``value``, or None."""
        try:
            return self._exact.get((type(value), value))
        except TypeError:  # a value that cannot be a key has nothing remembered
            return None

    def remember(self, shown, exact) -> None:
        if len(self._exact) < MAX_SHADOWS:
            try:
                self._exact[type(shown), shown] = exact
            except TypeError:  # a value that cannot be a key is not remembered
                pass


def _rationalised(expr):
    floats = expr.atoms(sympy.Float)
    return expr.xreplace({f: rational_of(f) for f in floats}) if floats else expr
