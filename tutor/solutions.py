"""Render a problem's worked solution: step trees from the step engine and text lines."""

from __future__ import annotations


def render_solution(problem, style: str = "unicode") -> str:
    """The solution as text in ``style`` (text, unicode, latex or markdown); step rules from
    the problem's plugins (register_step_rules) are used for its derivative steps."""
    from tutor.steps import using_rules

    with using_rules(getattr(problem.registry, "step_rules", None)):
        entries = problem.solution
    parts = []
    for entry in entries:
        if isinstance(entry, str):
            parts.append(entry)
        else:
            parts.append(_render_steps(entry, style))
    return "\n".join(p for p in parts if p)


def _render_steps(value, style: str) -> str:
    try:
        from tutor.steps.render import render
    except ImportError:  # pragma: no cover - the step engine ships with tutor
        return str(value)
    return render(value, style)
