"""The adaptive scheme: FSRS cards per exercise, ratings from how a problem went, due dates in
real time (a fixed clock here), due first, then new, interleaving topics."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.practice.clock import ClockError, clock_from_env, fixed_clock, parse_time, timestamp
from tutor.practice.ratings import AGAIN, EASY, EASY_SECONDS, GOOD, HARD, outcome_of, outcomes
from tutor.practice.scheduler import (
    MASTERED_DAYS, Deck, end_problem, new_card, next_exercise, progress, record_attempt, replay, reviewed,
)
from tutor.practice.store import Attempt, open_store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Item:
    id: str
    topic: str
    difficulty: int = 1


POOL = [Item(f"{topic}-{n}", topic) for topic in ("algebra", "calculus", "gradients") for n in range(1, 4)]


def stored(exercise, verdict, position=1, session=1, topic="t", hints=0, steps=False, seed=0, duration=2.0,
           at=T0, user="ada"):
    return Attempt(user=user, exercise_id=exercise, topic=topic, seed=seed, answer="x", verdict=verdict,
                   score=1.0 if verdict == "correct" else 0.0, hints_used=hints, steps_shown=steps,
                   position=position, session_id=session, duration=duration, created_at=timestamp(at))


# -- ratings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rows, rating, first_try", [
    ([("correct", 0, False, 5.0)], EASY, True),                                   # right at once, fast
    ([("correct", 0, False, EASY_SECONDS + 1)], GOOD, True),                      # right at once, slower
    ([("invalid", 0, False, 1.0), ("correct", 0, False, 40.0)], GOOD, True),      # unreadable text is no try
    ([("correct", 1, False, 5.0)], HARD, False),                                  # right after a hint
    ([("incorrect", 0, False, 5.0), ("correct", 0, False, 5.0)], HARD, False),    # right at the retry
    ([("incorrect", 0, False, 5.0), ("correct", 1, False, 5.0)], HARD, False),    # retry and hint
    ([("correct", 0, True, 5.0)], AGAIN, False),                                  # right after the solution
    ([("incorrect", 1, False, 5.0), ("correct", 2, True, 5.0)], AGAIN, False),
    ([("incorrect", 0, False, 5.0)] * 3, AGAIN, False),                           # wrong to the end
    ([("skipped", 0, False, 5.0)], AGAIN, False),                                 # skipped
    ([("incorrect", 0, False, 5.0), ("skipped", 0, False, 5.0)], AGAIN, False),
    ([("invalid", 0, False, 5.0)], None, False),                                  # nothing judged: no rating
])
def test_an_outcome_becomes_a_rating_and_first_try_means_before_any_help(rows, rating, first_try):
    attempts = [stored("a", verdict, hints=hints, steps=steps, duration=duration)
                for verdict, hints, steps, duration in rows]
    outcome = outcome_of(attempts)
    assert (outcome.rating, outcome.first_try) == (rating, first_try)


def test_attempts_group_into_problems_in_order():
    rows = [stored("a", "invalid", 1), stored("a", "incorrect", 1), stored("a", "correct", 1),
            stored("b", "correct", 2, hints=1), stored("a", "skipped", 3), stored("c", "invalid", 4),
            stored("a", "correct", 1, session=2)]
    assert [(o.exercise_id, o.first, o.rating) for o in outcomes(rows)] == [
        ("a", "incorrect", HARD), ("b", "correct", HARD), ("a", "skipped", AGAIN), ("c", None, None),
        ("a", "correct", EASY)]


# -- due dates with a fixed clock -------------------------------------------------------------

def test_due_dates_follow_the_rating_in_real_time():
    card = new_card("ada", "a", "t", T0)
    assert card.due == T0
    again, hard, good, easy = (reviewed(card, rating, T0) for rating in (AGAIN, HARD, GOOD, EASY))
    assert again.due == T0 + timedelta(minutes=1)      # the first learning step
    assert good.due == T0 + timedelta(minutes=10)      # the second learning step
    assert T0 + timedelta(minutes=1) < hard.due < good.due
    assert easy.due >= T0 + timedelta(days=1)          # learnt at once: days, not minutes
    assert again.due < hard.due < good.due < easy.due


def test_right_answers_on_the_due_date_space_the_reviews_out():
    card, when, gaps = new_card("ada", "a", "t", T0), T0, []
    for _ in range(6):
        card = reviewed(card, GOOD, when)
        gaps.append(card.due - when)
        when = card.due
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=30)
    assert card.stability > MASTERED_DAYS and card.reviews == 6 and card.lapses == 0
    forgotten = reviewed(card, AGAIN, when)
    assert forgotten.due - when < timedelta(days=1) and forgotten.lapses == 1
    assert forgotten.stability < card.stability


def test_the_same_history_gives_the_same_dates():
    rows = [stored("a", "correct", 1, at=T0), stored("a", "incorrect", 2, at=T0 + timedelta(days=1)),
            stored("a", "correct", 2, at=T0 + timedelta(days=1)), stored("b", "skipped", 3, at=T0)]
    assert replay("ada", rows) == replay("ada", rows)
    reviews, cards = replay("ada", rows)
    assert [r["rating"] for r in reviews] == [EASY, HARD, AGAIN]
    assert {c["exercise_id"] for c in cards} == {"a", "b"}


def test_the_clock_is_fixed_by_tutor_clock_for_tests():
    assert clock_from_env({"TUTOR_CLOCK": "2026-03-02T09:00:00+00:00"})() == T0
    assert clock_from_env({"TUTOR_CLOCK": "2026-03-02T10:00:00+01:00"})() == T0
    assert clock_from_env({"TUTOR_CLOCK": "2026-03-02 09:00"})() == T0        # no zone: UTC
    real = clock_from_env({})()
    assert real.tzinfo is not None and abs(real - datetime.now(timezone.utc)) < timedelta(hours=1)
    with pytest.raises(ClockError, match="TUTOR_CLOCK"):
        clock_from_env({"TUTOR_CLOCK": "tomorrow"})
    assert parse_time(timestamp(T0)) == T0


# -- choosing -----------------------------------------------------------------------------------

def deck_after(history, when=T0):
    """A deck in which each (item, rating) was reviewed at ``when``."""
    deck = Deck()
    for item, rating in history:
        deck.put(reviewed(deck.cards.get(item.id) or new_card("ada", item.id, item.topic, when), rating, when))
    return deck


def test_due_cards_come_first_then_new_ones_then_the_rest_by_due_date():
    a1, a2, b1, b2 = Item("a1", "a"), Item("a2", "a"), Item("b1", "b"), Item("b2", "b")
    deck = deck_after([(a1, GOOD), (b1, AGAIN)])
    rng = random.Random(0)
    # at once: nothing due; the new ones first, then b1 (due in a minute) before a1 (ten minutes)
    assert [i.id for i in deck.order([a1, a2, b1, b2], T0, rng)][2:] == ["b1", "a1"]
    assert {i.id for i in deck.order([a1, a2, b1, b2], T0, rng)[:2]} == {"a2", "b2"}
    # a day later both are due, and come before every new exercise
    later = T0 + timedelta(days=1)
    assert {i.id for i in deck.order([a1, a2, b1, b2], later, rng)[:2]} == {"a1", "b1"}
    assert deck.choose([a2, b2, a1], later, rng) == a1


def test_among_due_cards_the_one_most_likely_forgotten_comes_first():
    strong, weak = Item("strong", "t"), Item("weak", "t")
    deck = deck_after([(strong, EASY), (weak, AGAIN)])
    later = T0 + timedelta(days=30)
    assert deck.is_due("strong", later) and deck.is_due("weak", later)
    assert deck.cards["weak"].retrievability(later) < deck.cards["strong"].retrievability(later)
    assert deck.choose([strong, weak], later, random.Random(3)) == weak


def test_a_review_asks_only_what_is_due_and_new_and_may_leave_out_new():
    seen, fresh = Item("seen", "t"), Item("fresh", "u")
    deck = deck_after([(seen, GOOD)])
    assert deck.choose([seen], T0, random.Random(0), later=False) is None
    assert deck.choose([seen, fresh], T0, random.Random(0), later=False) == fresh
    assert deck.choose([seen, fresh], T0, random.Random(0), new=False, later=False) is None
    assert deck.choose([seen, fresh], T0 + timedelta(hours=1), random.Random(0), new=False, later=False) == seen
    assert deck.choose([seen], T0, random.Random(0)) == seen   # a quiz still asks something


def test_topics_are_interleaved_within_each_group():
    deck = Deck()
    rng = random.Random(1)
    topics = []
    pool = list(POOL)
    for _ in range(len(POOL)):
        item = deck.choose(pool, T0, rng, topics)
        topics.append(item.topic)
        pool.remove(item)
    assert all(a != b for a, b in zip(topics, topics[1:-2]))   # no topic twice in a row while others remain
    only = [Item("c1", "calculus"), Item("c2", "calculus")]
    assert deck.choose(only, T0, rng, ["calculus"]) in only   # one topic alone: no one to interleave with


def test_easier_new_exercises_first_then_the_seed_breaks_ties():
    hard, easy = Item("hard", "t", 3), Item("easy", "t", 1)
    assert Deck().choose([hard, easy], T0, random.Random(5)) == easy
    ties = [Item(f"e{n}", "t") for n in range(8)]
    assert len({Deck().choose(ties, T0, random.Random(seed)).id for seed in range(30)}) > 1
    for seed in range(5):  # the same seed always the same choice, whatever the order given
        assert Deck().choose(ties, T0, random.Random(seed)) == Deck().choose(ties[::-1], T0, random.Random(seed))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(POOL) - 1), st.sampled_from([AGAIN, HARD, GOOD, EASY]),
                          st.integers(0, 60 * 24 * 40)), max_size=30), st.integers(0, 10 ** 6),
       st.integers(0, 60 * 24 * 60))
def test_a_choice_is_always_a_candidate_and_due_ones_come_first(history, seed, minutes):
    deck, when = Deck(), T0
    for index, rating, gap in history:
        when += timedelta(minutes=gap)
        item = POOL[index]
        deck.put(reviewed(deck.cards.get(item.id) or new_card("ada", item.id, item.topic, when), rating, when))
    now = when + timedelta(minutes=minutes)
    ordered = deck.order(POOL, now, random.Random(seed))
    assert sorted(i.id for i in ordered) == sorted(i.id for i in POOL)
    groups = [0 if deck.is_due(i.id, now) else 1 if i.id not in deck.cards else 2 for i in ordered]
    assert groups == sorted(groups)
    assert deck.choose(POOL, now, random.Random(seed)) == ordered[0]


# -- the public API over a store --------------------------------------------------------------

def test_end_problem_rates_the_stored_attempts_once_and_next_exercise_follows(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        session = store.start_session("ada", 1)
        for row in (stored("a", "incorrect", 1, session, hints=0), stored("a", "correct", 1, session, hints=1)):
            record_attempt(store, row)
        clock = fixed_clock(T0)
        card = end_problem(store, "ada", session, 1, clock)
        assert card.exercise_id == "a" and card.reviews == 1
        assert [(r["rating"], r["first_try"]) for r in store.reviews("ada")] == [(HARD, 0)]
        assert end_problem(store, "ada", session, 1, clock) == card   # the same problem again: no second review
        assert len(store.reviews("ada")) == 1 and store.cards("ada")[0]["reviews"] == 1
        record_attempt(store, stored("b", "invalid", 2, session))
        assert end_problem(store, "ada", session, 2, clock) is None   # nothing judged, nothing rated
        assert end_problem(store, "ada", session, 9, clock) is None   # no such problem
        a, b = Item("a", "t"), Item("b", "t")
        assert next_exercise(store, "ada", [a, b], clock) == b                      # new before not yet due
        assert next_exercise(store, "ada", [a], clock, later=False) is None
        assert next_exercise(store, "ada", [a, b], fixed_clock(T0 + timedelta(days=1))) == a  # due first


# -- statistics --------------------------------------------------------------------------------

def test_progress_counts_first_tries_retention_due_and_mastery(tmp_path):
    day = timedelta(days=1)
    rows = [stored("a", "correct", 1, topic="t1", at=T0),                     # first try, easy
            stored("b", "correct", 2, topic="t1", steps=True, at=T0),         # after the solution: no
            stored("a", "incorrect", 3, topic="t1", at=T0 + 5 * day),         # a forgotten
            stored("a", "correct", 3, topic="t1", at=T0 + 5 * day),
            stored("c", "invalid", 4, topic="t2", hints=2, at=T0),
            stored("c", "skipped", 4, topic="t2", hints=2, at=T0)]
    reviews, cards = replay("ada", rows)
    report = progress(rows, cards, [dict(r, id=n) for n, r in enumerate(reviews)], T0 + 30 * day)
    t1, t2 = report["topics"]
    assert (t1["problems"], t1["first_try_correct"], t1["first_try_accuracy"]) == (3, 1, 1 / 3)
    assert (t1["reviewed"], t1["recalled"], t1["retention"]) == (1, 1, 1.0)  # a's second review: hard, recalled
    assert (t1["exercises"], t1["due"], t2["due"]) == (2, 2, 1)
    assert t1["mastered"] == 1 and t1["mastery"] == (1 + 0.212 / MASTERED_DAYS) / 2   # a: 21 days stable; b: new
    assert 0 < t1["recall"] < 1
    assert (t2["skipped"], t2["invalid"], t2["hints"], t2["attempts"], t2["accuracy"], t2["retention"]) == \
        (1, 1, 2, 0, None, None)
    assert report["total"]["due"] == 3 and report["total"]["first_try_correct"] == 1
    assert report["total"]["next_due"] is None
    assert progress([])["topics"] == [] and progress([])["total"]["mastery"] == 0
