"""Render a Step tree as a numbered, indented list: text, unicode, LaTeX or Markdown.

The wording comes from tutor.steps.templates (one sandboxed Jinja template per
rule and style); this module formats the values and lays out the list. A
simplify step is shown after the steps it tidies, as the last line of its level
(and not at all when it prints as what it tidies). The detail "method" folds each
derivative into one line and leads with an iteration (gradient descent, Newton).
Numbers are shown with ``digits`` significant digits (decimals, and fractions
too long to read); the steps' values themselves stay exact.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import sympy
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from tutor.language import to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector
from tutor.steps.model import Step
from tutor.steps.numbers import rounded
from tutor.steps.substitution import Substituted
from tutor.steps.templates import NAMES, STYLES, TEMPLATES

_LATEX_DEPTH = 4  # LaTeX nests enumerate four deep; deeper steps share the fourth level


DETAILS = ("method", "full")


def render(steps, style: str = "unicode", digits: int = 4, detail: str = "full") -> str:
    """A Step (or a list of them) as text in ``style``: text, unicode, latex or markdown.

    ``detail`` "full" shows every rule; "method" shows each derivative as one line (its
    rules folded away) and, when the last step is an iteration, leads with it, the
    derivatives it uses as its first substeps. A simplify step whose two sides print
    the same is left out.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; styles are: {', '.join(STYLES)}")
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; details are: {', '.join(DETAILS)}")
    roots = [steps] if isinstance(steps, Step) else list(steps)
    if detail == "method":
        roots = _method_first(roots)
    shown = _Shown(style, digits, detail == "method")
    lines = [(path, render_line(step, style, partial, digits, folded=shown.folds(step)))
             for path, step, partial in _entries(roots, (), shown=shown)]
    if style == "latex":
        return _latex_list(lines)
    return "\n".join(_prefix(path, style) + line for path, line in lines)


def render_line(step: Step, style: str = "unicode", partial: bool = False, digits: int = 4,
                folded: bool = False) -> str:
    """One step's own line, from its rule's template; ``folded``: a derivative as its equation only."""
    show = _shower(style, digits)
    before, after = show(step.before), show(step.after)
    equation = _equation_for(style)
    if step.is_derivative:
        d = _operator(step.variable, style, partial)
        if style in ("latex", "markdown"):
            eq = f"${d}\\left[{_bare(before)}\\right] = {_bare(after)}$"
        else:
            eq = f"{d} [{before}] = {after}"
        if folded:
            return plain(eq) if style == "text" else eq
    else:
        eq = equation(before, after)
    parts = {name: _part(value, show) for name, value in step.parts.items()}
    items = {name: [show(v) for v in value] if isinstance(value, (tuple, list)) else [show(value)]
             for name, value in step.parts.items()}
    math = style in ("latex", "markdown")
    context = {
        "eq": eq, "before": before, "after": after,
        "variable": "" if step.variable is None else show(step.variable),
        "parts": parts, "parts_text": ", ".join(_assignment(n, v, show) for n, v in step.parts.items()),
        "raw": {name: _raw(value) for name, value in step.parts.items()},
        "reason": _REASONS[style](step.reason), "rule": step.rule, "substeps": len(step.substeps),
        "equation": equation, "names": NAMES[style], "items": items,
        "o": "$" if math else "", "c": "$" if math else "", "m": _bare, "group": _grouper(style),
        "dfrac": _dfrac_for(style),
    }
    line = _template(style, step.rule, TEMPLATES[style][step.rule]).render(context)
    return plain(line) if style == "text" else line


def _shower(style: str, digits: int):
    """The formatter of values in ``style``, rounding decimals to ``digits``."""
    base = _FORMATS[style]

    def show(value):
        return base(rounded(value, digits)) if digits else base(value)

    return show


class _Shown:
    """Which steps a rendering shows and folds: derivatives fold at the method detail, and a
    simplify step whose sides print the same is not shown."""

    def __init__(self, style: str, digits: int, fold: bool):
        self.show, self.fold = _shower(style, digits), fold

    def folds(self, step: Step) -> bool:
        return self.fold and step.is_derivative

    def changes(self, step: Step) -> bool:
        """False for a simplify step that prints as what it simplifies."""
        return step.rule != "simplify" or self.show(step.parts["unsimplified"]) != self.show(step.after)


def _method_first(roots: list) -> list:
    """An iteration (a last step with iterates) leads, the steps before it as its first substeps."""
    if len(roots) < 2 or "iterates" not in roots[-1].parts:
        return roots
    method = roots[-1]
    return [replace(method, substeps=[*roots[:-1], *method.substeps])]


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


