"""Hostile spellings on the checker's fast path (issue 20): an exponent that is an integer
but not a literal, and answers that share a shape, get the verdicts the SymPy path gives,
never an exception."""

from __future__ import annotations

import pytest

import tutor


@pytest.mark.parametrize(("expected", "answer"), [
    ("x^3 + 2x", "x(x^--2 + 2)"),  # an integer exponent written as a double negation
    ("x^3 + 2x", "x(x^(-(-2)) + 2)"),
    ("x^3 + 2x", "x(x^+2 + 2)"),
    ("x^3 + 2x", "(x^2 + 2) x^(2-1)"),
    ("1/x^2", "x^--2 x^-4"),
    ("x^2", "x^(--2) + 1/(x - x + 1) - 1"),
])
def test_a_non_literal_integer_exponent_gets_the_sympy_paths_verdict(expected, answer, sympy_path_only):
    fast = tutor.check(expected, answer, ["x"]).to_dict()
    sympy_path_only()
    assert fast == tutor.check(expected, answer, ["x"]).to_dict()


def test_many_answers_of_one_shape_to_many_problems_keep_their_own_verdicts():
    """Verdicts are remembered per expected answer and answer shape: a shape judged right
    for one problem is judged anew for another."""
    problems = [tutor.prepare(f"{k}x + 1", ["x"]) for k in range(1, 30)]
    for k, problem in enumerate(problems, start=1):
        for spelling in ("3x + 1", "3*x + 1", "3 x+1", "3·x + 1"):
            assert problem.check(spelling).status == ("correct" if k == 3 else "incorrect")
