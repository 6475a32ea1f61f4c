"""Issue 14, rendering: substituted templates and steps print like hand-written maths.

Every exercise of the library and the first-party plugins is rendered at many seeds, and no
prompt, hint, worked-solution line or diagnosis message may hold "− −", "+ −", "·−", a
coefficient 1 ("1·x", "1x", "e^(1t)") or a coefficient 0 ("0xy"). The tidying itself
(tutor.exercises.substituted) is pinned on the audit's examples."""

from __future__ import annotations

import re

import pytest

from tutor.exercises.substituted import mark, tidy

SEEDS = range(12)
NOT_HAND_WRITTEN = {
    "a double sign": re.compile(r"[−-]\s*[−-]\s*[\w(]|\+\s*[−-]"),
    "a negative factor after ·": re.compile(r"[·*×]\s*[−-]"),
    "a coefficient 1": re.compile(r"(?<![\w.^·*/_])[−-]?1(?:[·*](?=[a-zA-Zα-ωσ√|]|\((?![−-]?[\d(]))"
                                  r"|(?=[a-zA-Zα-ωσ]))(?!st\b|nd\b|rd\b|th\b)"),
    "a coefficient 0": re.compile(r"(?<![\w.^·*/_])0[·*]?[a-zA-Zα-ωσ]"),
}


def _library():
    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry

    registry = get_registry()
    return registry, load_library(registry)


REGISTRY, LIBRARY = _library()


def texts(problem):
    from tutor.solutions import render_solution

    yield "prompt", problem.prompt
    for hint in problem.hints:
        yield "hint", hint
    for line in render_solution(problem).splitlines():
        yield "solution", line
    for _, diagnosis in problem.diagnoses:
        yield "diagnosis", diagnosis.message
    for diagnosis in problem.choice_diagnoses.values():
        yield "diagnosis", diagnosis.message


@pytest.mark.parametrize("exercise", sorted(LIBRARY))
def test_every_text_of_every_exercise_prints_like_hand_written_maths(exercise):
    from tutor.exercises import instantiate

    found = []
    for seed in SEEDS:
        problem = instantiate(LIBRARY[exercise], seed, REGISTRY)
        for where, text in texts(problem):
            for name, pattern in NOT_HAND_WRITTEN.items():
                match = pattern.search(text)
                if match:
                    context = text[max(0, match.start() - 30):match.end() + 20]
                    found.append(f"seed {seed}, {where}, {name}: ...{context}")
    assert not found, "\n".join(found[:10])


@pytest.mark.parametrize("template, values, shown", [
    ("6(x − {{ r1 }})(x − {{ r2 }})", {"r1": -4, "r2": -3}, "6(x + 4)(x + 3)"),
    ("x³·{{ k }}·sin(3x)", {"k": -3}, "x³·(−3)·sin(3x)"),
    ("the derivative of e^({{ a }}t) is {{ a }}·e^({{ a }}t)", {"a": 1}, "the derivative of e^(t) is e^(t)"),
    ("f(x) = {{ a }}x² + {{ b }}·x + {{ c }}", {"a": -1, "b": 1, "c": -5}, "f(x) = −x² + x − 5"),
    ("L = f − λ·(x + y − {{ c }})", {"c": -5}, "L = f − λ·(x + y + 5)"),
    ("σ(z₀) = 1/(1 + e^(−{{ z }}))", {"z": "-ln(3)"}, "σ(z₀) = 1/(1 + e^(ln(3)))"),
    ("{{ a }}ʲ", {"a": -1}, "(−1)ʲ"),
    ("a − {{ u }}", {"u": "-3*x - 2"}, "a − (−3·x − 2)"),
    ("x − {{ u }}", {"u": "x + 1"}, "x − (x + 1)"),
    ("({{ a }} + {{ b }} + {{ c }})/3", {"a": -6, "b": -2, "c": -1}, "(−6 − 2 − 1)/3"),
    ("step {{ n }} of {{ m }}: the {{ n }}st, x_{{ n }}y, ({{ n }}, {{ b }})", {"n": 1, "m": 2, "b": -4},
     "step 1 of 2: the 1st, x_1y, (1, −4)"),
    ("−{{ a }}·({{ b }})", {"a": 2, "b": -3}, "−2·(−3)"),
])
def test_substituted_values_are_tidied_like_hand_written_maths(registry, template, values, shown):
    import sympy

    from tutor.exercises.templates import render
    from tutor.language import parse

    values = {name: sympy.Integer(v) if isinstance(v, int) else parse(v, variables=["x"]) for name, v in values.items()}
    assert render(registry.jinja, template, values) == shown


def test_only_values_are_tidied_never_the_templates_own_text():
    assert tidy("x − −4 and 1·x") == "x − −4 and 1·x"
    assert tidy("a " + mark("−\x02x")) == "a −x"  # marks inside a value are dropped
    assert "\x02" not in tidy(mark("1") + mark("−2"))
