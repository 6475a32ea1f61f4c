"""``sympy.latex(value)``, each part of a value printed once per process.

The variants of an exercise show values built from the same few parts (3t², 2·x·y, e^{3x}),
so the LaTeX of every subexpression is remembered and a new value prints only what is new
in it (the sum around the parts, say). SymPy's LaTeX printer prints a part the same way
wherever it stands (what surrounds it is the caller's: brackets, signs), so a remembered
part gives the very text the printer would write. A part is known by the expression itself:
equal SymPy expressions are the same expression (Floats of different precisions are not
equal), so a value holding Floats, whose equality depends on the SymPy version, is printed
by sympy.latex itself.
"""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter

REMEMBERED = 50_000  # printed parts kept


class _RememberingPrinter(LatexPrinter):
    """sympy.latex's printer (default settings), remembering the text of each part it prints."""

    def __init__(self):
        super().__init__()
        self.known: dict = {}

    def _print(self, expr, **kwargs) -> str:
        if kwargs or not isinstance(expr, sympy.Basic):  # a part printed in a way its caller asks
            return super()._print(expr, **kwargs)
        found = self.known.get(expr)
        if found is None:
            found = super()._print(expr)
            if len(self.known) >= REMEMBERED:
                self.known.clear()
            self.known[expr] = found
        return found


_PRINTER = _RememberingPrinter()


def latex(value) -> str:
    """``sympy.latex(value)`` for a SymPy value."""
    if value.has(sympy.Float):
        return sympy.latex(value)
    return _PRINTER.doprint(value)
