"""How problems, verdicts and worked solutions show in a notebook: HTML and LaTeX.

Every formula is LaTeX that SymPy writes from values the engine built (the exercise's
values through the prompt's ``latex`` rendering, the step engine's expressions, an answer
read by tutor's own parser); no text is ever handed to sympify. Every other text (an
exercise's words, a student's answer, a message) is escaped for HTML, and maths written by
an exercise's author has TeX's dangerous commands defused (tutor.neutralise.latex_math).
HTML carries its maths as \\(...\\) for the notebook's MathJax.
"""

from __future__ import annotations

import html
import re

_INLINE_MATH = re.compile(r"\$([^$]+)\$")


# -- rendering ------------------------------------------------------------------------------------

def math_latex(value) -> str:
    """LaTeX of a value the engine built (SymPy, a vector, matrix or set); other values as \\text."""
    from tutor.exercises.templates import MATH_TYPES, latex

    if isinstance(value, MATH_TYPES):
        return latex(value)
    return r"\text{" + _text_in_math(str(value)) + "}"


def _text_in_math(text: str) -> str:
    from tutor.neutralise import latex_text

    return latex_text(text)


def text_with_math_html(text: str) -> str:
    """Text in which $...$ spans are LaTeX: escaped for HTML, math as \\(...\\) for MathJax."""
    from tutor.neutralise import latex_math

    parts = str(text).split("$")
    if len(parts) % 2 == 0:  # an odd number of $: the last one is text
        parts[-2:] = [parts[-2] + "$" + parts[-1]]
    return "".join(html.escape(r"\(" + latex_math(part) + r"\)") if index % 2 else html.escape(part)
                   for index, part in enumerate(parts))


def text_with_math_latex(text: str) -> str:
    """Text in which $...$ spans are LaTeX, as one LaTeX formula: words in \\text{}, maths as written."""
    from tutor.neutralise import latex_math

    parts = str(text).split("$")
    if len(parts) % 2 == 0:
        parts[-2:] = [parts[-2] + "$" + parts[-1]]
    body = "".join(latex_math(part) if index % 2 else (r"\text{" + _text_in_math(part) + "}" if part else "")
                   for index, part in enumerate(parts))
    return f"${body}$"


def problem_html(problem) -> str:
    spec = problem.spec
    return (f'<div class="tutor-problem"><p><b>{html.escape(spec.title)}</b> '
            f'<small>[{html.escape(spec.id)}, seed {int(problem.seed)}, topic {html.escape(spec.topic)}]</small></p>'
            f"<p>{text_with_math_html(problem.render_prompt('latex'))}</p>"
            f"<p><small>{html.escape(_answer_note(problem))}</small></p></div>")


def problem_latex(problem) -> str:
    return text_with_math_latex(problem.render_prompt("latex"))


def problem_bundle(problem) -> dict:
    return {"text/plain": f"{problem.spec.title} [{problem.spec.id}, seed {problem.seed}]\n{problem.prompt}",
            "text/html": problem_html(problem), "text/latex": problem_latex(problem)}


def _answer_note(problem) -> str:
    from tutor.practice.display import answer_note

    return answer_note(problem).replace("; type help for commands", "")


STATUS_SHOWN = {"correct": ("✓ correct", "green"), "incorrect": ("✗ incorrect", "#b00"),
                "invalid": ("? could not read that", "#a60")}


def verdict_html(verdict, value_latex: str | None = None) -> str:
    """A verdict: how the answer was read (LaTeX when given, else unicode), then the judgement."""
    lines = []
    if value_latex is not None:
        lines.append("interpreted as: " + html.escape(r"\(" + value_latex + r"\)"))
    elif verdict.pretty is not None:
        lines.append(f"interpreted as: <code>{html.escape(verdict.pretty)}</code>")
    label, colour = STATUS_SHOWN.get(str(verdict.status), (str(verdict.status), "black"))
    method = f" ({html.escape(verdict.method)})" if verdict.method else ""
    message = f": {html.escape(verdict.message)}" if verdict.message and str(verdict.status) != "correct" else ""
    lines.append(f'<b style="color:{colour}">{label}</b>{method}{message}')
    lines += [f"&nbsp;&nbsp;entry {n}: {html.escape(entry.message)}"
              for n, entry in enumerate(verdict.entries or [], 1) if not entry.correct]
    return '<div class="tutor-verdict">' + "<br>".join(lines) + "</div>"


def verdict_latex(verdict, value_latex: str | None = None) -> str:
    label = STATUS_SHOWN.get(str(verdict.status), (str(verdict.status), ""))[0]
    read = value_latex if value_latex is not None else (
        r"\text{" + _text_in_math(verdict.pretty) + "}" if verdict.pretty is not None else "")
    message = f": {verdict.message}" if verdict.message and str(verdict.status) != "correct" else ""
    words = r"\quad\text{" + _text_in_math(label + message) + "}"
    return f"${read}{words}$"


def verdict_bundle(verdict, value_latex: str | None = None) -> dict:
    plain = [f"interpreted as: {verdict.pretty}"] if verdict.pretty is not None else []
    plain.append(f"{verdict.status}: {verdict.message}" if verdict.message else str(verdict.status))
    return {"text/plain": "\n".join(plain), "text/html": verdict_html(verdict, value_latex),
            "text/latex": verdict_latex(verdict, value_latex)}


def interpreted_latex(problem, answer: str) -> str:
    """The answer as tutor's parser reads it for ``problem``, as LaTeX; ParseError (or a
    TutorError for a limit) when it cannot be read."""
    from tutor.errors import CheckTimeout, ParseError
    from tutor.limits import time_limit

    try:
        with time_limit(problem.expected.options.limits.seconds):
            return math_latex(problem.expected.read_answer(answer).value)
    except CheckTimeout:
        raise ParseError("reading the answer took too long") from None


class Feedback:
    """A checked answer for a notebook: the verdict, with the answer as read typeset in LaTeX."""

    def __init__(self, problem, answer: str, verdict):
        self.problem, self.answer, self.verdict = problem, answer, verdict
        try:
            self.value_latex = interpreted_latex(problem, answer) if verdict.pretty is not None else None
        except Exception:  # the verdict already says why it could not be read
            self.value_latex = None

    @property
    def status(self) -> str:
        return str(self.verdict.status)

    def _repr_html_(self) -> str:
        return verdict_html(self.verdict, self.value_latex)

    def _repr_latex_(self) -> str:
        return verdict_latex(self.verdict, self.value_latex)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return verdict_bundle(self.verdict, self.value_latex)


class WorkedSolution:
    """A problem's worked solution for a notebook (the step engine's maths in LaTeX)."""

    def __init__(self, problem):
        from tutor.solutions import render_solution

        self.problem = problem
        self.text = render_solution(problem, "unicode")
        self.markdown = render_solution(problem, "markdown")

    def lines(self) -> list[str]:
        return [line for line in self.markdown.splitlines() if line.strip()]

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{text_with_math_html(_NUMBERED.sub('', line))}</li>" for line in self.lines())
        return f'<div class="tutor-solution"><b>Worked solution</b><ol>{items}</ol></div>'

    def _repr_latex_(self) -> str:
        return r"\begin{array}{l}" + r" \\ ".join(
            text_with_math_latex(_NUMBERED.sub("", line))[1:-1] for line in self.lines()) + r"\end{array}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.text, "text/html": self._repr_html_(), "text/latex": f"${self._repr_latex_()}$"}


_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\.\s+")
