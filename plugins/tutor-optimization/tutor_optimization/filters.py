"""Jinja filters: ``{{ value | fixed(4) }}`` prints a number with 4 decimal places."""

from __future__ import annotations


def fixed(value, places=4):
    """A number (or each entry of a vector) with ``places`` decimals: 0.1235, [1.0000, -2.5000]."""
    from tutor.language import Vector

    places = max(0, min(int(places), 12))
    if isinstance(value, Vector):
        return "[" + ", ".join(fixed(entry, places) for entry in value.entries) + "]"
    number = float(value)
    text = f"{number:.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text.replace("-", "−")
