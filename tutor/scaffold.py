"""Scaffolding for instructors: a commented exercise skeleton and an installable plugin package.

The templates are files in tutor/scaffold_templates, rendered with Jinja using
<< name >> and <% block %> delimiters, so that the {{ ... }} of exercise prompts
passes through untouched. Names are checked before anything is written, and no
existing file is ever overwritten.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from tutor.errors import TutorError
from tutor.exercises.spec import ID_PATTERN

PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# plugin template -> path in the new package ({module}, {topic} filled in)
PLUGIN_FILES = {
    "pyproject.toml.j2": "pyproject.toml",
    "README.md.j2": "README.md",
    "__init__.py.j2": "{module}/__init__.py",
    "exercise.yaml.j2": "{module}/exercises/{topic}.yaml",
    "test_plugin.py.j2": "tests/test_{module}.py",
}


class ScaffoldError(TutorError):
    """A name that cannot be used, or a file that already exists."""


def exercise_skeleton(exercise_id: str, topic: str | None = None, file_name: str | None = None) -> str:
    """The commented YAML skeleton of one exercise (it validates as written)."""
    check_id(exercise_id, "exercise id")
    topic = topic or exercise_id
    check_id(topic, "topic")
    return _render("exercise.yaml.j2", exercise_id=exercise_id, topic=topic,
                   file_name=file_name or f"{exercise_id}.yaml")


def write_exercise(exercise_id: str, topic: str | None = None, out: Path | None = None) -> Path:
    """Write the skeleton to ``out`` (default ./ID.yaml); refuse an existing file."""
    path = Path(out) if out else Path(f"{exercise_id}.yaml")
    text = exercise_skeleton(exercise_id, topic, path.name)
    _refuse_existing([path])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def plugin_names(name: str) -> dict:
    """Every name the plugin package uses, derived from NAME (e.g. demo or tutor-demo)."""
    if not PLUGIN_NAME.match(name or ""):
        raise ScaffoldError(f"plugin name {name!r} must be lower-case words joined by - (e.g. demo, my-topic)")
    short = name[len("tutor-"):] if name.startswith("tutor-") else name
    if not short:
        raise ScaffoldError("plugin name needs a word after 'tutor-'")
    snake = short.replace("-", "_")
    return {"name": name, "short_name": snake, "distribution": f"tutor-{short}", "module": f"tutor_{snake}",
            "topic": short, "exercise_id": f"{short}-average-rate", "operation": f"{snake}_average_rate"}


def plugin_files(name: str, directory: str | None = None) -> dict[str, str]:
    """The new plugin's files: relative path -> text."""
    names = plugin_names(name)
    names["directory"] = directory or name
    return {target.format(**names): _render(f"plugin/{template}", **names)
            for template, target in PLUGIN_FILES.items()}


def write_plugin(name: str, out: Path | None = None) -> list[Path]:
    """Write the plugin package into ``out`` (default ./NAME); refuse to overwrite any file."""
    directory = Path(out) if out else Path(name)
    files = {directory / relative: text for relative, text in plugin_files(name, directory.name).items()}
    _refuse_existing(files)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    return list(files)


def check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ScaffoldError(f"{what} {value!r} must be lower-case words joined by - (e.g. power-rule)")
    return value


def _refuse_existing(paths) -> None:
    existing = [str(p) for p in paths if Path(p).exists()]
    if existing:
        raise ScaffoldError(f"refusing to overwrite {existing[0]}" +
                            (f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""))


def _render(template: str, **values) -> str:
    from jinja2 import Environment, StrictUndefined

    environment = Environment(variable_start_string="<<", variable_end_string=">>", block_start_string="<%",
                              block_end_string="%>", comment_start_string="<#", comment_end_string="#>",
                              undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    source = resources.files("tutor").joinpath("scaffold_templates", *template.split("/")).read_text("utf-8")
    return environment.from_string(source).render(**values)
