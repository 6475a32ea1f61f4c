"""Find and read exercise files: every *.yaml / *.yml under the plugins' exercise dirs.

A file holds either one exercise mapping, a list of them, or a mapping with a
default ``topic`` and a list under ``exercises``. YAML is read with safe_load
only: no tags, no objects.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tutor.exercises.spec import ExerciseError, ExerciseSpec, read_exercise

MAX_FILE_BYTES = 2_000_000


def exercise_files(location) -> list:
    """YAML files at ``location`` (a file, a directory or an importlib traversable), sorted."""
    path = Path(str(location))
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ExerciseError(f"exercise location {path} does not exist")
    return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def read_file(path: Path, known_kinds) -> list[ExerciseSpec]:
    """The exercises of one YAML file, validated."""
    source = str(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ExerciseError(f"file is larger than {MAX_FILE_BYTES} bytes", source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ExerciseError(f"not valid YAML{where}: {getattr(error, 'problem', error)}", source) from None
    except UnicodeDecodeError:
        raise ExerciseError("not UTF-8 text", source) from None
    if data is None:
        return []
    topic = None
    if isinstance(data, dict) and "exercises" in data:
        extra = set(data) - {"topic", "exercises"}
        if extra:
            raise ExerciseError(f"unknown top-level field(s) {', '.join(sorted(extra))}; known: topic, exercises",
                                source)
        topic, data = data.get("topic"), data["exercises"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ExerciseError("expected an exercise, a list of exercises, or {topic, exercises}", source)
    return [read_exercise(item, source, topic, known_kinds) for item in data]


def load_library(registry) -> dict[str, ExerciseSpec]:
    """Every exercise the registered plugins provide, by id; ids must be unique."""
    library: dict[str, ExerciseSpec] = {}
    for location in registry.exercise_dirs:
        for path in exercise_files(location):
            for spec in read_file(path, tuple(registry.kinds)):
                if spec.id in library:
                    raise ExerciseError(f"the id is also used in {library[spec.id].source}", spec.source, spec.id,
                                        "id")
                library[spec.id] = spec
    return library
