"""Grading throughput: a generated class of >= 10,000 submissions, graded with 1 worker and
with every core, against a naive baseline (sympy parse_expr + simplify(a - b) == 0) timed
in the same run on a sample (it is slow).

    python bench/grade_bench.py [--students 2000] [--pool 50] [--sample 300] [--library-students 60]

Five exercises defined here (an expression with a diagnosis, a chain rule, a gradient, a
Hessian, eigenvalues as a set); answers cycle through right, rewritten-equivalent, wrong,
invalid and blank. Two scenarios: one variant per student (tutor assign's default), and
a shared pool of --pool variants per exercise (tutor assign --variants), where each worker
generates a variant once and reuses it for every student who has it.

Then the real library: every exercise of every family (the built-in exercises and the
first-party plugins installed), --library-students students, one variant each, answers in
the same five categories; graded the same way and compared with the same baseline.

Last, tutor assign (make_assignment, as the command runs it: every core) for
--assign-students students on a homework of one exercise from each built-in family (the
first by id), worksheets, answer templates and key written.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import random
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COURSE = """
topic: bench
exercises:
  - id: bench-partial
    title: A partial derivative
    variables: [x, y]
    parameters: {a: {int: [2, 9]}, m: {int: [2, 6]}, n: {int: [2, 6]}}
    constraints: ["m != n"]
    define: {f: "a*x^m*y^n + x*y"}
    prompt: "Find the partial derivative of {{ f }} with respect to x."
    answer: {value: "diff(f, x)"}
    diagnosis:
      - answer: "diff(f, y)"
        message: "That is the derivative with respect to y."
        credit: 0.2
  - id: bench-chain
    title: The chain rule
    variables: [x]
    parameters: {a: {int: [2, 9]}, b: {int: [1, 9]}, n: {int: [2, 5]}}
    define: {f: "(a*x^2 + b)^n * exp(b*x)"}
    prompt: "Differentiate {{ f }}."
    answer: {value: "diff(f, x)"}
  - id: bench-gradient
    title: A gradient
    variables: [x, y]
    parameters: {a: {int: [1, 9]}, b: {int: [1, 9]}}
    define: {f: "a*x^2*y + b*sin(x*y)"}
    prompt: "The gradient of {{ f }}?"
    answer: {value: "gradient(f, [x, y])"}
  - id: bench-hessian
    title: A Hessian at a point
    variables: [x, y]
    parameters: {a: {int: [1, 5]}, b: {int: [1, 5]}, c: {int: [1, 5]}}
    define: {f: "a*x^3 + b*x*y^2 + c*y^2"}
    prompt: "The Hessian of {{ f }} at (1, 2)?"
    answer: {value: "at(hessian(f, [x, y]), [x, y], [1, 2])"}
  - id: bench-eigen
    title: Eigenvalues
    parameters: {a: {int: [1, 9]}, b: {int: [-9, -1]}}
    define: {M: "[[a, 0], [0, b]]"}
    prompt: "The eigenvalues of {{ M }}?"
    answer: {value: "eigenvals(M)"}
"""
CATEGORIES = ("right", "rewritten", "wrong", "invalid", "blank")


def clear_cache() -> None:
    """Start each timed run with SymPy's cache empty (making the class fills it)."""
    from sympy.core.cache import clear_cache as clear

    clear()


def make_course(directory: Path) -> Path:
    (directory / "course.yaml").write_text(textwrap.dedent(COURSE), encoding="utf-8")
    plugins = directory / "plugins"
    plugins.mkdir()
    (plugins / "bench_course.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [Path({str(directory / 'course.yaml')!r})]\n", encoding="utf-8")
    return plugins


def answer_for(category: str, problem, rng: random.Random) -> str:
    """An answer of the category for this problem, as a student might type it."""
    import sympy

    from tutor.language import to_text
    from tutor.language.values import Matrix, SetValue, Vector

    value, text = problem.expected.value, problem.answer_text
    if category == "right":
        return text
    if category == "blank":
        return ""
    if category == "invalid":
        return rng.choice(["x +", "2x)", "foo(x)", "[1, 2", "x ** ** 2"])
    if not isinstance(value, sympy.Basic) and not isinstance(value, (Vector, Matrix, SetValue)):
        return text.upper() if category == "rewritten" else "none of these"  # a word (choice answers)
    if isinstance(value, Vector):
        entries = [to_text(e) for e in value.entries]
        if category == "rewritten":
            return "(" + ", ".join(to_text(sympy.expand(e)) for e in value.entries) + ")"
        return "[" + ", ".join([f"({entries[0]}) + 1", *entries[1:]]) + "]"
    if isinstance(value, Matrix):
        rows = [[to_text(e) for e in row] for row in value.rows]
        if category == "wrong":
            rows[0][0] = f"{rows[0][0]} + 1"
        return "[" + ",".join("[" + ",".join(row) + "]" for row in rows) + "]"
    if isinstance(value, SetValue):
        items = [to_text(i) for i in value.items]
        return "{" + ", ".join(items[::-1] if category == "rewritten" else [items[0], "100"]) + "}"
    if category == "rewritten":
        for rewrite in (sympy.expand, sympy.factor):
            candidate = to_text(rewrite(value))
            if candidate != text:
                return candidate
        return f"2*({text})/2"
    return rng.choice([f"-({text})", f"({text}) + x", f"2*({text})"])


