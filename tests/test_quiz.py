"""The quiz loop with scripted input and output, and ``tutor quiz`` / ``tutor stats`` with piped input.

The exercises are the tests' own (quiz_course.py), so the tests do not depend on the
built-in library. The command runs in process; its --help must not import SymPy, which
only a fresh interpreter shows.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from helpers import invoke_tutor, run_tutor
from quiz_course import RIGHT, TOPICS, WRONG, Student, counting_clock, plugins_dir, quiz_env, read_specs, rows
from tutor.practice.display import caret_lines
from tutor.practice.session import Quiz
from tutor.practice.store import open_store

# -- in process: a scripted student ---------------------------------------------------------

@pytest.fixture
def specs(tmp_path, registry):
    return read_specs(tmp_path / "exercises", registry)


def make_quiz(specs, registry, store, student, ids=None, **options):
    from tutor.exercises import instantiate

    candidates = [specs[i] for i in (ids or sorted(specs))]
    settings = dict(user="ada", seed=7, count=3, retries=2, clock=counting_clock())
    settings.update(options)
    return Quiz(candidates, lambda spec, seed: instantiate(spec, seed, registry), store,
                read=student.read, write=student.write, **settings)


def test_a_correct_answer_is_echoed_judged_and_recorded(specs, registry, tmp_path):
    student = Student(["2x+3", "quit"])
    with open_store(tmp_path / "p.db") as store:
        summary = make_quiz(specs, registry, store, student, ["qd-square"]).run()
        [row] = store.attempts("ada")
    text = student.text
    assert "Differentiate f(x) = x² + 3·x" in text
    assert "interpreted as: 2·x + 3" in text and "✓ correct (symbolic)" in text
    assert text.index("interpreted as") < text.index("✓ correct")
    assert (row.exercise_id, row.topic, row.seed, row.answer, row.verdict, row.score, row.method) == \
        ("qd-square", "quizdemo-derivatives", 7, "2x+3", "correct", 1.0, "symbolic")
    assert row.duration > 0 and row.try_number == 1 and row.session_id == summary.session_id
    assert summary.ended_by == "quit" and [r.status for r in summary.problems] == ["correct"]
    assert "Session summary" in text and "quizdemo-derivatives" in text.split("Session summary")[1]


def test_a_wrong_answer_gets_targeted_feedback_and_retries(specs, registry, tmp_path):
    student = Student(["2x", "2x + 3"])
    with open_store(tmp_path / "p.db") as store:
        summary = make_quiz(specs, registry, store, student, ["qd-square"], count=1).run()
        attempts = store.attempts("ada")
    assert "✗ incorrect" in student.text and "You forgot the derivative of 3·x" in student.text
    assert "partial credit 0.25" in student.text
    assert "2 tries left" in student.text
    assert [(a.verdict, a.try_number, a.score) for a in attempts] == [("incorrect", 1, 0.25), ("correct", 2, 1.0)]
    [result] = summary.problems
    assert (result.first, result.status, result.score, result.tries) == ("incorrect", "correct", 1.0, 2)
    assert summary.ended_by == "done"


def test_tries_run_out_then_the_answer_and_solution_are_shown(specs, registry, tmp_path):
    student = Student(["2x", "2x", "skip"])
    with open_store(tmp_path / "p.db") as store:
        make_quiz(specs, registry, store, student, ["qd-square"], count=2, retries=1).run()
        attempts = store.attempts("ada")
    assert student.text.count("✗ incorrect") == 2
    assert "The answer: 2·x + 3" in student.text and "d/dx x² = 2·x" in student.text
    assert [a.verdict for a in attempts] == ["incorrect", "incorrect", "skipped"]
    assert student.text.count("── Problem") == 2


def test_an_invalid_answer_costs_nothing_and_points_at_the_column(specs, registry, tmp_path):
    student = Student(["2x+)", "foo(x)", "2x", "2x", "2x+3"])
    with open_store(tmp_path / "p.db") as store:
        make_quiz(specs, registry, store, student, ["qd-square"], count=1, retries=2).run()
        attempts = store.attempts("ada")
    text = student.text
    assert "could not read that: unexpected ')'" in text and "column 4" in text
    assert "    2x+)\n       ^" in text
    assert "unknown function foo" in text
    assert "costs no try" in text
    assert [a.verdict for a in attempts] == ["invalid", "invalid", "incorrect", "incorrect", "correct"]
    assert [a.try_number for a in attempts] == [1, 1, 1, 2, 3]


def test_hint_steps_help_and_skip(specs, registry, tmp_path):
    student = Student(["help", "hint", "hint", "hint", "steps", "2x+3", "skip"])
    with open_store(tmp_path / "p.db") as store:
        summary = make_quiz(specs, registry, store, student, ["qd-square"], count=2).run()
        attempts = store.attempts("ada")
    text = student.text
    for command in ("hint", "steps", "skip", "quit", "help"):
        assert f"  {command} " in text
    assert "Hint 1 of 2: The power rule: d/dx x² = 2·x." in text
    assert "Hint 2 of 2: The derivative of 3·x is 3." in text
    assert "no more hints" in text
    assert "Worked solution:" in text and "So f′(x) = 2·x + 3." in text
    assert [(a.verdict, a.hints_used, a.steps_shown) for a in attempts] == [("correct", 2, True),
                                                                            ("skipped", 0, False)]
    assert [r.status for r in summary.problems] == ["correct", "skipped"]
    assert summary.ended_by == "done"


@pytest.mark.parametrize("end, how", [(EOFError, "eof"), (KeyboardInterrupt, "interrupt")])
def test_end_of_input_and_ctrl_c_end_with_the_summary(specs, registry, tmp_path, end, how):
    student = Student(["2x+3", "2x", end])
    with open_store(tmp_path / "p.db") as store:
        summary = make_quiz(specs, registry, store, student, ["qd-square"], count=5).run()
        assert len(store.attempts("ada")) == 2
        assert store.sessions("ada")[0]["ended_at"] is not None
    assert summary.ended_by == how
    assert "Session summary" in student.text and "2 problems" in student.text
    assert [r.first for r in summary.problems] == ["correct", "incorrect"]


def test_ctrl_c_while_checking_also_ends_cleanly(specs, registry, tmp_path):
    from tutor.exercises import instantiate

    def make_problem(spec, seed):
        problem = instantiate(spec, seed, registry)

        def interrupted(answer):
            raise KeyboardInterrupt

        problem.check = interrupted
        return problem

    student = Student(["2x+3"])
    with open_store(tmp_path / "p.db") as store:
        summary = Quiz([specs["qd-square"]], make_problem, store, read=student.read, write=student.write,
                       user="ada", seed=1, count=2).run()
    assert summary.ended_by == "interrupt" and "Session summary" in student.text


def test_each_attempt_is_stored_before_its_verdict_is_shown(specs, registry, tmp_path):
    path = tmp_path / "p.db"
    seen = []

    class Watching(Student):
        def write(self, text="", style=None):
            super().write(text, style)
            if text.startswith(("✓", "✗", "?")):
                seen.append((text[0], sqlite3.connect(path).execute("SELECT COUNT(*) FROM attempts").fetchone()[0]))

    student = Watching(["2x+)", "2x", "2x+3"])
    with open_store(path) as store:
        make_quiz(specs, registry, store, student, ["qd-square"], count=1).run()
    assert seen == [("?", 1), ("✗", 2), ("✓", 3)]


def test_the_same_seed_replays_the_same_problems(specs, registry, tmp_path):
    def sequence(seed, name):
        student = Student(answer=lambda exercise: RIGHT[exercise] if exercise != "qd-cube" else WRONG[exercise])
        with open_store(tmp_path / name) as store:
            make_quiz(specs, registry, store, student, seed=seed, count=8).run()
            return [(a.exercise_id, a.seed) for a in store.attempts("ada")], student.text

    first, text = sequence(11, "a.db")
    again, _ = sequence(11, "b.db")
    other, _ = sequence(12, "c.db")
    assert first == again
    assert first != other
    assert [seed for _, seed in first[:3]] == [11, 12, 13]


def test_history_steers_the_next_problem_to_the_weak_topic(specs, registry, tmp_path):
    path = tmp_path / "p.db"
    # a student who gets the derivatives right and the gradient wrong
    student = Student(answer=lambda exercise: RIGHT[exercise] if exercise != "qd-gradient" else WRONG[exercise])
    with open_store(path) as store:
        make_quiz(specs, registry, store, student, seed=3, count=6, retries=0).run()
        first_session = [a.exercise_id for a in store.attempts("ada")]
    assert set(first_session) == set(RIGHT)
    gradient_share = first_session.count("qd-gradient") / len(first_session)
    assert gradient_share >= 0.5  # wrong every time: it keeps coming back
    student = Student(answer=lambda exercise: RIGHT[exercise])
    with open_store(path) as store:
        make_quiz(specs, registry, store, student, seed=4, count=1).run()
        [latest] = store.attempts("ada")[-1:]
    assert latest.exercise_id == "qd-gradient"


def test_a_broken_exercise_is_left_out_of_an_adaptive_session(specs, registry, tmp_path):
    from tutor.errors import TutorError
    from tutor.exercises import instantiate

    def make_problem(spec, seed):
        if spec.id == "qd-square":
            raise TutorError("cannot draw")
        return instantiate(spec, seed, registry)

    student = Student(answer=lambda exercise: RIGHT[exercise])
    with open_store(tmp_path / "p.db") as store:
        summary = Quiz(list(specs.values()), make_problem, store, read=student.read, write=student.write,
                       user="ada", seed=0, count=4).run()
    assert "leaving out qd-square" in student.text
    assert {r.exercise_id for r in summary.problems} == {"qd-cube", "qd-gradient"}
    assert len(summary.problems) == 4


def test_a_failing_check_or_solution_does_not_end_the_session(specs, registry, tmp_path):
    from tutor.exercises import instantiate

    def make_problem(spec, seed):
        problem = instantiate(spec, seed, registry)
        real = problem.check

        def check(answer):
            if answer == "boom":
                raise RuntimeError("a plugin failed")
            return real(answer)

        problem.check = check
        return problem

    def broken_solution(problem, style):
        raise ValueError("no renderer")

    student = Student(["boom", "steps", "2x+3"])
    with open_store(tmp_path / "p.db") as store:
        summary = Quiz([specs["qd-square"]], make_problem, store, read=student.read, write=student.write,
                       user="ada", seed=1, count=1, render_solution=broken_solution).run()
        assert [a.verdict for a in store.attempts("ada")] == ["correct"]
    assert "could not be checked: RuntimeError: a plugin failed" in student.text
    assert "worked solution could not be shown" in student.text
    assert summary.ended_by == "done" and summary.problems[0].status == "correct"


def test_when_no_exercise_can_be_generated_the_session_reports_it(specs, registry, tmp_path):
    def make_problem(spec, seed):
        raise ValueError("broken")

    student = Student([])
    with open_store(tmp_path / "p.db") as store:
        summary = Quiz(list(specs.values()), make_problem, store, read=student.read, write=student.write,
                       user="ada", seed=1, count=2).run()
    assert summary.ended_by == "empty" and summary.error and summary.problems == []
    assert student.text.count("leaving out") == 3


def test_the_caret_sits_under_the_column():
    assert caret_lines("2x+)", 4) == ["    2x+)", "       ^"]
    assert caret_lines("x·y)", 4) == ["    x·y)", "       ^"]
    assert caret_lines("2x", None) == []
    assert caret_lines("x" * 200, 3) == []


# -- the command line, with piped input ------------------------------------------------------

def test_piped_answers_run_a_whole_quiz(tmp_path):
    plugins = plugins_dir(tmp_path)
    # qd-square right after a hint and a retry (hard), qd-cube skipped (again): qd-cube is due
    # back first (FSRS: a minute for again, more for hard)
    script = "hint\n2x\n2x+)\n2x + 3\nskip\n12x^2\n"
    result = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--exercise", "qd-cube",
                          "--count", "3", "--seed", "5", env=quiz_env(tmp_path), input=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert "seed 5" in out
    assert "answer> 2x" in out  # piped answers are echoed after the prompt
    assert "You forgot the derivative of 3·x" in out
    assert "       ^" in out and "column 4" in out
    assert "✓ correct" in out and "Skipped." in out
    assert "Session summary" in out
    problems = [line.split("[")[1].split(",")[0] for line in out.splitlines() if line.startswith("── Problem")]
    assert problems == ["qd-square", "qd-cube", "qd-cube"]
    verdicts = [a.verdict for a in rows(tmp_path / "progress.db", "ada")]
    assert verdicts.count("correct") == 2 and "skipped" in verdicts and "invalid" in verdicts


def test_end_of_piped_input_ends_cleanly_with_the_summary(tmp_path):
    plugins = plugins_dir(tmp_path)
    result = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--count", "4",
                          env=quiz_env(tmp_path), input="2x+3\n")
    assert result.returncode == 0, result.stderr
    assert "(end of input)" in result.stdout and "Session summary" in result.stdout
    assert "Traceback" not in result.stderr
    assert len(rows(tmp_path / "progress.db")) == 1


def test_without_a_seed_one_is_drawn_and_printed_and_replays(tmp_path):
    plugins = plugins_dir(tmp_path)
    first = invoke_tutor("--plugins-dir", plugins, "quiz", "--topic", TOPICS[0], "--topic", TOPICS[1],
                         "--count", "3", env=quiz_env(tmp_path, TUTOR_DB=str(tmp_path / "one.db")), input="")
    assert first.returncode == 0, first.stderr
    seed = int(first.stdout.split("seed ")[1].split()[0])
    problems = [line for line in first.stdout.splitlines() if line.startswith("── Problem")]
    # the replay runs in a process of its own (another hash seed), as a student's next session would
    again = run_tutor("--plugins-dir", plugins, "quiz", "--topic", TOPICS[0], "--topic", TOPICS[1],
                      "--count", "3", "--seed", seed, env=quiz_env(tmp_path, TUTOR_DB=str(tmp_path / "two.db")),
                      input="")
    assert [line for line in again.stdout.splitlines() if line.startswith("── Problem")] == problems
    assert f"--seed {seed}" in first.stdout


def test_db_option_and_default_location(tmp_path):
    plugins = plugins_dir(tmp_path)
    env = quiz_env(tmp_path)
    del env["TUTOR_DB"]
    result = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--count", "1",
                          env={**env, "TUTOR_DB": ""}, input="2x+3\n")
    assert result.returncode == 0, result.stderr
    default = tmp_path / "xdg" / "tutor" / "progress.db"
    assert len(rows(default)) == 1
    chosen = tmp_path / "chosen.db"
    result = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--count", "1", "--db", chosen,
                          env=quiz_env(tmp_path), input="2x+3\n")
    assert result.returncode == 0, result.stderr
    assert len(rows(chosen)) == 1 and len(rows(default)) == 1


def test_usage_errors_are_one_line(tmp_path):
    plugins = plugins_dir(tmp_path)
    unknown = invoke_tutor("--plugins-dir", plugins, "quiz", "--topic", "no-such-topic", env=quiz_env(tmp_path))
    assert unknown.returncode == 2 and "unknown topic 'no-such-topic'" in unknown.stderr
    assert "quizdemo-gradients" in unknown.stderr and "Traceback" not in unknown.stderr
    missing = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "nope", env=quiz_env(tmp_path))
    assert missing.returncode == 2 and "unknown exercise 'nope'" in missing.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad_db = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--db", blocker / "p.db",
                          env=quiz_env(tmp_path), input="")
    assert bad_db.returncode == 1 and "progress database" in bad_db.stderr and "Traceback" not in bad_db.stderr


def test_stats_json_reports_attempts_accuracy_and_mastery_per_topic(tmp_path):
    plugins = plugins_dir(tmp_path)
    env = quiz_env(tmp_path)
    script = "2x + 3\n2x\n2x+3\n[y, x]\n"
    result = invoke_tutor("--plugins-dir", plugins, "quiz", "--exercise", "qd-square", "--exercise", "qd-gradient",
                          "--count", "3", "--seed", "1", env=env, input=script)
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith("── Problem")]
    assert len(problems) == 3
    stats = invoke_tutor("stats", "--json", env=env)
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["user"] == "ada"
    by_topic = {t["topic"]: t for t in data["topics"]}
    assert set(by_topic) <= set(TOPICS)
    stored = rows(tmp_path / "progress.db", "ada")
    judged = [a for a in stored if a.verdict in ("correct", "incorrect")]
    assert data["total"]["attempts"] == len(judged)
    assert data["total"]["correct"] == sum(a.verdict == "correct" for a in stored)
    assert data["total"]["accuracy"] == pytest.approx(data["total"]["correct"] / len(judged))
    for topic in by_topic.values():
        assert 0 <= topic["mastery"] <= 1 and topic["exercises"] >= 1
        assert {"problems", "attempts", "accuracy", "first_try_accuracy", "mastered", "skipped"} <= set(topic)
    text = invoke_tutor("stats", env=env)
    assert text.returncode == 0 and "accuracy" in text.stdout and "mastery" in text.stdout
    other = json.loads(invoke_tutor("stats", "--json", "--user", "nobody", env=env).stdout)
    assert other["topics"] == [] and other["total"]["attempts"] == 0


def test_stats_with_no_database_creates_none(tmp_path):
    env = quiz_env(tmp_path)
    result = invoke_tutor("stats", env=env)
    assert result.returncode == 0 and "No attempts yet" in result.stdout
    assert json.loads(invoke_tutor("stats", "--json", env=env).stdout)["topics"] == []
    assert not (tmp_path / "progress.db").exists()


def test_help_has_examples_and_does_not_import_sympy():
    import subprocess
    import sys

    for command in ("quiz", "stats"):
        result = invoke_tutor(command, "--help")
        assert result.returncode == 0 and "Example" in result.stdout
    code = ("import sys; from tutor.cli import main\n"
            "for args in (['--help'], ['quiz', '--help'], ['stats', '--help']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "print('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False"
