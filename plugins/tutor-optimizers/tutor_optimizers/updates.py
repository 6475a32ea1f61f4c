"""Optimizer update steps on a function f: heavy-ball momentum, RMSProp and Adam.

Each function takes SymPy values, as exercise files pass them: ``f``, the
variables (a symbol, or a Vector of symbols), the start (a number, or a Vector
for a point), the optimizer's state and its hyper-parameters. A number start
gives a number, a Vector start a Vector. The state starts at zero unless given.
Conventions (those of PyTorch's SGD with momentum, RMSprop and Adam, with ε = 0):

    momentum  v ← β·v + g               x ← x − η·v
    RMSProp   s ← ρ·s + (1 − ρ)·g²      x ← x − η·g / √s
    Adam      m ← β₁·m + (1 − β₁)·g     v ← β₂·v + (1 − β₂)·g²
              m̂ = m / (1 − β₁ᵗ)         v̂ = v / (1 − β₂ᵗ)          x ← x − η·m̂ / √v̂

With ε = 0 a coordinate whose gradient and square average are both 0 does not
move (the limit of 0 / (0 + ε) as ε → 0).
"""

from __future__ import annotations

import sympy

from tutor.language import Vector
from tutor.language.values import coordinates, point_mapping

MAX_STEPS = 20


def momentum_update(f, variables, start, velocity, rate, beta, steps=1):
    """The point after ``steps`` heavy-ball momentum steps from ``start`` with velocity ``velocity``."""
    return _pack(_momentum(f, variables, start, velocity, rate, beta, steps)[0], start)


def momentum_velocity(f, variables, start, velocity, rate, beta, steps=1):
    """The velocity after ``steps`` heavy-ball momentum steps."""
    return _pack(_momentum(f, variables, start, velocity, rate, beta, steps)[1], start)


def rmsprop_update(f, variables, start, square_average, rate, rho, steps=1):
    """The point after ``steps`` RMSProp steps from ``start`` with square average ``square_average``."""
    names, point = _coordinates(variables, start)
    averages = _state(square_average, point)
    for _ in range(_count(steps)):
        gradient = _gradient(f, names, point)
        averages = [rho * s + (1 - rho) * g**2 for s, g in zip(averages, gradient)]
        point = [p - rate * _ratio(g, sympy.sqrt(s)) for p, g, s in zip(point, gradient, averages)]
    return _pack(point, start)


def adam_update(f, variables, start, rate, beta1, beta2, steps=1):
    """The point after ``steps`` Adam steps from ``start`` (moments start at 0, t counts from 1)."""
    names, point = _coordinates(variables, start)
    first, second = [sympy.Integer(0)] * len(point), [sympy.Integer(0)] * len(point)
    for t in range(1, _count(steps) + 1):
        gradient = _gradient(f, names, point)
        first = [beta1 * m + (1 - beta1) * g for m, g in zip(first, gradient)]
        second = [beta2 * v + (1 - beta2) * g**2 for v, g in zip(second, gradient)]
        corrected_first = [m / (1 - beta1**t) for m in first]
        corrected_second = [v / (1 - beta2**t) for v in second]
        point = [p - rate * _ratio(m, sympy.sqrt(v)) for p, m, v in zip(point, corrected_first, corrected_second)]
    return _pack(point, start)


def _momentum(f, variables, start, velocity, rate, beta, steps):
    names, point = _coordinates(variables, start)
    velocities = _state(velocity, point)
    for _ in range(_count(steps)):
        gradient = _gradient(f, names, point)
        velocities = [beta * v + g for v, g in zip(velocities, gradient)]
        point = [p - rate * v for p, v in zip(point, velocities)]
    return point, velocities


def _coordinates(variables, start) -> tuple[list, list]:
    names = list(coordinates(variables))
    if not all(isinstance(name, sympy.Symbol) for name in names):
        raise ValueError("the variables must be names, such as x or [x, y]")
    return names, list(point_mapping(names, start).values())


def _state(value, point) -> list:
    """An optimizer state with one entry per coordinate (a single number is used for each)."""
    entries = list(value.entries) if isinstance(value, Vector) else [value] * len(point)
    if len(entries) != len(point):
        raise ValueError(f"a state with {len(entries)} entries for a point with {len(point)} coordinates")
    return entries


def _gradient(f, names, point) -> list:
    mapping = dict(zip(names, point))
    return [sympy.diff(f, name).subs(mapping) for name in names]


def _ratio(numerator, denominator):
    if numerator == 0:
        return sympy.Integer(0)
    if denominator == 0:
        raise ValueError("division by a zero square average (ε = 0)")
    return numerator / denominator


def _count(steps) -> int:
    if not (getattr(steps, "is_Integer", False) or isinstance(steps, int)) or not 1 <= int(steps) <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS}")
    return int(steps)


def _pack(entries: list, start):
    return Vector(tuple(entries), start.bracket) if isinstance(start, Vector) else entries[0]
