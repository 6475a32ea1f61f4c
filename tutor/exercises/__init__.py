"""The exercise engine: YAML specs -> seeded problems -> checked answers with diagnosis."""

from tutor.exercises.problem import DegenerateExercise, Diagnosis, Problem, instantiate
from tutor.exercises.spec import ExerciseError, ExerciseSpec

__all__ = ["DegenerateExercise", "Diagnosis", "ExerciseError", "ExerciseSpec", "Problem", "instantiate"]
