"""Jinja for exercise text: a sandboxed environment with filters for mathematics.

Only exercise files are templates; a student's text is never rendered as one.
Values render as one-line unicode by default ({{ f }} is x²·y); the filters
``pretty``, ``text`` (the input language) and ``latex`` choose a form.
"""

from __future__ import annotations

from functools import lru_cache

import sympy
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from tutor.errors import TutorError
from tutor.language import to_text, to_unicode
from tutor.language.values import Matrix, SetValue, Vector

MATH_TYPES = (sympy.Basic, Vector, Matrix, SetValue)


class TemplateProblem(TutorError):
    """A template that does not render."""


def pretty(value) -> str:
    return to_unicode(value) if isinstance(value, MATH_TYPES) else str(value)


def text(value) -> str:
    return to_text(value) if isinstance(value, MATH_TYPES) else str(value)


def latex(value) -> str:
    if isinstance(value, Vector):
        return r"\left(" + ", ".join(latex(e) for e in value.entries) + r"\right)"
    if isinstance(value, Matrix):
        rows = r" \\ ".join(" & ".join(latex(e) for e in row) for row in value.rows)
        return r"\begin{bmatrix} " + rows + r" \end{bmatrix}"
    if isinstance(value, SetValue):
        return r"\left\{" + ", ".join(latex(i) for i in value.items) + r"\right\}"
    if isinstance(value, sympy.Basic):
        return sympy.latex(value)
    return str(value)


def _inline_latex(value) -> str:
    return f"${latex(value)}$"


FINALIZERS = {"unicode": pretty, "text": text, "latex": _inline_latex}


def environment(filters: dict, style: str = "unicode") -> SandboxedEnvironment:
    """A sandboxed Jinja environment with the registered filters.

    ``style`` says how a bare value ({{ f }}) prints: unicode (x²), text (x^2)
    or latex ($x^{2}$, for LaTeX worksheets).
    """
    show = FINALIZERS[style]
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                               finalize=lambda v: show(v) if isinstance(v, MATH_TYPES) else v,
                               keep_trailing_newline=False)
    env.filters.update(filters)
    return env


@lru_cache(maxsize=4096)
def _compiled(env: SandboxedEnvironment, source: str):
    return env.from_string(source)


def render(env: SandboxedEnvironment, source: str, values: dict) -> str:
    """Render one template string; errors become TemplateProblem with Jinja's reason."""
    try:
        return _compiled(env, source).render(**values).strip()
    except TemplateError as error:
        raise TemplateProblem(f"template does not render: {error}") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
        raise TemplateProblem(f"template does not render: {type(error).__name__}: {error}") from None
