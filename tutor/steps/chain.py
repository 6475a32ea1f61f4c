"""The chain rule, shared by every rule for a function of something other than the variable."""

from __future__ import annotations

from typing import Callable

import sympy

from tutor.steps.model import Step

_NAMES = ("u", "v", "w", "t", "s", "p", "q")


def fresh_symbol(*exprs) -> sympy.Symbol:
    """A real symbol named u (or v, w, ...) that none of ``exprs`` uses."""
    taken = {str(s) for e in exprs for s in e.free_symbols}
    for name in _NAMES:
        if name not in taken:
            return sympy.Symbol(name, real=True)
    k = 1
    while f"u_{k}" in taken:
        k += 1
    return sympy.Symbol(f"u_{k}", real=True)


def chain_step(expr, variable, recurse, inner, outer: Callable) -> Step:
    """d/dx outer(inner) = outer′(u)·u′ with u = inner; ``outer(u)`` builds the outer function."""
    u = fresh_symbol(expr, variable)
    outer_expr = outer(u)
    outer_step = recurse(outer_expr, u)
    inner_step = recurse(inner, variable)
    after = outer_step.after.xreplace({u: inner}) * inner_step.after
    return Step("chain", expr, after, variable, {"u": u, "inner": inner, "outer": outer_expr},
                f"d/d{variable} F({u}) = F′({u})·d{u}/d{variable}", [outer_step, inner_step])
