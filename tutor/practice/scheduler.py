"""Spaced repetition with FSRS: each exercise is a card per user, due again in real time.

The scheme, per user and per exercise:

* **Cards.** An exercise the student has met is an FSRS card (the ``fsrs`` package, the
  scheduler Anki uses; its default parameters, desired retention 0.9, no fuzzing so a
  history always gives the same dates). An exercise never met has no card: it is *new*.
* **Ratings.** When a problem ends, its attempts rate it (tutor.practice.ratings): right
  first time without help GOOD (EASY when fast), right after a hint or a retry HARD,
  wrong, skipped or right only after the worked solution AGAIN. The card is reviewed with
  that rating at that moment and gets its next due date: minutes for a card still being
  learnt, then days, weeks and months as its stability grows; AGAIN brings it back soon.
* **Choice** (``next_exercise``): first the cards that are due (the ones the student is
  most likely to have forgotten first, by FSRS retrievability), then new exercises
  (easiest first), then, when a quiz still wants problems, the cards due soonest. Within
  each group, topics are interleaved: an exercise of the topic just asked goes after the
  others' exercises; the session's seed breaks the remaining ties.
* **Mastery** (``tutor stats``): per topic, the mean over its cards of
  min(1, stability / MASTERED_DAYS), stability being the days after which recall falls to
  90 %; a card with stability of MASTERED_DAYS or more counts as mastered (Anki's
  "mature"). Retention is the share of reviews of cards already seen before that were
  recalled (rated hard, good or easy).

Time comes from a clock (a function returning an aware UTC datetime): real time by
default, fixed for tests (tutor.practice.clock). No SQL here: the store is passed in.

The public API, for any front end (the quiz, the notebook quiz, a web server)::

    next_exercise(store, user, candidates, clock) -> the exercise to ask next, or None
    record_attempt(store, attempt)                 -> one answer, committed at once
    end_problem(store, user, session_id, position, clock) -> the card after its review
"""

from __future__ import annotations

import json
import random
import zlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from tutor.practice.clock import parse_time, timestamp, utc_now
from tutor.practice.ratings import AGAIN, Outcome, outcome_of, outcomes

MASTERED_DAYS = 21.0
DESIRED_RETENTION = 0.9


@lru_cache(maxsize=1)
def fsrs_scheduler():
    """FSRS with its default parameters, without fuzzing (the same history, the same dates)."""
    from fsrs import Scheduler

    return Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=False)


@dataclass(frozen=True)
class CardState:
    """One exercise's card for one user: the FSRS card and counts of its reviews."""

    user: str
    exercise_id: str
    topic: str
    card: object          # fsrs.Card
    reviews: int = 0
    lapses: int = 0

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def stability(self) -> float:
        return self.card.stability or 0.0

    def retrievability(self, now: datetime) -> float:
        """The chance, by FSRS, that the student recalls it at ``now``."""
        return fsrs_scheduler().get_card_retrievability(self.card, now)

    def to_row(self) -> dict:
        return {"user": self.user, "exercise_id": self.exercise_id, "topic": self.topic,
                "due": timestamp(self.card.due), "card": json.dumps(self.card.to_dict(), sort_keys=True),
                "reviews": self.reviews, "lapses": self.lapses}

    @classmethod
    def from_row(cls, row: dict) -> "CardState":
        from fsrs import Card

        return cls(row["user"], row["exercise_id"], row["topic"], Card.from_dict(json.loads(row["card"])),
                   row["reviews"], row["lapses"])


def new_card(user: str, exercise_id: str, topic: str, now: datetime) -> CardState:
    from fsrs import Card

    # a card id of its own (fsrs would take the clock, and sleep a millisecond to keep ids apart)
    return CardState(user, exercise_id, topic, Card(card_id=zlib.crc32(exercise_id.encode()), due=now))


def reviewed(state: CardState, rating: int, when: datetime) -> CardState:
    """The card after a review with ``rating`` (1-4) at ``when``."""
    from fsrs import Rating

    card, _log = fsrs_scheduler().review_card(state.card, Rating(rating), when)
    lapse = rating == AGAIN and state.reviews > 0
    return replace(state, card=card, reviews=state.reviews + 1, lapses=state.lapses + lapse)


