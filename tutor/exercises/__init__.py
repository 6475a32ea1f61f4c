"""The exercise engine: YAML specs -> seeded problems -> checked answers with diagnosis."""

from tutor.exercises.generate import DegenerateExercise, Generator, instantiate
from tutor.exercises.problem import Diagnosis, Problem
from tutor.exercises.spec import ExerciseError, ExerciseSpec

__all__ = ["DegenerateExercise", "Diagnosis", "ExerciseError", "ExerciseSpec", "Generator", "Problem",
           "instantiate"]
