"""One step's line: the template context of a step (its values formatted, the helpers the
wording templates use) and its rule's template (tutor.steps.templates) rendered."""

from __future__ import annotations

from functools import lru_cache

import sympy
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from tutor.steps.formatting import REASONS, as_text, as_unicode, plain, shower
from tutor.steps.model import Step
from tutor.steps.templates import names_for, template_for


def render_line(step: Step, style: str = "unicode", partial: bool = False, digits: int = 4,
                folded: bool = False, show=None) -> str:
    """One step's own line, from its rule's template; ``folded``: a derivative as its equation only;
    ``show``: the value formatter to use (``shower(style, digits)``)."""
    show = show or shower(style, digits)
    before, after = show(step.before), show(step.after)
    equation = _equation_for(style)
    d = d_of = ""
    if step.is_derivative:
        d = _operator(step.variable, style, partial)
        d_of = _derivative_of(step.variable, style, partial)
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
        "reason": REASONS[style](step.reason), "rule": step.rule, "substeps": len(step.substeps),
        "equation": equation, "names": names_for(style, step.function), "items": items,
        "o": "$" if math else "", "c": "$" if math else "", "m": _bare, "group": _grouper(style),
        "dfrac": _dfrac_for(style), "d": _bare(d) if math else d, "d_of": d_of,
    }
    line = _template(style, step.rule, template_for(style, step.rule)).render(context)
    return plain(line) if style == "text" else line


def _raw(value):
    """A part as plain data for templates that choose wording by value (a word, a count)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return len(value)
    return as_text(value)


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
    def group(text, quotient: bool = False) -> str:
        """Bracket a formatted value that starts with a sign or holds a sum or difference; with
        ``quotient`` (an operand of /), also one that holds a / of its own (1/1200 / 49/10)."""
        text = str(text)
        inner = _bare(text)
        if not (inner.lstrip().startswith(("-", "−")) or any(op in inner for op in (" + ", " - ", " − "))
                or (quotient and "/" in inner)):
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


def _derivative_of(variable, style: str, partial: bool):
    """name -> its derivative in the step's variable, written as the step writes it (du/dt, ∂u/∂y)."""
    def of(name) -> str:
        name = _bare(str(name))
        if style in ("latex", "markdown"):
            v = sympy.latex(variable)
            return rf"\frac{{\partial {name}}}{{\partial {v}}}" if partial else rf"\frac{{d{name}}}{{d{v}}}"
        v = as_unicode(variable) if style == "unicode" else as_text(variable)
        return f"∂{name}/∂{v}" if partial and style == "unicode" else f"d{name}/d{v}"

    return of


@lru_cache(maxsize=None)
def _template(style: str, rule: str, source: str):
    return _ENV.from_string(source)


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
