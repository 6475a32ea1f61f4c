"""The exercise engine: YAML specs -> seeded problems -> checked answers with diagnosis.

The names below are imported when first used, so reading the library (``tutor list``,
which needs only tutor.exercises.loader and .spec) loads no SymPy.
"""

_LAZY = {
    "DegenerateExercise": "generate", "Generator": "generate", "instantiate": "generate",
    "Diagnosis": "problem", "Problem": "problem",
    "ExerciseError": "spec", "ExerciseSpec": "spec",
}
__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"tutor.exercises.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'tutor.exercises' has no attribute {name!r}")
