"""assignment.json: what ``tutor assign`` handed out, read back by ``tutor grade --assignment``.

It holds no salt, only a fingerprint of it, so a wrong --seed at grading is caught, and the
roster's rows as they were read (every column), so the totals and LMS files keep them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

FORMAT = "tutor-assignment/1"


class ManifestError(Exception):
    """An assignment file that cannot be read."""


@dataclass(frozen=True)
class Assignment:
    title: str
    exercises: tuple  # exercise ids, in worksheet order
    students: tuple  # student ids, in roster order
    variants: int | None  # None: one variant per student
    salt_check: str
    roster: tuple = field(default=(), compare=False)  # Students, with their roster columns

    @cached_property
    def student_set(self) -> frozenset:
        return frozenset(self.students)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "title": self.title, "exercises": list(self.exercises),
                           "variants": self.variants, "salt_check": self.salt_check,
                           "students": list(self.students),
                           "roster": [{"student_id": s.student_id, "name": s.name, "email": s.email,
                                       "columns": [list(pair) for pair in s.columns]} for s in self.roster]},
                          ensure_ascii=False, indent=1) + "\n"


def read_manifest(path) -> Assignment:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{path}: cannot read the assignment file ({error})") from None
    except RecursionError:  # a file nested thousands deep: not one tutor assign wrote
        raise ManifestError(f"{path}: cannot read the assignment file (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path}: not an assignment file written by tutor assign")
    try:
        variants = data["variants"]
        if variants is not None and (not isinstance(variants, int) or variants < 1):
            raise ValueError("variants")
        return Assignment(str(data["title"]), tuple(map(str, data["exercises"])),
                          tuple(map(str, data["students"])), variants, str(data["salt_check"]),
                          tuple(_student(entry) for entry in data.get("roster") or ()))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ManifestError(f"{path}: the assignment file is damaged ({error})") from None


def _student(entry: dict):
    from tutor.grading.roster import Student

    columns = tuple((str(header), str(value)) for header, value in entry.get("columns") or ())
    return Student(str(entry["student_id"]), str(entry.get("name") or ""), str(entry.get("email") or ""), columns)
