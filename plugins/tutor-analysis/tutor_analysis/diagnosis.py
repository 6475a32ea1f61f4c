"""A diagnosis an exercise file cannot state: a δ(ε) given as a fixed number. (The mix-ups
between a number, ±∞ and "does not exist" in a ``limit`` answer are tutor's own diagnoses,
tutor.builtin.limit_diagnosis, for every exercise with that kind, these included.)"""

from __future__ import annotations

from tutor_analysis.kinds import DeltaEpsilonKey


def diagnose_analysis(problem, answer, verdict):
    """A Diagnosis for a δ(ε) answer that does not depend on ε, or None."""
    if problem.expected.kind == "delta-epsilon" and isinstance(problem.expected.value, DeltaEpsilonKey):
        if hasattr(answer, "free_symbols") and not answer.free_symbols:
            from tutor.exercises import Diagnosis

            return Diagnosis("δ must be a function of ε: the smaller ε, the smaller δ has to be.", 0.0)
    return None