def review_row(user: str, outcome: Outcome, when: datetime) -> dict:
    return {"user": user, "exercise_id": outcome.exercise_id, "topic": outcome.topic,
            "session_id": outcome.session_id, "position": outcome.position, "rating": outcome.rating,
            "first_try": int(outcome.first_try), "reviewed_at": timestamp(when)}


class Deck:
    """A user's cards, and the order in which exercises are asked."""

    def __init__(self, cards=()):
        self.cards: dict[str, CardState] = {card.exercise_id: card for card in cards}

    @classmethod
    def load(cls, store, user: str) -> "Deck":
        return cls(CardState.from_row(row) for row in store.cards(user))

    def put(self, state: CardState | None) -> None:
        if state is not None:
            self.cards[state.exercise_id] = state

    def is_due(self, exercise_id: str, now: datetime) -> bool:
        card = self.cards.get(exercise_id)
        return card is not None and card.due <= now

    def due(self, now: datetime) -> list[CardState]:
        return sorted((c for c in self.cards.values() if c.due <= now), key=lambda c: (c.due, c.exercise_id))

    def order(self, candidates, now: datetime, rng: random.Random, recent_topics=()) -> list:
        """Candidates (objects with .id, .topic, .difficulty): due, then new, then the rest by due date."""
        unique = sorted({c.id: c for c in candidates}.values(), key=lambda c: c.id)
        ties = {c.id: rng.random() for c in unique}
        last = recent_topics[-1] if recent_topics else None

        def key(candidate):
            card = self.cards.get(candidate.id)
            if card is None:
                group, urgency = 1, 0.0
            elif card.due <= now:
                group, urgency = 0, card.retrievability(now)
            else:
                group, urgency = 2, card.due.timestamp()
            return (group, candidate.topic == last, urgency, getattr(candidate, "difficulty", 1), ties[candidate.id])

        return sorted(unique, key=key)

    def choose(self, candidates, now: datetime, rng: random.Random, recent_topics=(), *,
               new: bool = True, later: bool = True):
        """The next exercise, or None: due cards first; new ones only if ``new``, cards not yet
        due only if ``later`` (a quiz takes them; a review stops when nothing is due)."""
        for candidate in self.order(candidates, now, rng, recent_topics):
            card = self.cards.get(candidate.id)
            if card is None and not new:
                continue
            if card is not None and card.due > now and not later:
                continue
            return candidate
        return None

    def topics(self, now: datetime) -> dict[str, dict]:
        """Per topic: cards, due now, mastered, mastery in [0, 1], mean recall now."""
        grouped: dict[str, list[CardState]] = defaultdict(list)
        for card in self.cards.values():
            grouped[card.topic].append(card)
        return {topic: {"exercises": len(cards),
                        "due": sum(card.due <= now for card in cards),
                        "mastered": sum(card.stability >= MASTERED_DAYS for card in cards),
                        "mastery": sum(min(1.0, card.stability / MASTERED_DAYS) for card in cards) / len(cards),
                        "recall": sum(card.retrievability(now) for card in cards) / len(cards)}
                for topic, cards in grouped.items()}


def replay(user: str, attempts) -> tuple[list[dict], list[dict]]:
    """Rate each problem of ``user``'s attempts and review its card at the problem's time:
    (review rows, card rows), for a store that has attempts but no cards yet."""
    cards: dict[str, CardState] = {}
    reviews = []
    for outcome in outcomes(attempts):
        if outcome.rating is None:
            continue
        when = parse_time(outcome.at)
        state = cards.get(outcome.exercise_id) or new_card(user, outcome.exercise_id, outcome.topic, when)
        cards[outcome.exercise_id] = reviewed(state, outcome.rating, when)
        reviews.append(review_row(user, outcome, when))
    return reviews, [card.to_row() for card in cards.values()]


# -- the public API ---------------------------------------------------------------------------

def next_exercise(store, user: str, candidates, clock=utc_now, *, rng: random.Random | None = None,
                  recent_topics=(), new: bool = True, later: bool = True):
    """The exercise to ask ``user`` next among ``candidates`` (specs with .id, .topic, .difficulty),
    or None when none qualifies (``later=False`` and nothing due or new). One read of the store."""
    return Deck.load(store, user).choose(candidates, clock(), rng or random.Random(0), recent_topics,
                                         new=new, later=later)


def record_attempt(store, attempt) -> int:
    """Store one answer (a tutor.practice.store.Attempt), committed before this returns."""
    return store.record(attempt)


