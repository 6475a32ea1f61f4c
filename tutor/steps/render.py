"""Lay out a Step tree as a numbered, indented list: text, unicode, LaTeX or Markdown.

Each step's line comes from tutor.steps.lines (its rule's template, values formatted by
tutor.steps.formatting); this module chooses which steps show and numbers them. A
simplify step is shown after the steps it tidies, as the last line of its level (and
not at all when it prints as what it tidies). The detail "method" folds each
derivative into one line and leads with an iteration (gradient descent, Newton).
Numbers are shown with ``digits`` significant digits (decimals, and fractions too long
to read); the steps' values themselves stay exact.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import sympy

from tutor.steps.formatting import shower
from tutor.steps.lines import render_line
from tutor.steps.model import Step
from tutor.steps.templates import STEP_STYLES

_LATEX_DEPTH = 4  # LaTeX nests enumerate four deep; deeper steps share the fourth level


DETAILS = ("method", "full")


def render(steps, style: str = "unicode", digits: int = 4, detail: str = "full") -> str:
    """A Step (or a list of them) as text in ``style``: text, unicode, latex or markdown.

    ``detail`` "full" shows every rule; "method" shows each derivative as one line (its
    rules folded away) and, when the last step is an iteration, leads with it, the
    derivatives it uses as its first substeps. A simplify step whose two sides print
    the same is left out.
    """
    lines = [(line.number, line.text) for line in step_lines(steps, style, digits, detail)]
    if style == "latex":
        return _latex_list(lines)
    return "\n".join(_prefix(path, style) + line for path, line in lines)


class StepLine(NamedTuple):
    """One shown line: its number (1, 2, 1) for 1.2.1, its text, its level of detail and its step.
    (Every line here is at the full level, 3; the levels of issue 19 set it per step.)"""

    number: tuple
    text: str
    level: int
    step: Step


def step_lines(steps, style: str = "unicode", digits: int = 4, detail: str = "full") -> list[StepLine]:
    """The lines ``render`` shows, in reading order, each with its number, text, level and step
    (for a page that lays them out itself)."""
    if style not in STEP_STYLES:
        raise ValueError(f"unknown style {style!r}; styles are: {', '.join(STEP_STYLES)}")
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; details are: {', '.join(DETAILS)}")
    roots = [steps] if isinstance(steps, Step) else list(steps)
    if detail == "method":
        roots = _method_first(roots)
    shown = _Shown(style, digits, detail == "method")
    return [StepLine(path, render_line(step, style, partial, digits, folded=shown.folds(step), show=shown.show),
                     3, step)
            for path, step, partial in _entries(roots, (), shown=shown)]


class _Shown:
    """Which steps a rendering shows and folds: derivatives fold at the method detail, and a
    simplify step whose sides print the same is not shown."""

    def __init__(self, style: str, digits: int, fold: bool):
        self.show, self.fold = shower(style, digits), fold

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
