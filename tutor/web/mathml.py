"""Engine values as presentation MathML, for browsers to render natively.

Only values the engine built (SymPy expressions, vectors, matrices, sets, equations) are
printed, by SymPy's presentation MathML printer; text is never read here. Names the
input language writes specially (``y_hat`` is ŷ) keep the form the unicode printer gives.
"""

from __future__ import annotations

import html
import re

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter

from tutor.language import to_unicode
from tutor.language.functions import sigma
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
_INDEXED = re.compile(r"^[A-Za-z]+_\d+$")  # x_1, w_11: SymPy writes these with a subscript


def to_mathml(value, display: bool = False, e_is_variable: bool = False) -> str:
    """A whole <math> element for ``value``; ``display`` for a block of its own."""
    mode = "block" if display else "inline"
    return f'<math xmlns="{MATHML_NAMESPACE}" display="{mode}">{_inner(value, e_is_variable)}</math>'


def _inner(value, e_is_variable: bool) -> str:
    if isinstance(value, Vector):
        opening, closing = ("(", ")") if value.bracket == "(" else ("[", "]")
        return _fenced(opening, closing, [_inner(e, e_is_variable) for e in value.entries])
    if isinstance(value, SetValue):
        return _fenced("{", "}", [_inner(i, e_is_variable) for i in value.items])
    if isinstance(value, Matrix):
        rows = "".join("<mtr>" + "".join(f"<mtd>{_inner(e, e_is_variable)}</mtd>" for e in row) + "</mtr>"
                       for row in value.rows)
        return f"<mrow><mo>[</mo><mtable>{rows}</mtable><mo>]</mo></mrow>"
    if isinstance(value, Equation):
        return (f"<mrow>{_inner(value.left, e_is_variable)}<mo>=</mo>"
                f"{_inner(value.right, e_is_variable)}</mrow>")
    if isinstance(value, RealSet) or not isinstance(value, sympy.Basic):
        text = to_unicode(value, e_is_variable) if isinstance(value, RealSet) else str(value)
        return f"<mtext>{html.escape(text)}</mtext>"
    return _PRINTER.doprint(_display_names(value, e_is_variable))


def _fenced(opening: str, closing: str, items: list) -> str:
    inner = "<mo>,</mo>".join(items)
    return f"<mrow><mo>{html.escape(opening)}</mo>{inner}<mo>{html.escape(closing)}</mo></mrow>"


def _display_names(expr, e_is_variable: bool):
    """Symbols renamed to their unicode form where SymPy would misread the name (y_hat)."""
    renames = {}
    for symbol in expr.free_symbols:
        name = symbol.name
        if "_" in name and not _INDEXED.match(name):
            renames[symbol] = sympy.Symbol(to_unicode(symbol, e_is_variable), **symbol.assumptions0)
    return expr.xreplace(renames) if renames else expr


class _Printer(MathMLPresentationPrinter):
    """SymPy's presentation printer, with the function names the unicode printer writes:
    σ for the sigmoid (not its class name, sigma) and ln for the natural logarithm."""

    def mathml_tag(self, e):
        return "σ" if isinstance(e, sigma) else super().mathml_tag(e)


_PRINTER = _Printer({"mul_symbol": None, "ln_notation": True})