def build_class(students: int, pool, salt: str, library, registry, path: Path):
    """Write the submissions CSV; returns ([(student, exercise, seed, answer, category)], problems)."""
    from tutor.exercises import Generator
    from tutor.grading.seeds import variant_seed

    rng, problems, rows = random.Random(7), {}, []
    exercises = sorted(library)
    generators = {exercise: Generator(library[exercise], registry) for exercise in exercises}
    for number in range(students):
        sid = f"u{number:06d}"
        for index, exercise in enumerate(exercises):
            seed = variant_seed(salt, sid, exercise, pool)
            if (exercise, seed) not in problems:
                problems[exercise, seed] = generators[exercise].problem(seed)
            category = CATEGORIES[(number + index) % len(CATEGORIES)]
            rows.append((sid, exercise, seed, answer_for(category, problems[exercise, seed], rng), category))
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student_id", "exercise", "answer"])
        writer.writerows((sid, exercise, answer) for sid, exercise, _, answer, _ in rows)
    return rows, problems


def grade_once(submissions: Path, salt: str, pool, library, plugins, workers: int, out: Path):
    """(wall seconds, CPU seconds of this process and its workers) for one full grading run
    (read, plan, check, write), no journal left behind."""
    import resource

    def cpu() -> float:
        return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

    from tutor.grading.grade import run
    from tutor.grading.plan import plan
    from tutor.grading.journal import Journal
    from tutor.grading.report import rows, write_reports
    from tutor.grading.submissions import read_submissions

    clear_cache()
    started, cpu_started = time.perf_counter(), cpu()
    found, problems = read_submissions([submissions])
    tasks, unusable = plan(found, library, salt, pool)
    journal = Journal(f"{out}.journal", "bench")
    results, _ = run(tasks, library, journal, workers=workers, plugins_dir=[str(plugins)])
    write_reports(rows(tasks, results), problems + unusable, out, out.with_suffix(".totals.csv"))
    journal.remove()
    return time.perf_counter() - started, cpu() - cpu_started


def naive(expected_text: str, answer: str, names) -> bool | None:
    """The naive checker: parse_expr with implicit multiplication, then simplify(a - b) == 0."""
    import sympy
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application, parse_expr,
                                            standard_transformations)

    transformations = standard_transformations + (implicit_multiplication_application, convert_xor)
    local = {name: sympy.Symbol(name) for name in names}
    try:
        a = parse_expr(expected_text, local_dict=local, transformations=transformations)
        b = parse_expr(answer, local_dict=local, transformations=transformations)
        return sympy.simplify(a - b) == 0
    except Exception:  # the naive way: anything unreadable is simply "invalid"
        return None


