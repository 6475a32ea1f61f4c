"""How each problem of a quiz session went, and the summary printed at its end (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.practice.store import Attempt
from tutor.status import SKIPPED, Status


@dataclass
class ProblemResult:
    """How one problem went, for the summary."""

    position: int
    exercise_id: str
    topic: str
    title: str
    seed: int
    status: str = "unanswered"   # correct, incorrect, skipped or unanswered
    first: str | None = None     # the first judged result: correct, incorrect, skipped
    score: float = 0.0           # the best score of its judged answers
    tries: int = 0               # judged answers
    hints: int = 0
    steps: bool = False
    due: str = ""                # in a review: "due" (a card due) or "new" (an exercise never met)

    @property
    def recorded(self) -> bool:
        return self.first is not None or self.tries > 0

    @property
    def helped(self) -> bool:
        """A hint or the worked solution was shown (before the first answer, if that was correct:
        a correct answer ends the problem at once)."""
        return self.hints > 0 or self.steps

    def attempt(self, problem, answer: str, status: str, *, user: str, session_id: int | None, duration: float,
                created_at: str, verdict=None) -> Attempt:
        """The store's record of one answer (or skip) to this problem, taken before ``add``."""
        return Attempt(
            user=user, exercise_id=problem.spec.id, topic=problem.spec.topic, seed=self.seed, answer=answer,
            verdict=status, score=float(verdict.score) if verdict else 0.0,
            method=verdict.method if verdict else None, interpreted=verdict.interpreted if verdict else None,
            message=verdict.message if verdict else "", hints_used=self.hints, steps_shown=self.steps,
            duration=max(0.0, duration), try_number=self.tries + 1, position=self.position,
            session_id=session_id, created_at=created_at)

    def add(self, status: str, score: float = 0.0) -> None:
        """Count one more answer (correct, incorrect or invalid) or a skip."""
        if status == SKIPPED:
            self.first = self.first or SKIPPED
            if self.status != Status.CORRECT:
                self.status = SKIPPED
        elif status != Status.INVALID:  # an answer that cannot be read is no try
            self.tries += 1
            self.first = self.first or status
            self.score = max(self.score, score)
            self.status = Status.CORRECT if Status.CORRECT in (status, self.status) else status

    @property
    def first_try(self) -> bool:
        """Right at the first judged answer, before any hint, solution or retry (tutor.practice.ratings)."""
        return self.first == Status.CORRECT and not self.helped


@dataclass
class Summary:
    """The session as plain data; ``lines()`` is what the quiz prints at the end."""

    user: str
    seed: int
    session_id: int | None = None
    results: list = field(default_factory=list)
    seconds: float = 0.0
    ended_by: str = "done"       # done, quit, eof, interrupt, error, empty
    error: str | None = None

    @property
    def problems(self) -> list:
        return [r for r in self.results if r.recorded]

    def by_topic(self) -> dict:
        topics: dict = {}
        for result in self.problems:
            entry = topics.setdefault(result.topic, {"problems": 0, "first_try": 0, "correct": 0, "score": 0.0})
            entry["problems"] += 1
            entry["first_try"] += result.first_try
            entry["correct"] += result.status == Status.CORRECT
            entry["score"] += result.score
        return topics

    def to_dict(self) -> dict:
        return {"user": self.user, "seed": self.seed, "session": self.session_id, "ended_by": self.ended_by,
                "seconds": round(self.seconds, 3), "topics": self.by_topic(),
                "problems": [vars(r) for r in self.problems]}

    def lines(self) -> list[str]:
        topics = self.by_topic()
        lines = [f"Session summary: user {self.user}, seed {self.seed}, "
                 f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in {duration(self.seconds)}"]
        if not topics:
            return lines + ["No problems answered."]
        width = max(len("total"), len("topic"), *(len(t) for t in topics))
        lines.append(f"  {'topic':<{width}}  problems  first try  score")
        total = {"problems": 0, "first_try": 0, "score": 0.0}
        for topic, entry in sorted(topics.items()):
            lines.append(_row(topic, entry, width))
            for key in total:
                total[key] += entry[key]
        if len(topics) > 1:
            lines.append(_row("total", total, width))
        return lines


def _row(name: str, entry: dict, width: int) -> str:
    n = entry["problems"]
    percent = f" ({100 * entry['score'] / n:.0f}%)" if n else ""
    first = f"{entry['first_try']}/{n}"
    return f"  {name:<{width}}  {n:>8}  {first:>9}  {number(entry['score'])}/{n}{percent}"


def number(value: float) -> str:
    """A score without trailing zeros: 1, 0.5, 0.25."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def duration(seconds: float) -> str:
    """Seconds for people: 42 s, 3 min 05 s, 1 h 02 min."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
