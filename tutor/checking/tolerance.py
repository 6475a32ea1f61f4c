"""The tolerance settings an exercise or a command line may give, checked without SymPy."""

from __future__ import annotations

import math

DEFAULT_RTOL = 1e-3
MAX_PLACES = 12  # decimal places beyond double precision's reach are not a tolerance


def tolerance_problem(name: str, value) -> str | None:
    """Why ``value`` is not a valid rtol, atol or places (None when it is, or is unset)."""
    if value is None:
        return None
    if name == "places":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PLACES:
            return f"places must be a whole number from 0 to {MAX_PLACES}"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return f"{name} must be a finite number of at least 0"
    if name == "rtol" and value > 1:
        return "rtol must be at most 1 (a relative tolerance of 100%)"
    return None
