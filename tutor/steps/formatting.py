"""Values as text in each style of a worked solution: input-language text, unicode,
LaTeX; ASCII for reasons written in unicode maths; LaTeX escaping. Numbers are shown
rounded (tutor.steps.numbers.rounded); the values themselves stay exact."""

from __future__ import annotations

import re

import sympy

from tutor.language import to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector
from tutor.steps.numbers import rounded
from tutor.steps.substituted import Substituted


def as_text(value) -> str:
    """Input-language text of a value (str() when the printer cannot)."""
    return _show(value, to_text, as_text)


def as_unicode(value) -> str:
    """One-line unicode of a value, falling back to text."""
    try:
        return _show(value, to_unicode, as_unicode)
    except Exception:  # noqa: BLE001 - e.g. a Subs or Dummy the input language cannot write
        return as_text(value)


def _show(value, printer, again) -> str:
    if isinstance(value, Substituted):
        return _substituted(value, again, _wrap_plain)
    if isinstance(value, sympy.Equality):
        return f"{again(value.lhs)} = {again(value.rhs)}"
    if isinstance(value, (Vector, Matrix, SetValue)) or isinstance(value, sympy.Basic):
        try:
            return printer(value)
        except Exception:  # noqa: BLE001 - printing must not break a solution
            return str(value)
    return str(value)


def as_latex(value) -> str:
    """Inline LaTeX maths, $...$."""
    if isinstance(value, (sympy.Basic, Vector, Matrix, SetValue, Substituted)):
        return f"${latex_value(value)}$"
    return latex_escape(str(value))


def latex_value(value, dots: bool = False) -> str:
    """LaTeX (without $) of an expression, vector, matrix, set, equation or substitution;
    ``dots`` writes products with a centred dot (numbers side by side need one)."""
    if isinstance(value, Substituted):
        return _substituted(value, lambda v: latex_value(v, True), _wrap_latex)
    if isinstance(value, Vector):
        left, right = ("\\left(", "\\right)") if value.bracket == "(" else ("\\left[", "\\right]")
        return left + ", ".join(latex_value(e, dots) for e in value.entries) + right
    if isinstance(value, Matrix):
        rows = " \\\\ ".join(" & ".join(latex_value(e, dots) for e in row) for row in value.rows)
        return "\\begin{bmatrix} " + rows + " \\end{bmatrix}"
    if isinstance(value, SetValue):
        return "\\left\\{" + ", ".join(latex_value(i, dots) for i in value.items) + "\\right\\}"
    if isinstance(value, sympy.Equality):
        return f"{latex_value(value.lhs, dots)} = {latex_value(value.rhs, dots)}"
    if isinstance(value, sympy.Basic):
        names = {s: r"\hat{y}" for s in value.free_symbols if getattr(s, "name", "") == "y_hat"}
        return sympy.latex(value, mul_symbol="dot" if dots else None, symbol_names=names)
    return "\\text{" + latex_escape(str(value)) + "}"


def _substituted(value: Substituted, show, wrap) -> str:
    """The expression with each placeholder printed as its number, bracketed when needed."""
    text = show(value.value)
    for mark in sorted(value.values, key=lambda m: -len(m.name)):
        number = value.values[mark]
        shown = show(number)
        plain_number = number.is_Integer or number.is_Float if isinstance(number, sympy.Basic) else False
        if not (isinstance(number, sympy.Basic) and (number.is_Symbol or (plain_number and number >= 0))):
            shown = wrap(shown)
        text = text.replace(mark.name, shown)
    return text


def _wrap_plain(text: str) -> str:
    return f"({text})"


def _wrap_latex(text: str) -> str:
    return f"\\left({text}\\right)"


FORMATS = {"text": as_text, "unicode": as_unicode, "latex": as_latex, "markdown": as_latex}


def shower(style: str, digits: int):
    """The formatter of values in ``style``, rounding decimals to ``digits``; it remembers what
    it has shown (a rendering shows the same values many times)."""
    base = FORMATS[style]
    shown: dict = {}

    def show(value):
        try:
            return shown[value]
        except (KeyError, TypeError):  # not seen yet, or a value that is no key (a dict inside)
            pass
        text = base(rounded(value, digits)) if digits else base(value)
        try:
            shown[value] = text
        except TypeError:
            pass
        return text

    return show


_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁿᵘˣ", "0123456789-nux"))
_PLAIN = {"·": "*", "′": "'", "″": "''", "−": "-", "σ": "sigma", "√": "sqrt", "∂": "d", "≠": "!=", "–": "-",
          "—": "-", "π": "pi", "∇": "grad ", "λ": "lambda", "α": "alpha", "≈": "~", "ŷ": "y_hat", "±": "+-",
          "×": "x", "≤": "<=", "≥": ">=", "→": "->", "⁄": "/"}
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def plain(text: str) -> str:
    """Unicode maths in a reason written in ASCII: (xⁿ)′ = n·xⁿ⁻¹ -> (x^n)' = n*x^(n-1)."""
    def superscript(match):
        run = "".join(_SUPERSCRIPTS[c] for c in match.group())
        return "^" + run if len(run) == 1 else f"^({run})"

    text = re.sub("[" + "".join(_SUPERSCRIPTS) + "]+", superscript, text)
    text = re.sub("[" + "".join(_SUBSCRIPTS) + "]+", lambda m: "_" + "".join(_SUBSCRIPTS[c] for c in m.group()),
                  text)
    text = re.sub(r"√([^\s(])", r"√(\1)", text)  # √π -> sqrt(pi)
    return "".join(_PLAIN.get(c, c) for c in text)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    """Text safe in LaTeX text mode."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


REASONS = {"text": plain, "unicode": str, "markdown": str, "latex": latex_escape}  # a reason's text in each style
