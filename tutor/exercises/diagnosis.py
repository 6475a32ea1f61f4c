"""Generic diagnoses that fit any exercise: a sign error, a constant factor, entries in
the wrong order, a transposed matrix. Exercise files add specific ones."""

from __future__ import annotations

import sympy

from tutor.checking.numeric import FLOAT, Unsupported, compile_real, evaluate, sample_points
from tutor.exercises.problem import Diagnosis
from tutor.language.values import Matrix, Vector


def generic_diagnosis(problem, answer) -> Diagnosis | None:
    expected = problem.expected.value
    judge = problem.expected.judge

    def same(left, right) -> bool:
        return judge.entry(judge.prepare(left), right).correct

    if isinstance(expected, sympy.Expr) and isinstance(answer, sympy.Expr):
        if expected != 0 and same(-expected, answer):
            return Diagnosis("Sign error: your answer is the negative of the right one.")
        factor = _constant_ratio(answer, expected, judge.variables)
        if factor is not None and factor not in (0, 1, -1) and same(factor * expected, answer):
            return Diagnosis(f"Off by a constant factor: your answer is {factor} times the right one "
                             "(a missing or extra factor, perhaps from the chain or power rule).")
    if isinstance(expected, Vector) and isinstance(answer, Vector) and len(answer) == len(expected) > 1:
        if all(same(e, a) for e, a in zip(reversed(expected.entries), answer.entries)):
            return Diagnosis("The entries are in the wrong order: list them in the order of the variables.")
        if all(same(-e, a) for e, a in zip(expected.entries, answer.entries)):
            return Diagnosis("Sign error: every entry has the wrong sign.")
    if isinstance(expected, Matrix) and isinstance(answer, Matrix) and answer.shape == expected.shape[::-1]:
        transposed = tuple(zip(*expected.rows))
        if all(same(e, a) for row_e, row_a in zip(transposed, answer.rows) for e, a in zip(row_e, row_a)):
            return Diagnosis("Your matrix is transposed: rows and columns are swapped.")
    return None


def _constant_ratio(answer, expected, variables):
    """answer / expected when it looks like a small rational constant, else None."""
    symbols = tuple(sorted(set(variables) | answer.free_symbols | expected.free_symbols, key=str))
    try:
        f_answer = compile_real(answer, symbols, FLOAT)
        f_expected = compile_real(expected, symbols, FLOAT)
    except Unsupported:
        return None
    for point in sample_points(len(symbols))[:8] if symbols else [()]:
        a, e = evaluate(f_answer, point), evaluate(f_expected, point)
        if a is not None and e not in (None, 0.0):
            ratio = sympy.nsimplify(a / e, tolerance=1e-9, rational=True)
            return ratio if ratio.q <= 12 and abs(ratio.p) <= 100 else None
    return None
