"""The grading journal: one JSON line per finished result, appended and flushed as it finishes.

A killed run leaves the journal next to its output; the next run replays it and grades
only what is missing. A result is replayed only for the same key (student, exercise,
exercise fingerprint, seed, answer), so an edited answer or exercise is graded again.
A torn last line (a kill mid-write) is ignored. The journal is removed once the
output is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = "tutor-grade-journal/1"
SYNC_EVERY = 256  # fsync after this many appends (a flush follows every append)


class Journal:
    def __init__(self, path, version: str):
        self.path = Path(path)
        self.header = {"format": FORMAT, "version": version}
        self._stream = None
        self._unsynced = 0
        self._resumable = False

    def replay(self) -> dict:
        """The results of an earlier, unfinished run: {key tuple: result dict}."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except (OSError, UnicodeDecodeError):
            return {}
        if not lines or _load(lines[0]) != self.header:
            return {}  # another format or version: start again
        self._resumable = True
        results = {}
        for line in lines[1:]:
            record = _load(line)
            if isinstance(record, dict) and isinstance(record.get("key"), list) and isinstance(record.get("result"),
                                                                                              dict):
                results[tuple(record["key"])] = record["result"]
        return results

    def open(self) -> None:
        """Start appending: after the records ``replay`` read, or to a new journal."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._resumable:
            torn = _ends_torn(self.path)
            self._stream = open(self.path, "a", encoding="utf-8")
            if torn:  # a kill mid-write left half a line: start a fresh one
                self._stream.write("\n")
        else:
            self._stream = open(self.path, "w", encoding="utf-8")
            self._write(self.header)

    def append(self, key: tuple, result: dict) -> None:
        self._write({"key": list(key), "result": result})

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


def _ends_torn(path: Path) -> bool:
    with open(path, "rb") as stream:
        size = stream.seek(0, os.SEEK_END)
        if size == 0:
            return False
        stream.seek(size - 1)
        return stream.read(1) != b"\n"


def _load(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None
