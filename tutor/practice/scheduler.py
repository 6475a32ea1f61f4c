"""The practice scheduler: choose the next exercise from a student's history (Leitner boxes).

The scheme, per user and per exercise:

* **Boxes.** Every exercise sits in one of five boxes; one the student has never seen
  is in box 1. After each problem its exercise moves by the *first judged answer*:

  - correct, with no hint taken and the steps not shown: up one box (at most box 5);
  - correct after a hint or the steps: it stays in its box;
  - wrong (incorrect, partial credit included), or the problem skipped: back to box 1.

  An answer that cannot be read (invalid) is not a judged answer and moves nothing;
  retries after a wrong first answer still teach, but do not change the box.
* **Spacing.** Time is counted in problems shown, across sessions. An exercise in box k
  is *due* once 2^(k-1) other problems have been shown since it was last shown:
  box 1 after one other problem, box 2 after two, box 3 after four, box 4 after eight,
  box 5 after sixteen. An exercise never seen is due.
* **Choice.** Among the due exercises the weakest comes first: the lowest box, then the
  weakest topic, then the easiest (lowest difficulty), then a random tie-break drawn
  from the session's seed. To interleave topics, a topic that has just had 2 problems
  in a row goes after the due exercises of other topics (so a topic the student keeps
  failing gets about two problems in three, not all of them). A topic's strength is its first-answer accuracy over its
  last 10 problems with a Laplace prior, (correct + 1) / (problems + 2), so an untried
  topic counts 0.5 and a topic the student keeps getting wrong sinks below it. When
  nothing is due (a small pool), the exercise closest to being due is chosen, with
  the same order for ties; a pool of one exercise simply repeats it.
* **Mastery** (``tutor stats``): for a topic, the mean of (box - 1) / 4 over the
  exercises of that topic the student has practised (0 = all in box 1, 1 = all in
  box 5); an exercise in box 4 or 5 counts as mastered.

So a topic the student gets wrong keeps coming back (its exercises fall to box 1 and
its strength drops), while one answered right again and again returns only after
longer and longer gaps. Everything here is pure logic over plain records: no SQL,
no SymPy, no input or output.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from dataclasses import dataclass

from tutor.status import SKIPPED, Status

MAX_BOX = 5
MASTERED_BOX = 4
TOPIC_WINDOW = 10  # problems per topic that its strength looks at
MAX_RUN = 2        # problems in a row from one topic before other due topics go first


@dataclass(frozen=True)
class Outcome:
    """What happened to one problem shown: its exercise and its first judged result.

    ``first`` is 'correct', 'incorrect', 'skipped', or None when the student left it
    without a judged answer; ``helped`` says a hint or the steps came before it.
    """

    exercise_id: str
    topic: str
    first: str | None
    helped: bool = False


def outcomes(attempts) -> list[Outcome]:
    """Group attempt records (objects with the store's Attempt fields) into problems, in order."""
    problems: dict = {}
    for attempt in attempts:
        key = (attempt.session_id, attempt.position, attempt.exercise_id, attempt.seed)
        entry = problems.setdefault(key, {"exercise_id": attempt.exercise_id, "topic": attempt.topic,
                                          "first": None, "helped": False})
        if entry["first"] is not None or attempt.verdict == Status.INVALID:
            continue
        if attempt.verdict in (Status.CORRECT, Status.INCORRECT, SKIPPED):
            entry["first"] = attempt.verdict
            entry["helped"] = bool(attempt.hints_used) or bool(attempt.steps_shown)
    return [Outcome(**entry) for entry in problems.values()]


class Leitner:
    """Boxes, spacing and topic strength, replayed from outcomes and updated as problems end."""

    def __init__(self, history=()):
        self.clock = 0                      # problems shown so far
        self.boxes: dict[str, int] = {}
        self.last_shown: dict[str, int] = {}
        self.topic_of: dict[str, str] = {}
        self.recent: dict[str, deque] = defaultdict(lambda: deque(maxlen=TOPIC_WINDOW))
        self.last_topics: deque = deque(maxlen=MAX_RUN)
        for outcome in history:
            self.update(outcome)

    @classmethod
    def from_attempts(cls, attempts) -> "Leitner":
        return cls(outcomes(attempts))

    def update(self, outcome: Outcome) -> None:
        """One more problem shown, with its outcome."""
        self.clock += 1
        exercise = outcome.exercise_id
        self.last_shown[exercise] = self.clock
        self.topic_of[exercise] = outcome.topic
        self.last_topics.append(outcome.topic)
        box = self.box(exercise)
        if outcome.first == Status.CORRECT:
            self.boxes[exercise] = box if outcome.helped else min(box + 1, MAX_BOX)
        elif outcome.first in (Status.INCORRECT, SKIPPED):
            self.boxes[exercise] = 1
        else:
            self.boxes[exercise] = box
        if outcome.first is not None:
            self.recent[outcome.topic].append(outcome.first == Status.CORRECT)

    def box(self, exercise_id: str) -> int:
        return self.boxes.get(exercise_id, 1)

    def wait(self, exercise_id: str) -> int:
        """How many more problems must be shown before the exercise is due (0: it is due)."""
        if exercise_id not in self.last_shown:
            return 0
        shown_since = self.clock - self.last_shown[exercise_id]
        return max(0, 2 ** (self.box(exercise_id) - 1) - shown_since)

    def due(self, exercise_id: str) -> bool:
        return self.wait(exercise_id) == 0

    def strength(self, topic: str) -> float:
        results = self.recent.get(topic, ())
        return (sum(results) + 1) / (len(results) + 2)

    def order(self, candidates, rng: random.Random) -> list:
        """Candidates (objects with .id, .topic, .difficulty) from the next to choose to the last."""
        unique = sorted({c.id: c for c in candidates}.values(), key=lambda c: c.id)
        ties = {c.id: rng.random() for c in unique}
        run = self.last_topics[0] if len(self.last_topics) == MAX_RUN and len(set(self.last_topics)) == 1 else None
        return sorted(unique, key=lambda c: (self.wait(c.id), c.topic == run, self.box(c.id),
                                             self.strength(c.topic), getattr(c, "difficulty", 1), ties[c.id]))

    def choose(self, candidates, rng: random.Random):
        """The next exercise: due ones first, the weakest of them first."""
        ordered = self.order(candidates, rng)
        if not ordered:
            raise ValueError("no exercises to choose from")
        return ordered[0]

    def topics(self) -> dict[str, dict]:
        """Per topic: exercises practised, how many mastered, mastery in [0, 1], strength."""
        grouped: dict[str, list[int]] = defaultdict(list)
        for exercise, topic in self.topic_of.items():
            grouped[topic].append(self.box(exercise))
        return {topic: {"exercises": len(boxes),
                        "mastered": sum(box >= MASTERED_BOX for box in boxes),
                        "mastery": sum((box - 1) / (MAX_BOX - 1) for box in boxes) / len(boxes),
                        "strength": self.strength(topic)}
                for topic, boxes in grouped.items()}


def progress(attempts) -> dict:
    """Per-topic statistics of attempt records, for ``tutor stats``: plain data, JSON-ready."""
    attempts = list(attempts)
    leitner = Leitner.from_attempts(attempts)
    problems = outcomes(attempts)
    rows: dict[str, dict] = {}

    def row(topic):
        return rows.setdefault(topic, {"topic": topic, "problems": 0, "attempts": 0, "correct": 0,
                                       "incorrect": 0, "invalid": 0, "skipped": 0, "first_try_correct": 0,
                                       "hints": 0, "time": 0.0, "last": None})

    for attempt in attempts:
        entry = row(attempt.topic)
        entry[attempt.verdict] += 1
        entry["attempts"] += attempt.verdict in (Status.CORRECT, Status.INCORRECT)
        entry["time"] += attempt.duration or 0.0
        entry["last"] = max(entry["last"] or "", attempt.created_at)
    hints: dict = {}
    for attempt in attempts:  # hints per problem: the most any of its rows saw
        key = (attempt.session_id, attempt.position, attempt.exercise_id, attempt.seed)
        hints[key] = (attempt.topic, max(hints.get(key, ("", 0))[1], attempt.hints_used or 0))
    for topic, count in hints.values():
        row(topic)["hints"] += count
    finished: dict = defaultdict(int)  # problems with a first result (not left unanswered)
    for outcome in problems:
        entry = row(outcome.topic)
        entry["problems"] += 1
        entry["first_try_correct"] += outcome.first == Status.CORRECT
        finished[outcome.topic] += outcome.first is not None
    boxes = leitner.topics()
    for topic, entry in rows.items():
        judged = entry["correct"] + entry["incorrect"]
        entry["accuracy"] = entry["correct"] / judged if judged else None
        entry["first_try_accuracy"] = (entry["first_try_correct"] / finished[topic]) if finished[topic] else None
        entry.update({k: boxes.get(topic, {}).get(k, 0) for k in ("exercises", "mastered", "mastery")})
        entry["time"] = round(entry["time"], 3)
    ordered = [rows[t] for t in sorted(rows)]
    total = {key: sum(r[key] for r in ordered) for key in
             ("problems", "attempts", "correct", "incorrect", "invalid", "skipped", "first_try_correct",
              "hints", "exercises", "mastered")}
    judged = total["correct"] + total["incorrect"]
    total["accuracy"] = total["correct"] / judged if judged else None
    done = sum(finished.values())
    total["first_try_accuracy"] = total["first_try_correct"] / done if done else None
    total["mastery"] = (sum(r["mastery"] * r["exercises"] for r in ordered) / total["exercises"]
                        if total["exercises"] else 0)
    total["time"] = round(sum(r["time"] for r in ordered), 3)
    return {"topics": ordered, "total": total}
