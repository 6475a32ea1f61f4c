"""What a grading process keeps (issue 16, speed): the Generators of the last few exercises,
not every variant of the class, and the collector's settings only while it grades."""

from __future__ import annotations

import gc

import pytest

from tutor.grading import worker


@pytest.fixture
def graded_here():
    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry

    saved = dict(worker._STATE)
    registry = get_registry([])
    worker.init_worker(None, load_library(registry), in_pool=False, registry=registry)
    yield worker
    worker._STATE.clear()
    worker._STATE.update(saved)


def test_a_process_keeps_the_generators_of_its_last_exercises(graded_here):
    exercises = sorted(graded_here._STATE["library"])[:graded_here.GENERATORS_KEPT + 3]
    first = {exercise: graded_here.grade_one(exercise, 7, "x") for exercise in exercises}
    kept = graded_here._STATE["generators"]
    assert list(kept) == exercises[-graded_here.GENERATORS_KEPT:]
    graded_here._STATE["cache"].clear()  # the variants are made again, by new Generators
    for exercise in exercises:
        assert graded_here.grade_one(exercise, 7, "x") == first[exercise]
    assert len(kept) == graded_here.GENERATORS_KEPT and exercises[-1] in kept


def test_reusing_an_exercise_keeps_its_generator(graded_here):
    exercises = sorted(graded_here._STATE["library"])[:graded_here.GENERATORS_KEPT + 1]
    graded_here.problem_for(exercises[0], 1)
    generator = graded_here._STATE["generators"][exercises[0]]
    for exercise in exercises[1:-1]:
        graded_here.problem_for(exercise, 1)
    graded_here.problem_for(exercises[0], 2)  # used again: the most recent, not the oldest
    graded_here.problem_for(exercises[-1], 1)
    assert graded_here._STATE["generators"][exercises[0]] is generator
    assert exercises[1] not in graded_here._STATE["generators"]


def test_the_collector_is_as_it_was_after_grading_here():
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(ZeroDivisionError):
        with worker.fewer_full_collections():
            assert gc.get_threshold()[2] >= worker.FULL_COLLECTION_EVERY
            assert gc.get_freeze_count() >= frozen
            raise ZeroDivisionError  # leaving on an error restores it too
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_threads_grading_at_once_restore_the_collector_when_the_last_one_leaves():
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    first, second = worker.fewer_full_collections(), worker.fewer_full_collections()
    first.__enter__()
    second.__enter__()  # another thread starts grading while the first still grades
    first.__exit__(None, None, None)  # the first leaves: the second still grades with it set
    assert gc.get_threshold()[2] >= worker.FULL_COLLECTION_EVERY
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
