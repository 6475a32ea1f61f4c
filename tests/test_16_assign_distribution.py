"""Issue 16, speed: tutor assign and tutor grade make each variant shared by several students
once across their worker processes (seeds are sent out grouped by their first parameter draw,
tutor.grading.draws), and assign's progress and failures stay as they were.

The course's one operation is a plugin's that notes, in a file, each time a process computes
it: one line per parameter draw generated, whichever process generated it."""

from __future__ import annotations

from collections import Counter

import pytest

from grading_demo import write_roster
from helpers import invoke_tutor, write_plugin_course
from test_16_assign_unchanged import folder_digest

TALLY_PLUGIN = '''
"""tallied(a, b) = a*x + b, noted in $TUTOR_TEST_TALLY by the process that computes it."""

import os

from tutor import hookimpl
from tutor.language import variable


def tallied(a, b):
    with open(os.environ["TUTOR_TEST_TALLY"], "a", encoding="utf-8") as stream:
        stream.write(f"{os.getpid()} {a} {b}\\n")
    return a * variable("x") + b


@hookimpl
def register_operations(register):
    register("tallied", tallied, 2, 2, "tallied(a, b): a x + b, noted")
'''

COURSE = """
topic: tally
exercises:
  - id: tally-line
    title: A line
    variables: [x]
    parameters: {a: {int: [1, 4]}, b: {int: [1, 4]}}
    define: {f: "tallied(a, b)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
  - id: tally-steep
    title: A steep line
    variables: [x]
    parameters: {a: {int: [1, 6]}, b: {int: [1, 3]}}
    define: {f: "tallied(a + 10, b)"}
    prompt: "The value at x = 1 of {{ f }}?"
    answer: {value: "at(f, [x], [1])"}
  - id: never
    title: Never possible
    parameters: {a: {int: [1, 3]}}
    constraints: ["a > 5"]
    prompt: "{{ a }}"
    answer: {value: "a"}
"""


@pytest.fixture
def course(tmp_path, monkeypatch):
    """(plugins dir, tally file): the course above and its tallying operation."""
    plugins = write_plugin_course(tmp_path, "tally", COURSE, tally_ops=TALLY_PLUGIN)
    tally = tmp_path / "tally.txt"
    monkeypatch.setenv("TUTOR_TEST_TALLY", str(tally))
    return plugins, tally


def computed(tally) -> Counter:
    """How many times each parameter draw was computed, over every process."""
    return Counter(line.split(" ", 1)[1] for line in tally.read_text(encoding="utf-8").splitlines())


def test_assign_in_two_processes_generates_each_draw_once_and_writes_what_one_process_does(tmp_path, course):
    plugins, tally = course
    roster = tmp_path / "roster.csv"
    write_roster(roster, 80)  # 80 students on 16 + 18 draws: most draws are shared by several students
    folders = {}
    for workers in ("2", "1"):
        tally.unlink(missing_ok=True)
        folders[workers] = tmp_path / f"w{workers}"
        result = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises",
                              "tally-line,tally-steep", "--seed", "tally salt", "--out", folders[workers],
                              "--workers", workers)
        assert result.returncode == 0, result.stderr
        counts = computed(tally)
        assert len(counts) == 16 + 18 and set(counts.values()) == {1}, counts
    assert folder_digest(folders["2"]) == folder_digest(folders["1"])


def test_grading_in_two_processes_generates_each_draw_once(tmp_path, course):
    plugins, tally = course
    answers = tmp_path / "answers.csv"
    answers.write_text("student_id,exercise,answer\n" + "".join(f"s{n},tally-line,{n % 5}\n" for n in range(120)),
                       encoding="utf-8")  # 120 students, 16 draws, one chunk of grading at most 15 answers
    result = invoke_tutor("--plugins-dir", plugins, "grade", answers, "--seed", "tally salt", "--out",
                          tmp_path / "grades.csv", "--workers", "2")
    assert result.returncode == 0, result.stderr
    counts = computed(tally)
    assert len(counts) == 16 and set(counts.values()) == {1}, counts


def test_seeds_are_grouped_by_the_draw_their_problem_has(tmp_path, course):
    """Without constraints, two seeds are in one group exactly when their problems have the same
    parameters, and a Generator makes one variant per group (its seeds share what is shown)."""
    from tutor.exercises import Generator
    from tutor.exercises.loader import read_file
    from tutor.grading.draws import grouped, packed
    from tutor.registry import get_registry

    plugins, _ = course
    registry = get_registry([str(plugins)])
    spec = {s.id: s for s in read_file(tmp_path / "tally.yaml", tuple(registry.kinds))}["tally-line"]
    seeds = list(range(200)) + [5, 7]  # repeated seeds count once
    groups = grouped(spec, seeds)
    assert sorted(seed for group in groups for seed in group) == list(range(200))
    generator = Generator(spec, registry)
    drawn = {seed: (generator.problem(seed).values["a"], generator.problem(seed).values["b"]) for seed in range(200)}
    assert sorted(map(sorted, groups)) == sorted(
        sorted(s for s in drawn if drawn[s] == draw) for draw in set(drawn.values()))
    assert len(groups) == 16 and len(generator.made) == 16
    for group in groups:
        assert len({id(generator.problem(seed).shown) for seed in group}) == 1
    runs = packed(groups, 30)
    assert [seed for run in runs for seed in run] == [seed for group in groups for seed in group]
    assert all(sum(len(g) for g in groups if set(g) <= set(run)) == len(run) for run in runs)  # no group split


def test_progress_adds_up_to_the_roster_in_steps_as_work_is_done(tmp_path, course):
    from tutor.exercises.loader import load_library
    from tutor.grading.assign import make_assignment
    from tutor.grading.roster import Student
    from tutor.registry import get_registry

    plugins, _ = course
    registry = get_registry([str(plugins)])
    library = load_library(registry)
    students = [Student(f"s{n}", f"Student {n}") for n in range(40)]
    for workers in (1, 2):
        told = []
        make_assignment(students, [library["tally-line"], library["tally-steep"]], registry, "salt",
                        tmp_path / f"p{workers}", progress=told.append, workers=workers,
                        plugins_dir=[str(plugins)])
        assert sum(told) == 40 and all(step > 0 for step in told) and len(told) > 2, told


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_variant_that_cannot_be_made_is_one_line_naming_it_and_no_key_is_written(tmp_path, course, workers):
    from tutor.grading.seeds import variant_seed

    plugins, _ = course
    roster = tmp_path / "roster.csv"
    ids = write_roster(roster, 6)
    out = tmp_path / "hw"
    result = invoke_tutor("--plugins-dir", plugins, "assign", "--roster", roster, "--exercises",
                          "tally-line,never", "--seed", "salt", "--out", out, "--workers", workers)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("Error: exercise 'never', seed ")
    assert int(line.split("seed ")[1].split(":")[0]) in {variant_seed("salt", i, "never") for i in ids}
    assert "no valid variant" in line
    assert not (out / "answer_key.json").exists() and not (out / "assignment.json").exists()
