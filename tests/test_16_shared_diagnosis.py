"""The generic diagnosis's candidate mistakes are worked out once per variant: students whose
seeds drew the same parameters share them, as they share the variant."""

from __future__ import annotations

from dataclasses import replace

from tutor.builtin import generic_diagnosis
from tutor.exercises import instantiate
from tutor.exercises.loader import load_library
from tutor.registry import get_registry


def test_students_of_one_variant_share_the_candidate_mistakes(monkeypatch):
    registry = get_registry([], load=None)
    problem = instantiate(load_library(registry)["mixed-partial-derivative"], 3, registry)
    other_student = replace(problem, seed=problem.seed + 1000)  # the same draw, as Generator gives it
    calls = []
    real = generic_diagnosis._find_candidates
    monkeypatch.setattr(generic_diagnosis, "_find_candidates", lambda *a: calls.append(1) or real(*a))
    first = problem.check("x + y")
    second = other_student.check("x + y")
    assert not first.correct and first.message == second.message
    assert len(calls) == 1