def sample_rates(rows, problems, size: int):
    """(baseline rate, tutor rate, sample size, how often they agree) on the same sample of
    expression answers, variants already made, in this process."""
    from tutor.grading.worker import judge

    expression_rows = [r for r in rows if problems[r[1], r[2]].expected.kind == "expression" and r[3].strip()]
    sample = random.Random(11).sample(expression_rows, min(size, len(expression_rows)))
    clear_cache()
    started = time.perf_counter()
    naive_verdicts = []
    for _, exercise, seed, answer, _ in sample:
        problem = problems[exercise, seed]
        naive_verdicts.append(naive(problem.answer_text, answer, problem.spec.variables))
    baseline = len(sample) / (time.perf_counter() - started)
    clear_cache()
    started = time.perf_counter()
    tutor_verdicts = [judge(problems[exercise, seed], answer)["verdict"] for _, exercise, seed, answer, _ in sample]
    rate = len(sample) / (time.perf_counter() - started)
    as_tutor = {True: "correct", False: "incorrect", None: "invalid"}
    agree = sum(as_tutor[n] == t for n, t in zip(naive_verdicts, tutor_verdicts))
    return baseline, rate, len(sample), agree


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000, help="students (x 5 exercises); default 2000")
    parser.add_argument("--pool", type=int, default=50, help="variants per exercise in the shared-pool scenario")
    parser.add_argument("--sample", type=int, default=300, help="answers checked by the naive baseline")
    parser.add_argument("--library-students", type=int, default=60,
                        help="students graded on every library exercise; default 60")
    parser.add_argument("--assign-students", type=int, default=1500,
                        help="students tutor assign hands a homework to; default 1500 (0: skip)")
    options = parser.parse_args(argv)

    from tutor.exercises.loader import load_library
    from tutor.registry import get_registry

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        plugins = make_course(directory)
        registry = get_registry([str(plugins)])
        everything = load_library(registry)
        library = {k: v for k, v in everything.items() if k.startswith("bench-")}
        print(f"{options.students * len(library)} submissions ({options.students} students x {len(library)} "
              f"exercises; {', '.join(CATEGORIES)} in equal parts); {cores} cores, load average "
              f"{os.getloadavg()[0]:.1f} (others' work makes wall-clock scaling smaller than the cores suggest)")
        print("each run: variants generated and checked, CSV read, grades and totals written")
        for label, pool in (("one variant per student", None), (f"a pool of {options.pool} variants", options.pool)):
            submissions = directory / "submissions.csv"
            rows, problems = build_class(options.students, pool, "bench-salt", library, registry, submissions)
            print(f"\n{label}: {len(problems)} distinct variants")
            if pool is None:
                baseline, tutor_rate, size, agree = sample_rates(rows, problems, options.sample)
                print(f"  the same {size} expression answers, check only (variants made), 1 process:")
                print(f"    naive parse_expr + simplify: {baseline:8.1f} submissions/s")
                print(f"    tutor Problem.check:         {tutor_rate:8.1f} submissions/s "
                      f"({tutor_rate / baseline:.1f}x the baseline)")
                print(f"    verdicts agree (correct / incorrect / unreadable) on {agree} of {size}")
            del problems  # the workers fork from this process: keep it small, as tutor grade's is
            gc.collect()
            run_scenario(rows, submissions, pool, library, plugins, cores, directory)
        real = {k: v for k, v in everything.items() if not k.startswith("bench-")}
        families = sorted({spec.topic for spec in real.values()})
        submissions = directory / "library.csv"
        rows, problems = build_class(options.library_students, None, "bench-salt", real, registry, submissions)
        print(f"\nthe library: {len(real)} exercises of {len(families)} families x {options.library_students} "
              f"students = {len(rows)} submissions, one variant each")
        baseline, tutor_rate, size, agree = sample_rates(rows, problems, options.sample)
        print(f"  the same {size} expression answers, check only (variants made), 1 process:")
        print(f"    naive parse_expr + simplify: {baseline:8.1f} submissions/s")
        print(f"    tutor Problem.check:         {tutor_rate:8.1f} submissions/s ({tutor_rate / baseline:.1f}x)")
        del problems
        gc.collect()
        worker_state_cleared()  # the class was made in this process: start grading with nothing generated
        run_scenario(rows, submissions, None, real, plugins, cores, directory, baseline)
        if options.assign_students:
            assign_scenario(options.assign_students, real, registry, plugins, cores, directory)


def assign_scenario(students: int, library: dict, registry, plugins, cores: int, directory: Path) -> None:
    """Time make_assignment for ``students`` on one exercise of each built-in family, every core."""
    import resource

    from tutor.grading.assign import make_assignment
    from tutor.grading.roster import Student

    first: dict = {}
    for exercise in sorted(library):
        if "plugins" not in str(library[exercise].source):
            first.setdefault(library[exercise].topic, exercise)
    specs = [library[exercise] for exercise in sorted(first.values())]
    roster = [Student(f"u{n:06d}", f"Student {n}", f"u{n:06d}@example.org") for n in range(students)]
    worker_state_cleared()
    clear_cache()

    def cpu() -> float:
        return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

    load = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), cpu()
    make_assignment(roster, specs, registry, "bench-salt", directory / "assignment", workers=cores,
                    plugins_dir=[str(plugins)])
    seconds, used = time.perf_counter() - started, cpu() - cpu_started
    print(f"\ntutor assign: {students} students x {len(specs)} exercises (one of each built-in family), "
          f"{cores} worker(s), load average {load:.1f}:")
    print(f"  {seconds:.1f} s wall, {used:.1f} s CPU ({used / cores:.1f} s per core; "
          f"{students * len(specs) / used:.0f} items per CPU-second)")


def worker_state_cleared() -> None:
    """Forget the variants this process generated (each run starts with nothing generated)."""
    from tutor.grading import worker

    for name in ("cache", "generators"):
        worker._STATE.get(name, {}).clear()


def run_scenario(rows, submissions, pool, library, plugins, cores, directory, baseline=None) -> None:
    """Grade the class with 1 worker and with every core; print the rates (and the ratio to ``baseline``)."""
    for workers in sorted({1, cores}):
        worker_state_cleared()
        seconds, cpu = grade_once(submissions, "bench-salt", pool, library, plugins, workers,
                                  directory / f"grades-{workers}.csv")
        ratio = f"; {len(rows) / seconds / baseline:.1f}x the naive check alone" if baseline else ""
        print(f"  tutor grade, {workers} worker(s): {len(rows) / seconds:6.0f} submissions/s "
              f"({seconds:.1f} s wall, {cpu:.1f} s CPU: {len(rows) / cpu:.0f} per CPU-second{ratio})")


if __name__ == "__main__":
    main()
