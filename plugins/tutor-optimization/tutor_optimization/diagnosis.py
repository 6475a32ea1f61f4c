"""Diagnoses an exercise file cannot state, for this plugin's exercises.

- parts answers (points with multipliers): every part right but a multiplier of the
  opposite sign is the other sign convention of the Lagrangian; a point that is right
  with wrong multipliers (or the reverse) is named as such;
- subset answers (active constraints): listing every constraint, or none.
"""

from __future__ import annotations

from tutor.errors import ParseError

PREFIX = "optimization-"
MULTIPLIERS = ("lambda", "mu", "mu_1", "mu_2", "lambda_1", "lambda_2")


def diagnose_answer(problem, answer, verdict):
    """A Diagnosis, or None."""
    from tutor.exercises import Diagnosis
    from tutor_optimization.kinds import Parts, Subset

    if not problem.spec.id.startswith(PREFIX):
        return None
    expected = problem.expected.value
    if isinstance(expected, Parts) and isinstance(answer, Parts):
        return _parts(problem, expected, answer, verdict, Diagnosis)
    if isinstance(expected, Subset) and isinstance(answer, Subset):
        choices = {c.lower() for c in problem.spec.answer.choices}
        if len(choices) > 1 and answer.members == choices and expected.members != choices:
            return Diagnosis("Not every constraint is active: a constraint is active only where it holds with "
                             "equality at the optimum (and its multiplier may be positive).", verdict.score)
    return None


def _parts(problem, expected, answer, verdict, diagnosis):
    wrong = [label for label, entry in zip(expected.labels, verdict.entries) if not entry.correct]
    if not wrong or len(verdict.entries) != len(expected.labels):
        return None
    if all(label in MULTIPLIERS for label in wrong) and "lagrange" in problem.spec.tags:
        flipped = _flipped(problem, expected, answer, wrong)
        if flipped:
            return diagnosis("The point is right; your multiplier has the opposite sign. With "
                             "L = f − λ·(g − c) (this exercise's convention), ∇f = λ·∇g at the optimum.",
                             max(verdict.score, 0.75))
        return diagnosis(f"The point is right, the multiplier is not: solve ∇f = λ·∇g for {', '.join(wrong)} "
                         "at that point.", verdict.score)
    if all(label not in MULTIPLIERS for label in wrong) and any(name in MULTIPLIERS for name in expected.labels):
        return diagnosis(f"The multiplier is right but the point is not ({', '.join(wrong)}): "
                         "check the constraint holds at your point.", verdict.score)
    return None


def _flipped(problem, expected, answer, wrong) -> bool:
    from tutor.checking import CORRECT
    from tutor.exercises.problem import ExpectedAnswer

    given = dict(answer.items) if answer.named else dict(zip(expected.labels, (t for _, t in answer.items)))
    if any(label not in given for label in wrong):
        return False
    negated = ", ".join(f"{label} = -({text})" if label in wrong else f"{label} = {text}"
                        for label, text in expected.items)
    try:
        target = ExpectedAnswer(negated, list(problem.spec.variables), "parts", problem.expected.options,
                                problem.expected.kinds)
    except (ParseError, ValueError):
        return False
    return target.check(str(answer) if answer.named else
                        ", ".join(f"{name} = {t}" for name, t in zip(expected.labels, given.values()))
                        ).status == CORRECT
