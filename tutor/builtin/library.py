"""Built-in plugin: the course's exercise library (the top-level exercises/ folder)."""

from importlib import resources

from tutor.hookspecs import hookimpl


@hookimpl
def exercise_dirs():
    return [resources.files("tutor_exercises")]
