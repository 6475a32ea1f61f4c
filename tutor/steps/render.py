"""Render a Step tree as a numbered, indented list: text, unicode, LaTeX or Markdown.

The wording comes from tutor.steps.templates (one sandboxed Jinja template per
rule and style); this module formats the values and lays out the list. A
simplify step is shown after the steps it tidies, as the last line of its level.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from tutor.language import to_text, to_unicode
from tutor.steps.model import Step
from tutor.steps.templates import STYLES, TEMPLATES

_LATEX_DEPTH = 4  # LaTeX nests enumerate four deep; deeper steps share the fourth level


def render(steps, style: str = "unicode") -> str:
    """A Step (or a list of them) as text in ``style``: text, unicode, latex or markdown."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; styles are: {', '.join(STYLES)}")
    roots = [steps] if isinstance(steps, Step) else list(steps)
    entries = list(_entries(roots, ()))
    partial = {id(r): bool(r.before.free_symbols - {r.variable}) for r in roots}
    lines = []
    for path, step, root in entries:
        is_partial = partial[id(root)] and step.variable == root.variable
        lines.append((path, render_line(step, style, is_partial)))
    if style == "latex":
        return _latex_list(lines)
    return "\n".join(_prefix(path, style) + line for path, line in lines)


def render_line(step: Step, style: str = "unicode", partial: bool = False) -> str:
    """One step's own line, from its rule's template."""
    show = _FORMATS[style]
    d = _operator(step.variable, style, partial)
    before, after = show(step.before), show(step.after)
    if style in ("latex", "markdown"):
        eq = f"${d}\\left[{_bare(before)}\\right] = {_bare(after)}$"
    else:
        eq = f"{d} [{before}] = {after}"
    parts = {name: _part(value, show) for name, value in step.parts.items()}
    context = {
        "eq": eq, "before": before, "after": after, "variable": show(step.variable),
        "parts": parts, "parts_text": ", ".join(_assignment(n, v, show) for n, v in step.parts.items()),
        "reason": _REASONS[style](step.reason), "rule": step.rule, "substeps": len(step.substeps),
        "equation": _equation_for(style),
    }
    return _template(style, step.rule, TEMPLATES[style][step.rule]).render(context)


def as_text(value) -> str:
    """Input-language text of a value (str() when the printer cannot)."""
    if not isinstance(value, sympy.Basic):
        return str(value)
    try:
        return to_text(value)
    except Exception:  # noqa: BLE001 - printing must not break a solution
        return str(value)


def as_unicode(value) -> str:
    """One-line unicode of a value, falling back to text."""
    if not isinstance(value, sympy.Basic):
        return str(value)
    try:
        return to_unicode(value)
    except Exception:  # noqa: BLE001 - e.g. a Subs or Dummy the input language cannot write
        return as_text(value)


def as_latex(value) -> str:
    """Inline LaTeX maths, $...$."""
    return f"${sympy.latex(value)}$" if isinstance(value, sympy.Basic) else latex_escape(str(value))


_FORMATS = {"text": as_text, "unicode": as_unicode, "latex": as_latex, "markdown": as_latex}


def _equation_for(style: str):
    def equation(left, right) -> str:
        left, right = str(left), str(right)
        if style in ("latex", "markdown"):
            return f"${_bare(left)} = {_bare(right)}$"
        return f"{left} = {right}"

    return equation


def _bare(math: str) -> str:
    return math[1:-1] if math.startswith("$") and math.endswith("$") else math


def _part(value, show) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(_part(v, show) for v in value)
    return show(value)


def _assignment(name, value, show) -> str:
    text = _part(value, show)
    if show is as_latex and text.startswith("$"):
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
_PLAIN = {"·": "*", "′": "'", "−": "-", "σ": "sigma", "√": "sqrt", "∂": "d", "≠": "!=", "–": "-", "—": "-",
          "π": "pi"}


def plain(text: str) -> str:
    """Unicode maths in a reason written in ASCII: (xⁿ)′ = n·xⁿ⁻¹ -> (x^n)' = n*x^(n-1)."""
    def superscript(match):
        run = "".join(_SUPERSCRIPTS[c] for c in match.group())
        return "^" + run if len(run) == 1 else f"^({run})"

    text = re.sub("[" + "".join(_SUPERSCRIPTS) + "]+", superscript, text)
    text = re.sub(r"√([^\s(])", r"√(\1)", text)  # √π -> sqrt(pi)
    return "".join(_PLAIN.get(c, c) for c in text)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    """Text safe in LaTeX text mode."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


_REASONS = {"text": plain, "unicode": str, "markdown": str, "latex": latex_escape}


def _entries(steps, path, root=None):
    """(path, step, root) in reading order; a simplify step follows what it tidies."""
    number = 0
    for step in steps:
        top = root or step
        for item, children in _unfold(step):
            number += 1
            here = path + (number,)
            yield here, item, top
            yield from _entries(children, here, top)


def _unfold(step):
    if step.rule == "simplify":
        for sub in step.substeps:
            yield from _unfold(sub)
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
