"""A value with the substitution shown: what the renderer prints as 2·(3) before it is 6."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Substituted:
    """``value`` with each variable replaced by a placeholder symbol, and what each stands for;
    the renderer prints the placeholders as the (bracketed) numbers."""

    value: object
    values: dict  # placeholder Symbol -> the number it stands for
