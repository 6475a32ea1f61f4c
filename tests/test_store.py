"""The progress store: schema and its version, one committed transaction per attempt."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tutor.practice.store import SCHEMA_VERSION, Attempt, Store, StoreError, default_path, open_store


def attempt(**changes) -> Attempt:
    data = dict(user="ada", exercise_id="power-rule", topic="derivatives", seed=3, answer="2x",
                verdict="correct", score=1.0, method="symbolic", interpreted="2*x", message="correct",
                hints_used=1, steps_shown=False, duration=4.5, try_number=1, position=1)
    data.update(changes)
    return Attempt(**data)


def test_the_schema_is_created_on_first_use_with_its_version(tmp_path):
    path = tmp_path / "deep" / "er" / "progress.db"
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION >= 1
    assert path.exists()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"attempts", "sessions"} <= tables
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_the_data_and_does_not_migrate_again(tmp_path):
    path = tmp_path / "progress.db"
    with open_store(path) as store:
        store.record(attempt())
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert len(store.attempts("ada")) == 1


def test_every_field_of_an_attempt_round_trips(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        session = store.start_session("ada", 42, '{"count": 3}')
        written = attempt(session_id=session, steps_shown=True, hints_used=2, answer="2·x  ", score=0.25,
                          verdict="incorrect", method="numeric", message="sign error", position=2, try_number=2)
        row_id = store.record(written)
        assert written.id == row_id
        [read] = store.attempts("ada")
    assert read == written
    assert read.steps_shown is True and isinstance(read.created_at, str) and "T" in read.created_at


def test_each_attempt_is_committed_at_once(tmp_path):
    """Another connection (another process, a crash later) sees each attempt as soon as it is recorded."""
    path = tmp_path / "p.db"
    store = open_store(path)
    observer = sqlite3.connect(path)
    for number in range(1, 4):
        store.record(attempt(position=number))
        assert observer.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == number
    assert not store.connection.in_transaction
    # the writer never closes cleanly: the rows are durable anyway
    del store
    assert observer.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 3


def test_attempts_are_filtered_by_user_session_and_exercise_in_order(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        first = store.start_session("ada", 1)
        second = store.start_session("bob", 2)
        store.record(attempt(session_id=first, exercise_id="a"))
        store.record(attempt(session_id=second, user="bob", exercise_id="b"))
        store.record(attempt(session_id=first, exercise_id="b", position=2))
        assert [a.exercise_id for a in store.attempts("ada")] == ["a", "b"]
        assert [a.user for a in store.attempts(exercise_id="b")] == ["bob", "ada"]
        assert len(store.attempts(session_id=second)) == 1
        assert store.users() == ["ada", "bob"]
        assert [s["seed"] for s in store.sessions("bob")] == [2]


def test_sessions_record_start_end_and_settings(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        session = store.start_session("ada", 7, "{}")
        [row] = store.sessions("ada")
        assert row["ended_at"] is None and row["started_at"]
        store.end_session(session)
        assert store.sessions("ada")[0]["ended_at"] is not None


def test_an_unknown_verdict_is_refused(tmp_path):
    with open_store(tmp_path / "p.db") as store:
        with pytest.raises(ValueError):
            store.record(attempt(verdict="maybe"))
        assert store.attempts() == []


def test_a_database_from_a_newer_tutor_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path):
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not sqlite, just some text " * 100)
    with pytest.raises(StoreError, match="cannot open the progress database"):
        open_store(path)


def test_a_path_that_cannot_be_created_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        open_store(blocker / "sub" / "p.db")


def test_reading_without_create_does_not_make_a_database(tmp_path):
    with pytest.raises(StoreError, match="no progress database"):
        Store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_two_connections_can_write_the_same_database(tmp_path):
    path = tmp_path / "p.db"
    with open_store(path) as one, open_store(path) as two:
        one.record(attempt(user="ada"))
        two.record(attempt(user="bob"))
        one.record(attempt(user="ada", position=2))
        assert len(two.attempts()) == 3


def test_default_path_follows_tutor_db_then_the_platform_data_folder(tmp_path, monkeypatch):
    """TUTOR_DB, else platformdirs' user data folder (XDG_DATA_HOME, then ~/.local/share on Linux)."""
    import platformdirs

    assert default_path({"TUTOR_DB": str(tmp_path / "x.db"), "XDG_DATA_HOME": "/elsewhere"}) == tmp_path / "x.db"
    assert default_path({}) == Path(platformdirs.user_data_dir("tutor", appauthor=False)) / "progress.db"
    assert isinstance(default_path(), Path)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
        assert default_path({}) == tmp_path / "tutor" / "progress.db"
        monkeypatch.delenv("XDG_DATA_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert default_path({}) == tmp_path / "home" / ".local" / "share" / "tutor" / "progress.db"


@pytest.mark.parametrize("module, cls, expected", [
    ("platformdirs.macos", "MacOS", ("Library", "Application Support", "tutor")),
    ("platformdirs.windows", "Windows", ("tutor",)),
])
def test_the_data_folder_on_macos_and_windows_comes_from_platformdirs(monkeypatch, tmp_path, module, cls, expected):
    """On another platform the folder is platformdirs' for that platform (its class stands in for it here)."""
    import importlib

    import platformdirs

    dirs = getattr(importlib.import_module(module), cls)
    if cls == "Windows":  # platformdirs' own override of the folder Windows would give
        monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", "C:\\Users\\ada\\AppData\\Local")
        folder = dirs("tutor", appauthor=False).user_data_dir
        assert folder.startswith("C:\\Users\\ada\\AppData\\Local")
    else:
        monkeypatch.setenv("HOME", str(tmp_path))
        folder = dirs("tutor", appauthor=False).user_data_dir
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *args, **kwargs: dirs(*args, **kwargs).user_data_dir)
    assert default_path({}) == Path(folder) / "progress.db"
    assert Path(folder).parts[-len(expected):] == expected
