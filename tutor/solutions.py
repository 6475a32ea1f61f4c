"""Render a problem's worked solution: step trees from the step engine and text lines, at a
level of detail (tutor.steps.model.DETAIL_LEVELS), and what it shows beyond the answer."""

from __future__ import annotations

GOING_FURTHER = "Going further (beyond what the exercise asks):"
KEY_DETAIL = 1  # the detail of worked solutions in a worksheet's answer key


def render_solution(problem, style: str = "unicode", detail=3, text=None) -> str:
    """The solution as text in ``style`` (text, unicode, latex or markdown) at ``detail`` (1 the
    method, 2 the rules applied to non-trivial parts, 3 every step); at detail 3 the exercise's
    "going further" entries follow, if any, under their own heading. ``text`` rewrites the
    exercise's text lines for the document (LaTeX escaping, say)."""
    from tutor.steps.render import FULL_DETAIL, detail_level

    entries = solution_entries(problem)
    further = solution_entries(problem, "going_further") if detail_level(detail) == FULL_DETAIL else []
    shown = render_entries(entries, style, detail, text)
    if further:
        shown += "\n" + GOING_FURTHER + "\n" + render_entries(further, style, detail, text)
    return shown


def solution_entries(problem, which: str = "solution") -> list:
    """The problem's ``solution`` (or ``going_further``) entries, computed with the step rules of
    its plugins (register_step_rules) for its derivative steps."""
    from tutor.steps import using_rules

    with using_rules(getattr(problem.registry, "step_rules", None)):
        return getattr(problem, which)


def render_entries(entries, style: str = "unicode", detail=3, text=None) -> str:
    """Solution entries (text lines and step trees) as text, one after the other."""
    from tutor.steps.render import render

    parts = [(text(entry) if text else entry) if isinstance(entry, str) else render(entry, style, detail=detail)
             for entry in entries]
    return "\n".join(p for p in parts if p)


def solution_data(problem) -> dict:
    """The worked solution as plain data: each entry a text line or the whole step tree, every
    step with its level of detail (and the going-further entries the same way)."""
    return {"entries": [_entry_data(e) for e in solution_entries(problem)],
            "going_further": [_entry_data(e) for e in solution_entries(problem, "going_further")]}


def _entry_data(entry):
    if isinstance(entry, str):
        return {"text": entry}
    steps = list(entry) if isinstance(entry, (list, tuple)) else [entry]
    return {"steps": [step.to_dict() for step in steps]}
