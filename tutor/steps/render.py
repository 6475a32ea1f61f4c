"""Lay out a Step tree as a numbered, indented list: text, unicode, LaTeX or Markdown.

Each step's line comes from tutor.steps.lines (its rule's template, values formatted by
tutor.steps.formatting); this module chooses which steps show and numbers them. A
simplify step is shown after the steps it tidies, as the last line of its level (and
not at all when it prints as what it tidies).

The detail is a level (tutor.steps.model.DETAIL_LEVELS): 1 the method, 2 the rules
applied to non-trivial parts, 3 everything. A step above the detail merges into its
parent's line: its shown substeps take its place; a shown derivative whose own rule is
trivial is written as its equation alone. Below full detail an iteration (gradient
descent, Newton) leads, the steps before it as its first substeps. Numbers are shown
with ``digits`` significant digits (decimals, and fractions too long to read); the
steps' values themselves stay exact.
"""

from __future__ import annotations

from typing import NamedTuple

import sympy

from tutor.steps.formatting import shower
from tutor.steps.lines import render_line
from tutor.steps.model import DETAIL_LEVELS, FULL_DETAIL, Step, handed_level, is_trivial, substep_level, top_level
from tutor.steps.templates import STEP_STYLES

_LATEX_DEPTH = 4  # LaTeX nests enumerate four deep; deeper steps share the fourth level

DETAIL_NAMES = {"method": 2, "full": FULL_DETAIL}  # the names the levels had before they were numbered


class StepLine(NamedTuple):
    """One shown line: its number (1, 2, 1) for 1.2.1, its text, its level of detail and its step."""

    number: tuple
    text: str
    level: int
    step: Step


def detail_level(detail) -> int:
    """A detail as its level: 1, 2 or 3 (or "1".."3", or the names "method" and "full")."""
    level = DETAIL_NAMES.get(detail, detail) if isinstance(detail, str) else detail
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = None
    if level not in DETAIL_LEVELS or isinstance(detail, bool):
        raise ValueError(f"unknown detail {detail!r}; details are {', '.join(map(str, DETAIL_LEVELS))} "
                         f"(or {', '.join(DETAIL_NAMES)})")
    return level


def render(steps, style: str = "unicode", digits: int = 4, detail=FULL_DETAIL) -> str:
    """A Step (or a list of them) as text in ``style``: text, unicode, latex or markdown, at the
    level of ``detail`` (1, 2 or 3, see the module's docstring). A simplify step whose two sides
    print the same is left out."""
    lines = step_lines(steps, style, digits, detail)
    if style == "latex":
        return _latex_list(lines)
    return "\n".join(_prefix(line.number, style) + line.text for line in lines)


def step_lines(steps, style: str = "unicode", digits: int = 4, detail=FULL_DETAIL) -> list[StepLine]:
    """The lines a rendering at ``detail`` shows, in reading order, each with its number, text,
    level and step (for a page that lays them out itself)."""
    if style not in STEP_STYLES:
        raise ValueError(f"unknown style {style!r}; styles are: {', '.join(STEP_STYLES)}")
    level = detail_level(detail)
    roots = [steps] if isinstance(steps, Step) else list(steps)
    show = shower(style, digits)
    nodes = _shown(roots, None, 1, level, None, show)
    if level < FULL_DETAIL:
        nodes = _method_first(nodes)
    lines: list[StepLine] = []
    _number(nodes, (), lines, style, digits, show, level)
    return lines


class _Node(NamedTuple):
    step: Step
    level: int
    partial: bool
    children: list


def _method_first(nodes: list) -> list:
    """An iteration (a last step with iterates) leads, the steps before it as its first substeps."""
    if len(nodes) < 2 or "iterates" not in nodes[-1].step.parts:
        return nodes
    method = nodes[-1]
    return [method._replace(children=[*nodes[:-1], *method.children])]


def _shown(steps, parent, level, detail, context, show) -> list:
    """The nodes shown at ``detail`` for ``steps`` (substeps of ``parent``, which hands down ``level``), in
    reading order: a simplify step follows what it tidies; a step above the detail gives way
    to its shown substeps.

    Derivatives are partial (∂) below a method step over several variables, or when
    the topmost derivative step has other symbols; only in that step's variable.
    """
    nodes = []
    for step in steps:
        step_level = top_level(step) if parent is None else substep_level(parent, level, step)
        handed = step_level if parent is None else handed_level(parent, level, step)
        for item, children in _unfold(step, show):
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
            shown = _shown(children, item, handed, detail, inner, show)
            if step_level <= detail:
                nodes.append(_Node(item, step_level, partial, shown))
            else:
                nodes.extend(shown)
    return nodes


def _number(nodes, path, lines, style, digits, show, detail) -> None:
    for number, node in enumerate(nodes, 1):
        here = path + (number,)
        folded = detail < FULL_DETAIL and node.step.is_derivative and is_trivial(node.step)
        text = render_line(node.step, style, node.partial, digits, folded=folded, show=show)
        lines.append(StepLine(here, text, node.level, node.step))
        _number(node.children, here, lines, style, digits, show, detail)


def _free(value) -> set:
    return value.free_symbols if isinstance(value, sympy.Basic) else set()


def _unfold(step, show):
    """(step, children) to show for ``step``: a simplify step after what it tidies (or not at
    all when it prints as what it tidies)."""
    if step.rule == "simplify":
        for sub in step.substeps:
            yield from _unfold(sub, show)
        if show(step.parts["unsimplified"]) != show(step.after):
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
    for line in lines:
        level = min(len(line.number), _LATEX_DEPTH)
        while depth < level:
            out.append("  " * depth + r"\begin{enumerate}")
            depth += 1
        while depth > level:
            depth -= 1
            out.append("  " * depth + r"\end{enumerate}")
        out.append("  " * depth + r"\item " + line.text)
    while depth:
        depth -= 1
        out.append("  " * depth + r"\end{enumerate}")
    return "\n".join(out)