def end_problem(store, user: str, session_id: int | None, position: int, clock=utc_now) -> CardState | None:
    """Rate the problem (session, position) from its stored attempts and review its card now.

    Returns the card's new state; None when the problem has no judged answer (nothing to
    rate). Rating a problem twice changes nothing the second time (the card as it is)."""
    rows = store.attempts(user, session_id=session_id, position=position)
    if not rows:
        return None
    outcome = outcome_of(rows)
    existing = store.cards(user, outcome.exercise_id)
    state = CardState.from_row(existing[0]) if existing else None
    if outcome.rating is None:
        return state
    when = clock()
    updated = reviewed(state or new_card(user, outcome.exercise_id, outcome.topic, when), outcome.rating, when)
    if not store.save_review(review_row(user, outcome, when), updated.to_row()):
        return state
    return updated


def user_progress(store, user: str, now: datetime | None = None) -> dict:
    """``progress`` of one user from the store's rows (attempts, cards and reviews)."""
    return progress(store.attempts(user), store.cards(user), store.reviews(user), now)


def progress(attempts, cards=(), reviews=(), now: datetime | None = None) -> dict:
    """Per-topic statistics for ``tutor stats``: plain data, JSON-ready.

    ``attempts`` are the user's stored attempts, ``cards`` and ``reviews`` their rows from
    the store, ``now`` the time the due counts and recall are taken at."""
    now = now or utc_now()
    attempts = list(attempts)
    problems = outcomes(attempts)
    deck = Deck(CardState.from_row(row) for row in cards)
    rows: dict[str, dict] = {}

    def row(topic):
        return rows.setdefault(topic, {"topic": topic, "problems": 0, "attempts": 0, "correct": 0,
                                       "incorrect": 0, "invalid": 0, "skipped": 0, "first_try_correct": 0,
                                       "hints": 0, "time": 0.0, "last": None, "reviewed": 0, "recalled": 0})

    for attempt in attempts:
        entry = row(attempt.topic)
        entry[attempt.verdict] += 1
        entry["attempts"] += attempt.verdict in ("correct", "incorrect")
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
        entry["first_try_correct"] += outcome.first_try
        finished[outcome.topic] += outcome.first is not None
    seen: set = set()
    for review in reviews:  # retention: reviews of cards already seen, recalled or not
        if review["exercise_id"] in seen:
            entry = row(review["topic"])
            entry["reviewed"] += 1
            entry["recalled"] += review["rating"] > AGAIN
        seen.add(review["exercise_id"])
    decks = deck.topics(now)
    for topic, entry in rows.items():
        judged = entry["correct"] + entry["incorrect"]
        entry["accuracy"] = entry["correct"] / judged if judged else None
        entry["first_try_accuracy"] = (entry["first_try_correct"] / finished[topic]) if finished[topic] else None
        entry["retention"] = entry["recalled"] / entry["reviewed"] if entry["reviewed"] else None
        summary = decks.get(topic, {})
        entry.update({k: summary.get(k, 0) for k in ("exercises", "due", "mastered", "mastery")})
        entry["recall"] = summary.get("recall")
        entry["time"] = round(entry["time"], 3)
    ordered = [rows[t] for t in sorted(rows)]
    total = {key: sum(r[key] for r in ordered) for key in
             ("problems", "attempts", "correct", "incorrect", "invalid", "skipped", "first_try_correct",
              "hints", "exercises", "due", "mastered", "reviewed", "recalled")}
    judged = total["correct"] + total["incorrect"]
    total["accuracy"] = total["correct"] / judged if judged else None
    done = sum(finished.values())
    total["first_try_accuracy"] = total["first_try_correct"] / done if done else None
    total["retention"] = total["recalled"] / total["reviewed"] if total["reviewed"] else None
    total["mastery"] = (sum(r["mastery"] * r["exercises"] for r in ordered) / total["exercises"]
                        if total["exercises"] else 0)
    total["recall"] = (sum(r["recall"] * r["exercises"] for r in ordered if r["recall"] is not None)
                       / total["exercises"] if total["exercises"] else None)
    total["time"] = round(sum(r["time"] for r in ordered), 3)
    upcoming = sorted(card.due for card in deck.cards.values() if card.due > now)
    total["next_due"] = timestamp(upcoming[0]) if upcoming else None
    return {"topics": ordered, "total": total}
