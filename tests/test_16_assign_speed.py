"""Issue 16, speed of tutor assign on the library: what is shared between variants is worked out
once, and shared only where the result is exactly the same.

- a value's printed form (unicode, text, LaTeX) is kept per exact value: two Floats that hash
  alike but have different precisions keep their own printing;
- an exercise's variants go to one worker process when they fit one task, so that process's
  caches serve all of them (the tally plugin of test_16_assign_distribution notes which process
  computed each draw).
"""

from __future__ import annotations

import sympy

from grading_demo import write_roster
from helpers import invoke_tutor, write_plugin_course
from test_16_assign_distribution import TALLY_PLUGIN
from tutor.exercises import templates
from tutor.language import to_text, to_unicode
from tutor.language.values import Vector

x = sympy.Symbol("x")


def test_printed_forms_are_those_of_the_value_printed_afresh_in_any_order():
    low, high = sympy.Float(0.1, 15), sympy.Float(0.1, 30)  # the same binary value, two precisions
    assert hash(low) == hash(high) and sympy.latex(low) != sympy.latex(high)
    values = [low, high, 3 * x * low, 3 * x * high, x ** 2 + 1, sympy.Rational(1, 2) * x, sympy.Integer(2)]
    for order in (values, values[::-1], values + values):
        templates._PRINTED.clear()
        for value in order:
            assert templates.latex(value) == sympy.latex(value)
            assert templates.pretty(value) == to_unicode(value)
            assert templates.text(value) == to_text(value)
    assert templates.latex(Vector((low, high))) == rf"\left({sympy.latex(low)}, {sympy.latex(high)}\right)"


def test_a_printed_form_is_computed_once_per_value():
    calls = []

    def printer(value):
        calls.append(value)
        return str(value)

    templates._PRINTED.clear()
    for _ in range(3):
        assert templates.printed(printer, x ** 2 + 1) == "x**2 + 1"
        assert templates.printed(printer, sympy.Float(0.5, 20) * x) == str(sympy.Float(0.5, 20) * x)
    assert len(calls) == 2


def test_the_printed_forms_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(templates, "MAX_PRINTED", 10)
    templates._PRINTED.clear()
    for n in range(25):
        assert templates.latex(x + n) == sympy.latex(x + n)
        assert len(templates._PRINTED) <= 10


WIDE_COURSE = """
topic: tally
exercises:
  - id: tally-wide
    title: A line, 64 ways
    variables: [x]
    parameters: {a: {int: [1, 8]}, b: {int: [1, 8]}}
    define: {f: "tallied(a, b)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
"""


def test_the_draws_of_an_exercise_of_a_large_class_are_generated_in_one_worker_process(tmp_path, monkeypatch):
    """64 draws among 1,100 students: one task (tasks of 32 draws had them made by two processes)."""
    plugins = write_plugin_course(tmp_path, "wide", WIDE_COURSE, tally_ops=TALLY_PLUGIN)
    tally = tmp_path / "tally.txt"
    monkeypatch.setenv("TUTOR_TEST_TALLY", str(tally))
    roster = tmp_path / "roster.csv"
    write_roster(roster, 1100)
    result = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises", "tally-wide",
                          "--seed", "tally salt", "--out", tmp_path / "hw", "--workers", "2")
    assert result.returncode == 0, result.stderr
    lines = tally.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 64 and len({line.split(" ")[0] for line in lines}) == 1
