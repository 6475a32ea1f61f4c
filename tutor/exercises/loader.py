"""Find and read exercise files: every *.yaml / *.yml under the plugins' exercise dirs.

A file holds either one exercise mapping, a list of them, or a mapping with a
default ``topic`` and a list under ``exercises``. Files are untrusted: they are read
with tutor.safe_load (no tags, no anchors or aliases, no control characters; bounded
size, depth and numbers), and whatever is wrong with one is a one-line ExerciseError
naming the file.
"""

from __future__ import annotations

from pathlib import Path

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
    from tutor.safe_load import DocumentError, load_yaml

    source = str(path)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ExerciseError(f"file is larger than {MAX_FILE_BYTES} bytes", source)
        data = load_yaml(raw.decode("utf-8"), typed=True, printable=True)
    except DocumentError as error:
        where = f"line {error.line}: " if error.line else ""
        raise ExerciseError(f"{where}{error}", source) from None
    except UnicodeDecodeError:
        raise ExerciseError("not UTF-8 text", source) from None
    except OSError as error:
        raise ExerciseError(f"cannot read the file: {error.strerror or error}", source) from None
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
