"""How a practice problem went, from its stored attempts: the first-try rule and its FSRS rating.

A *problem* is one exercise shown once (its attempts share session, position, exercise
and seed). From its attempts, in order:

* **first try**: the first judged answer (correct, incorrect or a skip; an answer that
  cannot be read is no try) is correct, and came before any hint or worked solution.
  Every summary and statistic counts "first try" this way.
* **rating** (what the spaced-repetition scheduler learns from the problem):

  - right first time without help: GOOD, or EASY when it took at most EASY_SECONDS;
  - right after a hint or a wrong try (a retry): HARD;
  - right only after the worked solution was shown, wrong to the end, or skipped: AGAIN;
  - no judged answer at all (the student left at once, or typed only unreadable text):
    no rating, and the problem does not count as practised.

The ratings are FSRS's (fsrs.Rating: AGAIN 1, HARD 2, GOOD 3, EASY 4), as plain
numbers, so this module needs neither fsrs nor the store: it is pure logic over objects
with the store's Attempt fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.status import SKIPPED, Status

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
EASY_SECONDS = 20.0  # a right first answer at most this long after the problem was shown is easy
JUDGED = (Status.CORRECT, Status.INCORRECT, SKIPPED)


@dataclass(frozen=True)
class Outcome:
    """How one problem went: its exercise, its first judged result, and its rating."""

    exercise_id: str
    topic: str
    first: str | None          # correct, incorrect, skipped; None without a judged answer
    first_try: bool = False    # correct at the first judged answer, before any hint or solution
    rating: int | None = None  # AGAIN .. EASY; None when nothing was judged
    session_id: int | None = None
    position: int = 0
    seed: int = 0
    at: str = ""               # when the problem's last attempt was recorded (UTC, ISO 8601)


def problem_key(attempt) -> tuple:
    return (attempt.session_id, attempt.position, attempt.exercise_id, attempt.seed)


def outcomes(attempts) -> list[Outcome]:
    """Group attempt records into problems, in the order they were first shown."""
    problems: dict = {}
    for attempt in attempts:
        problems.setdefault(problem_key(attempt), []).append(attempt)
    return [outcome_of(rows) for rows in problems.values()]


def outcome_of(rows) -> Outcome:
    """The outcome of one problem from its attempts (in the order they were made)."""
    rows = list(rows)
    first_row = rows[0]
    judged = [row for row in rows if row.verdict in JUDGED]
    first = judged[0] if judged else None
    correct = next((row for row in judged if row.verdict == Status.CORRECT), None)
    first_try = (first is not None and first.verdict == Status.CORRECT and not first.hints_used
                 and not first.steps_shown)
    if first is None:
        rating = None
    elif correct is None or correct.steps_shown:
        rating = AGAIN
    elif first_try:
        rating = EASY if (correct.duration or 0.0) <= EASY_SECONDS else GOOD
    else:
        rating = HARD
    return Outcome(first_row.exercise_id, first_row.topic, first.verdict if first else None, first_try, rating,
                   first_row.session_id, first_row.position, first_row.seed, rows[-1].created_at)
