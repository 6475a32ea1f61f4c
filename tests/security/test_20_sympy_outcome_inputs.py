"""Hostile answers against the fast path's knowledge of SymPy's outcome (tutor.checking.sympy_outcome):
bounded work, a verdict, never a traceback."""

from __future__ import annotations

import pytest

import tutor

PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71)


@pytest.mark.parametrize(("expected", "answer", "variables"), [
    ("1", "*".join(f"(1 + sqrt({p}))" for p in PRIMES), []),  # 2^20 roots if multiplied out
    ("1", "*".join(f"(1 + sqrt({p}))^16" for p in PRIMES[:6]), []),
    ("sqrt(2)", "sqrt(" + "9" * 40 + ")/sqrt(" + "9" * 40 + ")*sqrt(2)", []),
    ("x*e^x", "x*e^x" + "".join(f"*(x+{k})/(x+{k})" for k in range(1, 60)), ["x"]),
    ("x*e^x", "e^(e^(e^(e^(x))))*x*e^x/e^(e^(e^(e^(x))))", ["x"]),
])
def test_answers_beyond_the_grammar_get_a_verdict_in_bounded_work(expected, answer, variables):
    verdict = tutor.check(expected, answer, variables)
    assert verdict.status.value in ("correct", "incorrect", "invalid")
    assert "Traceback" not in verdict.message and "\n" not in verdict.message
