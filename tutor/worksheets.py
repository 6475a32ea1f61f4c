"""Worksheets: problems and an answer key as Markdown, LaTeX or JSON.

The answer key gives each expected answer and its worked solution at level of detail 1
(the method: tutor.solutions.KEY_DETAIL); the JSON gives each problem's solution at that
level and its whole step trees, each step with its level.

Imports nothing heavy at module level: the CLI reads WORKSHEET_FORMATS from here.
"""

from __future__ import annotations

import json

WORKSHEET_FORMATS = ("markdown", "latex", "json")


def worksheet(problems, fmt: str = "markdown", title: str = "Worksheet", answer_key: bool = True) -> str:
    """One document with every problem, then (optionally) the answer key."""
    if fmt == "json":
        return json.dumps({"title": title, "problems": [_problem_data(p, answer_key) for p in problems]},
                          ensure_ascii=False, indent=2)
    if fmt == "latex":
        return _latex(problems, title, answer_key)
    return _markdown(problems, title, answer_key)


def _markdown(problems, title, answer_key) -> str:
    key = []
    if answer_key:
        key = ["## Answer key", ""]
        for number, problem in enumerate(problems, 1):
            key.append(f"{number}. `{problem.answer_text}`  ({problem.id}, seed {problem.seed})")
            key.extend(f"   {line}" for line in _key_solution(problem, "markdown").splitlines())
        key.append("")
    return markdown_sheet(title, [(problem.spec.title, problem.prompt) for problem in problems], key)


def markdown_sheet(title: str, items, key=()) -> str:
    """A Markdown worksheet: each item an (exercise title, prompt) pair, then the answer key's lines."""
    lines = [f"# {title}", ""]
    for number, (heading, prompt) in enumerate(items, 1):
        lines += [f"## {number}. {heading}", "", prompt, ""]
    lines += key
    return "\n".join(lines)


def _key_solution(problem, style: str, text=None) -> str:
    """The problem's worked solution for the answer key: the method (level 1)."""
    from tutor.solutions import KEY_DETAIL, render_solution

    return render_solution(problem, style, KEY_DETAIL, text)


def _problem_data(problem, answer_key: bool) -> dict:
    data = problem.to_dict()
    if answer_key:
        from tutor.solutions import solution_data

        data["solution"] = _key_solution(problem, "unicode")
        data["solution_steps"] = solution_data(problem)
    return data


def _latex_text(text: str) -> str:
    """An exercise's text (from its file): specials escaped outside $...$ math, math defused inside."""
    from tutor.neutralise import latex_math, latex_text

    parts = text.split("$")
    if len(parts) % 2 == 0:  # an odd number of $: the last one is text
        parts[-2:] = [parts[-2] + "$" + parts[-1]]
    return "$".join(latex_math(part) if i % 2 else latex_text(part) for i, part in enumerate(parts))


def _latex(problems, title, answer_key) -> str:
    from tutor.exercises.templates import latex as latex_of

    items, key = [latex_item(problem) for problem in problems], []
    if answer_key:
        key = [r"\section*{Answer key}", r"\begin{enumerate}"]
        for problem in problems:
            value = problem.expected.value
            shown = _latex_text(value) if isinstance(value, str) else f"${latex_of(value)}$"
            key.append(rf"\item {shown}")
            solution = _key_solution(problem, "latex", _latex_text)
            if solution:
                key += [r"\par", solution]
        key.append(r"\end{enumerate}")
    return latex_sheet(title, items, key)


def latex_item(problem) -> str:
    """A problem as an item of a LaTeX worksheet: its exercise's title in bold, then its prompt."""
    return (rf"\item \textbf{{{_latex_text(problem.spec.title)}}}\\ "
            + _latex_text(problem.render_prompt("latex")))


def latex_sheet(title: str, items, key=()) -> str:
    """A LaTeX worksheet: the items (latex_item), then the answer key's lines."""
    from tutor.neutralise import latex_text

    lines = [r"\documentclass{article}", r"\usepackage{amsmath,amssymb}", r"\usepackage[utf8]{inputenc}",
             rf"\title{{{latex_text(title)}}}", r"\date{}", r"\begin{document}", r"\maketitle",
             r"\begin{enumerate}", *items, r"\end{enumerate}", *key, r"\end{document}"]
    return "\n".join(lines) + "\n"
