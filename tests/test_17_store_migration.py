"""A progress database written before spaced repetition (schema 1) opens in this tutor without loss.

tests/data/issue17-progress-v1.db was written by the tutor of that time (Quiz and Store as
they were, the tests' own exercises of quiz_course.py): ada's two sessions with a wrong try,
hints, the worked solution, skips and an unreadable answer, bob's one session of right
answers, and a session of ada's left after an unreadable answer.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from helpers import ROOT, invoke_tutor
from tutor.practice.ratings import AGAIN, EASY, HARD
from tutor.practice.store import SCHEMA_VERSION, open_store

FIXTURE = ROOT / "tests" / "data" / "issue17-progress-v1.db"


@pytest.fixture
def old_db(tmp_path):
    path = tmp_path / "progress.db"
    shutil.copyfile(FIXTURE, path)
    return path


def raw_rows(path, table):
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        connection.close()


def test_the_fixture_is_a_schema_1_database():
    connection = sqlite3.connect(FIXTURE)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"attempts", "sessions"}
    connection.close()


def test_opening_an_old_database_keeps_every_row_and_rates_every_old_problem(old_db):
    attempts_before, sessions_before = raw_rows(old_db, "attempts"), raw_rows(old_db, "sessions")
    assert len(attempts_before) == 17 and len(sessions_before) == 4
    with open_store(old_db) as store:
        assert store.version == SCHEMA_VERSION == 2
        assert [a.to_dict() for a in store.attempts()] == [
            dict(row, steps_shown=bool(row["steps_shown"])) for row in attempts_before]
        ada = [(r["session_id"], r["position"], r["exercise_id"], r["rating"], r["first_try"])
               for r in store.reviews("ada")]
        bob = [(r["exercise_id"], r["rating"], r["first_try"]) for r in store.reviews("bob")]
        ada_cards = {c["exercise_id"]: c for c in store.cards("ada")}
        bob_cards = {c["exercise_id"] for c in store.cards("bob")}
    assert raw_rows(old_db, "attempts") == attempts_before and raw_rows(old_db, "sessions") == sessions_before
    # session 1: wrong then right (a retry) or right after a hint: hard; session 2: skipped or right
    # after the worked solution: again; session 4 (only an unreadable answer): not rated
    assert ada == [(1, n, "qd-gradient" if n % 2 else "qd-square", HARD, 0) for n in range(1, 7)] + \
                  [(2, n, "qd-gradient" if n % 2 else "qd-square", AGAIN, 0) for n in range(1, 5)]
    assert bob == [("qd-gradient", EASY, 1), ("qd-square", EASY, 1), ("qd-cube", EASY, 1)]
    assert set(ada_cards) == {"qd-gradient", "qd-square"} and bob_cards == {"qd-gradient", "qd-square", "qd-cube"}
    assert all(card["reviews"] == 5 for card in ada_cards.values())
    last = max(row["created_at"] for row in attempts_before if row["session_id"] == 2)
    assert all(card["due"] > last for card in ada_cards.values())


def test_a_migrated_database_is_not_migrated_again_and_takes_new_reviews(old_db):
    with open_store(old_db) as store:
        reviews = len(store.reviews("ada"))
    with open_store(old_db) as store:
        assert store.version == SCHEMA_VERSION and len(store.reviews("ada")) == reviews


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(old_db, monkeypatch):
    import tutor.practice.scheduler as scheduler

    def broken(user, attempts):
        raise RuntimeError("the upgrade broke")

    monkeypatch.setattr(scheduler, "replay", broken)
    with pytest.raises(RuntimeError):
        open_store(old_db)
    connection = sqlite3.connect(old_db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    assert {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == \
        {"attempts", "sessions"}
    connection.close()


def test_stats_reads_an_old_database_with_first_tries_as_now_defined(old_db, tmp_path):
    env = {"TUTOR_DB": str(old_db), "TUTOR_CLOCK": "2030-01-01T00:00:00+00:00"}
    ada = invoke_tutor("stats", "--json", "--user", "ada", env=env)
    assert ada.returncode == 0, ada.stderr
    import json

    data = json.loads(ada.stdout)["total"]
    # the worked solution before a right answer is no first try (the old summary counted two)
    assert (data["problems"], data["first_try_correct"], data["exercises"], data["due"]) == (11, 0, 2, 2)
    text = invoke_tutor("stats", "--user", "bob", env=env)
    assert text.returncode == 0 and "3 due now" in text.stdout
    # right at once and fast (easy): FSRS's first stability, 8.3 days, is 40 % of the 21 days of mastery
    assert "████░░░░░░  40%    0/3" in text.stdout
