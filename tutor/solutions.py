"""Render a problem's worked solution: step trees from the step engine and text lines, at a
level of detail (tutor.steps.model.DETAIL_LEVELS), and what it shows beyond the answer."""

from __future__ import annotations

GOING_FURTHER = "Going further (beyond what the exercise asks):"


def render_solution(problem, style: str = "unicode", detail=3) -> str:
    """The solution as text in ``style`` (text, unicode, latex or markdown) at ``detail`` (1 the
    method, 2 the rules applied to non-trivial parts, 3 every step); at detail 3 the exercise's
    "going further" entries follow, if any, under their own heading. Step rules from the
    problem's plugins (register_step_rules) are used for its derivative steps."""
    from tutor.steps import using_rules
    from tutor.steps.render import FULL_DETAIL, detail_level

    full = detail_level(detail) == FULL_DETAIL
    with using_rules(getattr(problem.registry, "step_rules", None)):
        entries = problem.solution
        further = problem.going_further if full else []
    text = render_entries(entries, style, detail)
    if further:
        text += "\n" + GOING_FURTHER + "\n" + render_entries(further, style, detail)
    return text


def render_entries(entries, style: str = "unicode", detail=3) -> str:
    """Solution entries (text lines and step trees) as text, one after the other."""
    from tutor.steps.render import render

    parts = [entry if isinstance(entry, str) else render(entry, style, detail=detail) for entry in entries]
    return "\n".join(p for p in parts if p)


def solution_data(problem) -> dict:
    """The worked solution as plain data: each entry a text line or the whole step tree, every
    step with its level of detail (and the going-further entries the same way)."""
    from tutor.steps import using_rules

    with using_rules(getattr(problem.registry, "step_rules", None)):
        entries, further = problem.solution, problem.going_further
    return {"entries": [_entry_data(e) for e in entries], "going_further": [_entry_data(e) for e in further]}


def _entry_data(entry):
    if isinstance(entry, str):
        return {"text": entry}
    steps = list(entry) if isinstance(entry, (list, tuple)) else [entry]
    return {"steps": [step.to_dict() for step in steps]}
