"""The grading journal: one JSON line per finished result, appended and flushed as it finishes.

A killed run leaves the journal next to its output; the next run replays it and grades
only what is missing. A result is replayed only for the same key (student, exercise,
exercise fingerprint, seed, answer), so an edited answer or exercise is graded again.
A torn last line (a kill mid-write) is ignored. The journal is removed once the
output is written.

The journal sits next to the output, where others may write too, so it is not trusted:
a symbolic link at its place is refused (never followed), every record carries an HMAC
keyed by the grading salt (which students do not know), and a record whose HMAC or
shape is wrong is ignored (its line is listed in ``ignored``) and that item graded again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

from tutor.errors import TutorError

FORMAT = "tutor-grade-journal/2"
SYNC_EVERY = 256  # fsync after this many appends (a flush follows every append)
VERDICTS = ("correct", "incorrect", "invalid", "blank", "error")
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class JournalError(TutorError):
    """A journal that cannot be used safely (a symbolic link at its place)."""


class Journal:
    def __init__(self, path, version: str, secret: str = ""):
        self.path = Path(path)
        self.header = {"format": FORMAT, "version": version}
        self._key = hashlib.sha256(f"tutor-grade-journal:{secret}".encode("utf-8")).digest()
        self._stream = None
        self._unsynced = 0
        self._resumable = False
        self.ignored: list[int] = []  # lines of records that were damaged, forged or unsigned

    def replay(self) -> dict:
        """The results of an earlier, unfinished run: {key tuple: result dict}."""
        self._refuse_link()
        try:
            with os.fdopen(os.open(self.path, os.O_RDONLY | NOFOLLOW), "rb") as stream:
                lines = stream.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            return {}
        if not lines or _load(lines[0]) != self.header:
            return {}  # another format or version: start again
        self._resumable = True
        results = {}
        for number, line in enumerate(lines[1:], 2):
            record = _load(line)
            if record is None and number == len(lines):
                continue  # the last line, torn by a kill
            entry = self._verified(record)
            if entry is None:
                self.ignored.append(number)
            else:
                results[entry[0]] = entry[1]
        return results

    def _verified(self, record):
        """(key tuple, result) of a well-formed record with a valid HMAC, else None."""
        if not isinstance(record, dict) or set(record) != {"key", "result", "mac"}:
            return None
        key, result, mac = record["key"], record["result"], record["mac"]
        if not (isinstance(mac, str) and hmac.compare_digest(mac, self._mac(key, result))):
            return None
        if not (isinstance(key, list) and len(key) == 5 and all(isinstance(part, (str, int)) for part in key)):
            return None
        if not (isinstance(result, dict) and result.get("verdict") in VERDICTS
                and isinstance(result.get("score"), (int, float)) and 0 <= result["score"] <= 1
                and isinstance(result.get("feedback"), str)
                and all(result.get(name) is None or isinstance(result[name], str) for name in ("interpreted", "method"))
                and set(result) == {"verdict", "score", "feedback", "interpreted", "method"}):
            return None
        return tuple(key), result

    def _mac(self, key, result) -> str:
        text = json.dumps([key, result], ensure_ascii=False, sort_keys=True)
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def _refuse_link(self) -> None:
        if self.path.is_symlink():
            raise JournalError(f"{self.path} is a symbolic link: refusing to follow it (remove it and run again)")

    def open(self) -> None:
        """Start appending: after the records ``replay`` read, or to a new journal."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._refuse_link()
        try:
            if self._resumable:
                torn = _ends_torn(self.path)
                self._stream = _open(self.path, os.O_APPEND)
                if torn:  # a kill mid-write left half a line: start a fresh one
                    self._stream.write("\n")
            else:
                self._stream = _open(self.path, os.O_TRUNC)
                self._write(self.header)
        except OSError as error:
            self._refuse_link()  # planted between the check and the open
            raise JournalError(f"{self.path}: {error.strerror or error}") from None

    def append(self, key: tuple, result: dict) -> None:
        self._write(self.record(key, result))

    def record(self, key, result: dict) -> dict:
        """The journal record of a result: its key, the result and their HMAC."""
        return {"key": list(key), "result": result, "mac": self._mac(list(key), result)}

    def _write(self, record: dict) -> None:
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._stream.flush()
        self._unsynced += 1
        if self._unsynced >= SYNC_EVERY:
            os.fsync(self._stream.fileno())
            self._unsynced = 0

    def close(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _open(path: Path, mode: int):
    """The journal opened for writing, never through a symbolic link; only its owner may read it."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | NOFOLLOW | mode, 0o600), "w", encoding="utf-8")


def _ends_torn(path: Path) -> bool:
    with os.fdopen(os.open(path, os.O_RDONLY | NOFOLLOW), "rb") as stream:
        size = stream.seek(0, os.SEEK_END)
        if size == 0:
            return False
        stream.seek(size - 1)
        return stream.read(1) != b"\n"


def _load(line: str):
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError):  # a torn line, or a forged one nested too deeply
        return None


class NullJournal:
    """No journal: for grading one submission (tutor gradescope), where there is nothing to resume."""

    ignored: list = []

    def replay(self) -> dict:
        return {}

    def open(self) -> None:
        pass

    def append(self, key: tuple, result: dict) -> None:
        pass

    def close(self) -> None:
        pass
