"""``expr.subs(mapping)`` with numbers put in for variables: the same value, with less work.

SymPy's ``subs`` asks every node of the expression whether it substitutes in its own way
(``_eval_subs``: a power for a power, a sum for part of a sum, ...) before rebuilding it
from its substituted arguments, one old → new pair at a time, in its own order. For a
variable replaced by a number, the nodes of sums, products, powers and the elementary
functions have no way of their own (``_eval_subs`` gives None, or for a power whose base
is the variable, the power rebuilt from the number), so each pair amounts to rebuilding
the expression with the number in place of the variable: ``xreplace``, pair by pair in
``subs``' order. Any other node (a derivative or an integral binds its variable, a
piecewise function or a cotangent substitutes its own way), or anything but a number put
in for a symbol, goes to ``subs`` unchanged.
"""

from __future__ import annotations

import sympy
from sympy.core.sorting import _nodes, default_sort_key, ordered

from tutor.language.functions import sigma

# nodes whose substitution of a number for a variable is the plain rebuild (no _eval_subs of
# their own that could act on a symbol, or one that rebuilds the same way)
PLAIN_NODES = frozenset({
    sympy.Add, sympy.Mul, sympy.Pow, sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.asin,
    sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh, sympy.Abs, sigma})
PLAIN_ATOMS = (sympy.Symbol, sympy.Number, sympy.NumberSymbol)


def substituted(expr, mapping: dict):
    """``expr.subs(mapping)``, for a mapping of symbols to numbers computed by xreplace."""
    pairs = _pairs(mapping)
    if pairs is None or not isinstance(expr, sympy.Basic) or not _plain(expr):
        return expr.subs(mapping)
    for old, new in pairs:
        expr = expr.xreplace({old: new})
    return expr


def _pairs(mapping: dict) -> list | None:
    """The (symbol, number) pairs in the order subs puts them in; None unless every key is a
    symbol and every value a finite number (subs puts an infinite one first)."""
    if not all(isinstance(old, sympy.Symbol) and isinstance(new, sympy.Number) and new.is_finite
               for old, new in mapping.items()):
        return None
    if len(mapping) == 1:
        return list(mapping.items())
    return [(old, mapping[old]) for old in ordered(mapping, default=False, keys=(
        lambda x: -_nodes(x), default_sort_key))]


def _plain(expr) -> bool:
    """True when every node of ``expr`` is a plain node or atom."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Atom:
            if not isinstance(node, PLAIN_ATOMS):
                return False
        elif type(node) in PLAIN_NODES:
            stack.extend(node.args)
        else:
            return False
    return True
