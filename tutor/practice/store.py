"""Quiz history in an embedded SQLite database: every attempt in its own transaction.

The database needs no server and is created on first use. Its default place is the
user's data folder, as platformdirs gives it::

    $TUTOR_DB                                 if set (``--db`` overrides it)
    Linux    $XDG_DATA_HOME/tutor/progress.db, by default ~/.local/share/tutor/progress.db
    macOS    ~/Library/Application Support/tutor/progress.db
    Windows  %LOCALAPPDATA%\\tutor\\progress.db

The connection runs in autocommit mode, so each ``record`` is one INSERT that is
committed (and synced, ``synchronous=FULL``) before it returns: a quiz killed at any
moment keeps every answer it has already judged. The journal is in WAL mode, so
``tutor stats`` can read while a quiz writes.

The schema is versioned with ``PRAGMA user_version`` and upgraded in place by the
steps in ``MIGRATIONS``; a database from a newer tutor is refused, not damaged.

Three tables: ``sessions`` and ``attempts`` (every answer), and for spaced repetition
``reviews`` (one rating per problem) and ``cards`` (each exercise's FSRS card per user,
its due date in a column of its own). A review and its card are written in one
transaction. Schema 2 added the last two; the upgrade rates the problems already in
``attempts`` and replays them, so an old history keeps counting.

Only plain data (strings, numbers) goes in and out: this module knows nothing of
SymPy, exercises or the quiz loop (the upgrade to schema 2 asks tutor.practice.scheduler
for the cards of the old attempts).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

from tutor.errors import TutorError
from tutor.status import SKIPPED, Status

DB_VARIABLE = "TUTOR_DB"

VERDICTS = (*Status, SKIPPED)  # what an attempt row may hold

# MIGRATIONS[k] (a list of statements) takes a database from user_version k to k + 1
MIGRATIONS = [
    ["""
    CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        user        TEXT    NOT NULL,
        seed        INTEGER NOT NULL,
        started_at  TEXT    NOT NULL,
        ended_at    TEXT,
        settings    TEXT    NOT NULL DEFAULT ''
    )""", """
    CREATE TABLE attempts (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER REFERENCES sessions(id),
        position     INTEGER NOT NULL,       -- which problem of its session (1, 2, ...)
        user         TEXT    NOT NULL,
        exercise_id  TEXT    NOT NULL,
        topic        TEXT    NOT NULL,
        seed         INTEGER NOT NULL,       -- the variant: (exercise_id, seed) is the problem
        try_number   INTEGER NOT NULL,       -- the try this row belongs to; unreadable answers use none up
        answer       TEXT    NOT NULL,
        verdict      TEXT    NOT NULL CHECK (verdict IN ('correct', 'incorrect', 'invalid', 'skipped')),
        score        REAL    NOT NULL,
        method       TEXT,
        interpreted  TEXT,
        message      TEXT    NOT NULL DEFAULT '',
        hints_used   INTEGER NOT NULL DEFAULT 0,
        steps_shown  INTEGER NOT NULL DEFAULT 0,
        duration     REAL    NOT NULL DEFAULT 0,  -- seconds since the problem or the previous answer
        created_at   TEXT    NOT NULL             -- UTC, ISO 8601
    )""",
     "CREATE INDEX attempts_by_user ON attempts(user, id)",
     "CREATE INDEX attempts_by_session ON attempts(session_id, position)"],
    ["""
    CREATE TABLE reviews (
        id           INTEGER PRIMARY KEY,
        user         TEXT    NOT NULL,
        exercise_id  TEXT    NOT NULL,
        topic        TEXT    NOT NULL,
        session_id   INTEGER,
        position     INTEGER NOT NULL,
        rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),  -- FSRS: again, hard, good, easy
        first_try    INTEGER NOT NULL DEFAULT 0,
        reviewed_at  TEXT    NOT NULL,           -- UTC, ISO 8601
        UNIQUE (user, session_id, position)      -- one review per problem
    )""", """
    CREATE TABLE cards (
        user         TEXT    NOT NULL,
        exercise_id  TEXT    NOT NULL,
        topic        TEXT    NOT NULL,
        due          TEXT    NOT NULL,           -- UTC, ISO 8601
        card         TEXT    NOT NULL,           -- the FSRS card as JSON
        reviews      INTEGER NOT NULL DEFAULT 0,
        lapses       INTEGER NOT NULL DEFAULT 0, -- reviews rated again after the first
        PRIMARY KEY (user, exercise_id)
    )""",
     "CREATE INDEX reviews_by_user ON reviews(user, id)",
     "CREATE INDEX cards_by_due ON cards(user, due)",
     lambda db: _rate_old_attempts(db)],
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(TutorError):
    """The progress database cannot be opened, read or written."""


def default_path(environ=None) -> Path:
    """Where progress is kept when no --db is given: $TUTOR_DB, else the platform's data folder."""
    environ = os.environ if environ is None else environ
    if environ.get(DB_VARIABLE):
        return Path(environ[DB_VARIABLE]).expanduser()
    return data_folder() / "progress.db"


