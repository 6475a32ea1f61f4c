"""Diagnoses of a wrong ``limit`` answer: the mix-ups between a number, ±∞ and "does not exist"."""

from __future__ import annotations

from tutor.checking.limit_answers import DOES_NOT_EXIST, NEGATIVE_INFINITY, POSITIVE_INFINITY
from tutor.exercises.problem import Diagnosis

INFINITIES = (POSITIVE_INFINITY, NEGATIVE_INFINITY)


def limit_diagnosis(expected, answer):
    """A Diagnosis for a wrong limit answer (a key or a number read by read_limit), or None."""
    if not isinstance(answer, str):
        if expected in INFINITIES or expected == DOES_NOT_EXIST:
            return Diagnosis("Not a number: near the point the values grow without bound (or the two sides "
                             "disagree). Write oo, -oo or DNE.", 0.0)
        return None
    if answer == DOES_NOT_EXIST and expected in INFINITIES:
        return Diagnosis("The values grow without bound in one direction: write "
                         f"{'oo (∞)' if expected == POSITIVE_INFINITY else '-oo (−∞)'} rather than DNE.", 0.25)
    if answer == DOES_NOT_EXIST:
        return Diagnosis("The limit exists: a 0/0 form is indeterminate, not undefined — simplify "
                         "(factor, cancel) before you substitute.", 0.0)
    if expected == DOES_NOT_EXIST and answer in INFINITIES:
        return Diagnosis("The two one-sided limits differ, so the two-sided limit does not exist (DNE).", 0.25)
    if expected in INFINITIES and answer in INFINITIES:
        return Diagnosis("Wrong sign: check the sign of the numerator and of the denominator near the point.",
                         0.25)
    return Diagnosis("The limit is a finite number here.", 0.0)
