"""Render a problem's worked solution: step trees from the step engine and text lines."""

from __future__ import annotations


def render_solution(problem, style: str = "unicode") -> str:
    """The solution as text in ``style`` (text, unicode, latex or markdown)."""
    parts = []
    for entry in problem.solution:
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