def data_folder() -> Path:
    """The user's data folder for tutor (platformdirs: XDG on Linux, Application Support on
    macOS, %LOCALAPPDATA% on Windows)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("tutor", appauthor=False))


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Attempt:
    """One row of the attempts table: one answer (or a skip) to one problem."""

    user: str
    exercise_id: str
    topic: str
    seed: int
    answer: str
    verdict: str
    score: float = 0.0
    method: str | None = None
    interpreted: str | None = None
    message: str = ""
    hints_used: int = 0
    steps_shown: bool = False
    duration: float = 0.0
    try_number: int = 1
    position: int = 1
    session_id: int | None = None
    created_at: str = field(default_factory=utc_now)
    id: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


_COLUMNS = [f.name for f in fields(Attempt) if f.name != "id"]


class Store:
    """The progress database. Use as a context manager, or call ``close()``."""

    def __init__(self, path, *, create: bool = True):
        self.path = Path(path) if str(path) != ":memory:" else path
        try:
            if create and isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif isinstance(self.path, Path) and not self.path.exists():
                raise StoreError(f"no progress database at {self.path}")
            self.connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA busy_timeout = 30000")
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = FULL")
            self.connection.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.Error as error:
            self._close_quietly()
            raise StoreError(f"cannot open the progress database {path}: {error}") from None
        except OSError as error:
            self._close_quietly()
            raise StoreError(f"cannot create the progress database {path}: {error.strerror or error}") from None

    # -- schema -------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        db = self.connection
        db.execute("BEGIN IMMEDIATE")  # one migrator at a time; the others wait, then see it done
        try:
            version = self.version
            if version > SCHEMA_VERSION:
                raise StoreError(f"the progress database {self.path} has schema version {version}, "
                                 f"newer than this tutor understands ({SCHEMA_VERSION}); upgrade tutor")
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    if callable(statement):
                        statement(db)
                    else:
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- writing ------------------------------------------------------------------------

    def start_session(self, user: str, seed: int, settings: str = "") -> int:
        """A new quiz session; returns its id (committed at once)."""
        return self._write("INSERT INTO sessions (user, seed, started_at, settings) VALUES (?, ?, ?, ?)",
                           (user, int(seed), utc_now(), settings))

    def end_session(self, session_id: int) -> None:
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (utc_now(), session_id))

    def record(self, attempt: Attempt) -> int:
        """Store one attempt in its own committed transaction; returns the row id."""
        if attempt.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {attempt.verdict!r}")
        values = [getattr(attempt, name) for name in _COLUMNS]
        values[_COLUMNS.index("steps_shown")] = int(bool(attempt.steps_shown))
        placeholders = ", ".join("?" for _ in _COLUMNS)
        attempt.id = self._write(f"INSERT INTO attempts ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values)
        return attempt.id

    def _write(self, sql: str, parameters) -> int:
        try:
            # autocommit: the statement is its own transaction, durable when execute returns
            return self.connection.execute(sql, parameters).lastrowid
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to the progress database {self.path}: {error}") from None

    # -- reading ------------------------------------------------------------------------

    def attempts(self, user: str | None = None, *, session_id: int | None = None,
                 exercise_id: str | None = None, position: int | None = None) -> list[Attempt]:
        """Attempts in the order they were made, optionally for one user, session, exercise or
        problem of a session (``position``)."""
        conditions, parameters = [], []
        for column, value in (("user", user), ("session_id", session_id), ("exercise_id", exercise_id),
                              ("position", position)):
            if value is not None:
                conditions.append(f"{column} = ?")
                parameters.append(value)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        try:
            rows = self.connection.execute(f"SELECT * FROM attempts{where} ORDER BY id", parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"cannot read the progress database {self.path}: {error}") from None
        return [_attempt(row) for row in rows]

    def cards(self, user: str, exercise_id: str | None = None) -> list[dict]:
        """The spaced-repetition cards of ``user`` (one exercise's, if given), as rows of plain data."""
        where, parameters = "user = ?", [user]
        if exercise_id is not None:
            where, parameters = where + " AND exercise_id = ?", parameters + [exercise_id]
        return self._read(f"SELECT * FROM cards WHERE {where} ORDER BY due, exercise_id", parameters)

    def reviews(self, user: str) -> list[dict]:
        """The ratings of ``user``'s problems, in the order they were given."""
        return self._read("SELECT * FROM reviews WHERE user = ? ORDER BY id", [user])

    def save_review(self, review: dict, card: dict) -> bool:
        """Store a problem's rating and its card's new state in one transaction; False (and
        nothing written) when that problem (user, session, position) was rated already."""
        db = self.connection
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                saved = _insert_review(db, review)
                if saved:
                    _put_card(db, card)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise StoreError(f"cannot write to the progress database {self.path}: {error}") from None
        return saved

    def _read(self, sql: str, parameters) -> list[dict]:
        try:
            return [dict(row) for row in self.connection.execute(sql, parameters).fetchall()]
        except sqlite3.Error as error:
            raise StoreError(f"cannot read the progress database {self.path}: {error}") from None

    def sessions(self, user: str | None = None) -> list[dict]:
        where, parameters = (" WHERE user = ?", [user]) if user is not None else ("", [])
        rows = self.connection.execute(f"SELECT * FROM sessions{where} ORDER BY id", parameters).fetchall()
        return [dict(row) for row in rows]

    def users(self) -> list[str]:
        return [row[0] for row in self.connection.execute("SELECT DISTINCT user FROM attempts ORDER BY user")]

    # -- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        self.connection.close()

    def _close_quietly(self) -> None:
        connection = getattr(self, "connection", None)
        if connection is not None:
            connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _attempt(row: sqlite3.Row) -> Attempt:
    data = {name: row[name] for name in _COLUMNS}
    data["steps_shown"] = bool(data["steps_shown"])
    return Attempt(**data, id=row["id"])


REVIEW_COLUMNS = ("user", "exercise_id", "topic", "session_id", "position", "rating", "first_try", "reviewed_at")
CARD_COLUMNS = ("user", "exercise_id", "topic", "due", "card", "reviews", "lapses")


def _insert_review(db, review: dict) -> bool:
    cursor = db.execute(f"INSERT OR IGNORE INTO reviews ({', '.join(REVIEW_COLUMNS)}) "
                        f"VALUES ({', '.join('?' for _ in REVIEW_COLUMNS)})",
                        [review[name] for name in REVIEW_COLUMNS])
    return cursor.rowcount == 1


def _put_card(db, card: dict) -> None:
    db.execute(f"INSERT OR REPLACE INTO cards ({', '.join(CARD_COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in CARD_COLUMNS)})", [card[name] for name in CARD_COLUMNS])


def _rate_old_attempts(db) -> None:
    """Schema 2: rate every problem already in ``attempts`` and replay the ratings into cards."""
    from tutor.practice.scheduler import replay

    rows = db.execute("SELECT * FROM attempts ORDER BY id").fetchall()
    by_user: dict = {}
    for row in rows:
        by_user.setdefault(row["user"], []).append(_attempt(row))
    for user, attempts in by_user.items():
        reviews, cards = replay(user, attempts)
        for review in reviews:
            _insert_review(db, review)
        for card in cards:
            _put_card(db, card)


def open_store(path=None, *, create: bool = True) -> Store:
    """The store at ``path`` (default: ``default_path()``)."""
    return Store(default_path() if path is None else path, create=create)
