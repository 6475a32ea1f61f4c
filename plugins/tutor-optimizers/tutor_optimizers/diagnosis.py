"""Diagnoses for optimizer exercises that an exercise file cannot state: a step of the
wrong sign, and RMSProp averaging g instead of g² (which may have no real square root).

They apply to exercises of the topic ``optimizers`` that define ``start`` (the
starting point), which only exercises whose answer is the point after the step do (a
velocity or a moment is not a step: "uphill" says nothing about it); the RMSProp one
also needs ``g``, ``s0``, ``rho`` and ``rate``.
"""

from __future__ import annotations

import math

from tutor.language import Vector

TOPIC = "optimizers"


def diagnose_update(problem, answer):
    """A Diagnosis for a wrong optimizer step, or None."""
    from tutor.exercises import Diagnosis

    values = problem.values
    if problem.spec.topic != TOPIC or "start" not in values:
        return None
    answer_numbers = _numbers(answer)
    start, expected = _numbers(values["start"]), _numbers(problem.expected.value)
    if answer_numbers is None or start is None or expected is None or len(start) != len(expected):
        return None
    rtol = problem.expected.options.rtol or 1e-3
    uphill = [2 * s - e for s, e in zip(start, expected)]
    if uphill != start and _close(answer_numbers, uphill, rtol):
        return Diagnosis("Sign error: your step goes uphill. The update is subtracted: "
                         "x₁ = x₀ − η·(update), not x₀ + η·(update).", 0.25)
    if "rmsprop" in problem.spec.tags and all(k in values for k in ("g", "s0", "rho", "rate")):
        candidate = _rmsprop_with_g(start, values)
        if candidate is not None and _close(answer_numbers, candidate, rtol):
            return Diagnosis("RMSProp averages the squared gradient: s₁ = ρ·s₀ + (1 − ρ)·g², "
                             "with g², not g.", 0.25)
    return None


def _rmsprop_with_g(start, values):
    gradient = _numbers(values["g"])
    averages = _numbers(values["s0"])
    rho, rate = _numbers(values["rho"]), _numbers(values["rate"])
    if None in (gradient, averages, rho, rate) or len(gradient) != len(start):
        return None
    if len(averages) == 1:
        averages = averages * len(start)
    result = []
    for x, g, s in zip(start, gradient, averages):
        wrong_average = rho[0] * s + (1 - rho[0]) * g
        if wrong_average <= 0:
            return None
        result.append(x - rate[0] * g / math.sqrt(wrong_average))
    return result


def _numbers(value):
    """The value as a list of floats (one for a number, one per entry of a vector), or None."""
    entries = value.entries if isinstance(value, Vector) else (value,)
    try:
        numbers = [complex(entry) for entry in entries]
    except (TypeError, ValueError):
        return None
    if any(abs(n.imag) > 1e-12 for n in numbers):
        return None
    return [n.real for n in numbers]


def _close(left, right, rtol) -> bool:
    return len(left) == len(right) and all(math.isclose(a, b, rel_tol=rtol, abs_tol=1e-9)
                                           for a, b in zip(left, right))
