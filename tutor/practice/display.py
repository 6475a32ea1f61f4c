"""What the student reads about a problem and an answer: notes, verdicts, carets, the expected answer.

Each function returns text (or lines of ``(text, style)``, where the style is a hint for
colour: 'good', 'bad', 'warn', 'note', 'title' or None); writing it is the caller's job.
"""

from __future__ import annotations

import shutil

from tutor.language import to_unicode
from tutor.practice.summary import number
from tutor.practice.wrap import text_width
from tutor.status import Status

MAX_CARET_LINE = 78

KIND_NOTES = {
    "number": "a number",
    "vector": "a vector, e.g. [a, b]",
    "matrix": "a matrix, e.g. [[a, b], [c, d]]",
    "set": "a set, e.g. {p, q}",
}


def answer_note(problem) -> str:
    """The line under a prompt: what kind of answer, its variables, and that help exists."""
    spec = problem.spec
    kind = getattr(problem.expected, "kind", "expression")
    parts = []
    if kind == "choice":
        choices = getattr(spec.answer, "choices", ()) or ()
        parts.append(f"answer one of: {', '.join(map(str, choices))}" if choices else "answer in words")
    elif kind in KIND_NOTES:
        parts.append(f"answer: {KIND_NOTES[kind]}")
    variables = list(spec.variables)
    if variables and kind not in ("number", "choice"):
        parts.append(f"variables: {', '.join(variables)}")
    parts.append("type help for commands")
    return "(" + "; ".join(parts) + ")"


def verdict_lines(verdict, answer: str) -> list[tuple[str, str | None]]:
    """How the answer was read, the verdict and its feedback, as (text, style) lines."""
    lines: list[tuple[str, str | None]] = []
    if verdict.pretty is not None:
        shown = verdict.pretty
        if verdict.interpreted and verdict.interpreted != verdict.pretty:
            shown += f"    ({verdict.interpreted})"
        lines.append((f"interpreted as: {shown}", None))
    method = f" ({verdict.method})" if verdict.method else ""
    if verdict.status == Status.CORRECT:
        lines.append((f"✓ correct{method}", "good"))
    elif verdict.status == Status.INCORRECT:
        credit = f" [partial credit {number(verdict.score)}]" if verdict.score > 0 else ""
        lines.append((f"✗ incorrect{method}{credit}: {verdict.message}", "bad"))
        lines.extend((f"  entry {n}: {entry.message}", "bad")
                     for n, entry in enumerate(getattr(verdict, "entries", []) or [], 1) if not entry.correct)
    else:
        lines.append((f"? could not read that: {verdict.message}", "warn"))
        lines.extend((line, "warn") for line in caret_lines(answer, verdict.column))
        lines.append(("(an answer that cannot be read costs no try; type help for the commands)", "note"))
    return lines


def expected_pretty(problem) -> str:
    """The expected answer in unicode, for people."""
    value = getattr(problem.expected, "value", None)
    if isinstance(value, str) or value is None:
        return problem.answer_text
    try:
        return to_unicode(value, getattr(problem.expected, "e_is_variable", False))
    except Exception:  # pragma: no cover - printing never fails on a value the checker prepared
        return problem.answer_text


def caret_lines(answer: str, column: int | None) -> list[str]:
    """The answer and a caret under ``column`` (1-based), when that helps (and both fit on a
    line of the terminal: a wrapped answer would leave the caret under the wrong place)."""
    if column is None or not answer or "\n" in answer or column < 1 or column > len(answer) + 1:
        return []
    if text_width(answer) + 4 > min(MAX_CARET_LINE, shutil.get_terminal_size((80, 24)).columns):
        return []
    return [f"    {answer}", "    " + " " * text_width(answer[:column - 1]) + "^"]