def _raw(value):
    """A part as plain data for templates that choose wording by value (a word, a count)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return len(value)
    return as_text(value)


_FORMATS = {"text": as_text, "unicode": as_unicode, "latex": as_latex, "markdown": as_latex}


def _equation_for(style: str):
    def equation(*sides) -> str:
        """The sides joined by =, as one formula."""
        texts = [" ".join(_bare(str(p)) for p in side) if isinstance(side, tuple) else _bare(str(side))
                 for side in sides]
        if style in ("latex", "markdown"):
            return "$" + " = ".join(texts) + "$"
        return " = ".join(texts)

    return equation


def _grouper(style: str):
    def group(text) -> str:
        """Bracket a formatted value that starts with a sign or holds a sum or difference."""
        text = str(text)
        inner = _bare(text)
        if not (inner.lstrip().startswith(("-", "−")) or any(op in inner for op in (" + ", " - ", " − "))):
            return text
        wrapped = f"\\left({inner}\\right)" if style in ("latex", "markdown") else f"({inner})"
        return f"${wrapped}$" if text.startswith("$") else wrapped

    return group


def _dfrac_for(style: str):
    def dfrac(top, bottom) -> str:
        if style in ("latex", "markdown"):
            return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"
        return f"∂{top}/∂{bottom}" if style == "unicode" else f"d{top}/d{bottom}"

    return dfrac


def _bare(math: str) -> str:
    return math[1:-1] if math.startswith("$") and math.endswith("$") else math


def _part(value, show) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(_part(v, show) for v in value)
    return show(value)


def _assignment(name, value, show) -> str:
    text = _part(value, show)
    if text.startswith("$") and text.endswith("$"):
        return f"${name} = {_bare(text)}$"
    return f"{name} = {text}"


def _operator(variable, style: str, partial: bool) -> str:
    name = as_text(variable)
    if style in ("latex", "markdown"):
        v = sympy.latex(variable)
        return rf"\frac{{\partial}}{{\partial {v}}}" if partial else rf"\frac{{d}}{{d{v}}}"
    if style == "unicode":
        name = as_unicode(variable)
        return f"∂/∂{name}" if partial else f"d/d{name}"
    return f"d/d{name}"


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


_REASONS = {"text": plain, "unicode": str, "markdown": str, "latex": latex_escape}


def _entries(steps, path, context=None, shown: _Shown | None = None):
    """(path, step, partial) in reading order; a simplify step follows what it tidies.

    Derivatives are partial (∂) below a method step over several variables, or when
    the topmost derivative step has other symbols; only in that step's variable.
    """
    number = 0
    for step in steps:
        for item, children in _unfold(step, shown):
            number += 1
            here = path + (number,)
            inner = context
            if not item.is_derivative:
                names = item.parts.get("variables", ())
                if isinstance(names, (tuple, list)) and len(names) > 1:
                    inner = (True, None)
                partial = False
            else:
                if context is None or context[1] is None:
                    several = context is not None or bool(_free(item.before) - {item.variable})
                    inner = (several, item.variable)
                partial = inner[0] and item.variable == inner[1]
            yield here, item, partial
            yield from _entries(children, here, inner, shown)


def _free(value) -> set:
    return value.free_symbols if isinstance(value, sympy.Basic) else set()


def _unfold(step, shown: _Shown | None):
    """(step, children) to show for ``step``: a folded derivative alone, a simplify step after
    what it tidies (or not at all when it changes nothing in print)."""
    if shown is not None and shown.folds(step):
        yield step, []
    elif step.rule == "simplify":
        for sub in step.substeps:
            yield from _unfold(sub, shown)
        if shown is None or shown.changes(step):
            yield step, []
    else:
        yield step, step.substeps


def _prefix(path, style: str) -> str:
    indent = "   " * (len(path) - 1)
    if style == "markdown":
        return f"{indent}{path[-1]}. "
    return indent + ".".join(map(str, path)) + ". "


def _latex_list(lines) -> str:
    out, depth = [], 0
    for path, line in lines:
        level = min(len(path), _LATEX_DEPTH)
        while depth < level:
            out.append("  " * depth + r"\begin{enumerate}")
            depth += 1
        while depth > level:
            depth -= 1
            out.append("  " * depth + r"\end{enumerate}")
        out.append("  " * depth + r"\item " + line)
    while depth:
        depth -= 1
        out.append("  " * depth + r"\end{enumerate}")
    return "\n".join(out)


@lru_cache(maxsize=None)
def _template(style: str, rule: str, source: str):
    return _ENV.from_string(source)


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
