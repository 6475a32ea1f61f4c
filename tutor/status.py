"""The verdict of one checked answer: correct, incorrect or invalid, defined once.

A ``StrEnum``: each member equals its text ("correct" == Status.CORRECT), so JSON,
CSV and the progress database hold the same strings as before.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How an answer was judged; INVALID means it could not be read (it costs no try)."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    INVALID = "invalid"


SKIPPED = "skipped"  # a practice problem given up: recorded like an answer, never a checker's verdict
