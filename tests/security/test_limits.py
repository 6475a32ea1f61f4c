"""Limits that hold in every thread and process, and hostile input to the checker.

The wall-time limit must hold off the main thread (a web server's or a pool's
threads); constants must stay small enough that no uninterruptible C call runs
long, so that a verdict never depends on timing, caches or hash order; exact
answers are compared exactly; tolerance options are validated everywhere.
Timings are never asserted: a thread that never returns is caught by join's
hang guard.
"""

from __future__ import annotations

import json
import math
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sympy
from click.testing import CliRunner

from security.conftest import HANG_GUARD, assert_clean, run_capped
from tutor.checking import CheckOptions, ExpectedAnswer, check, prepare
from tutor.checking.kinds import BUILTIN_KINDS, AnswerKind
from tutor.cli import cli
from tutor.errors import CheckTimeout, LimitError
from tutor.limits import Limits, time_limit

GUARD = HANG_GUARD / 2  # seconds a thread may take before the test calls it hung
SHORT = Limits(seconds=0.2)
DIGIT_BOMB = "10^199*" * 22 + "1"  # 155 characters, a 4379-digit integer
HOSTILE = ["sin((1e1000^1000)^1000)", "exp(exp(exp(exp(exp(99)))))", "sin(1e1000^1000)", DIGIT_BOMB,
           "(1e1000)^1000", "sin(exp(2000)*exp(2000))", "exp(1/(pi - 3.14159265358979))"]
TOWERS = ["exp(exp(exp(exp(exp(99)))))", "exp(exp(9))", "exp(exp(7))", "2^2^2^2^2", "pi^pi^pi^pi",
          "e^e^e^e", "sin(exp(exp(7)))", "(1e300)^(1e300)"]
ENV = {"TUTOR_PLUGINS_DIR": None, "NO_COLOR": "1"}


def spin():
    """Python work that never ends by itself."""
    while True:
        pass


def in_thread(function, *args):
    """Run ``function`` in a new thread; its result, or fail if it hangs."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GUARD)
    assert not thread.is_alive(), f"{function.__name__} hung in a thread"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def tutor_check(*args):
    return CliRunner().invoke(cli, ["check", *args], env=ENV, catch_exceptions=False)


def assert_one_line_usage_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert_clean(result.output)
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    for fragment in fragments:
        assert fragment in errors[0], result.output


# -- the wall-time limit in any thread ---------------------------------------------------------

def limited_spin(seconds):
    try:
        with time_limit(seconds):
            spin()
    except CheckTimeout:
        return "timeout"


def test_time_limit_interrupts_work_in_a_thread():
    assert in_thread(limited_spin, 0.2) == "timeout"


def test_time_limit_interrupts_work_in_every_thread_of_a_pool():
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(limited_spin, seconds) for seconds in (0.1, 0.3, 0.2, 0.05, 0.4, 0.1)]
        assert [future.result(timeout=GUARD) for future in futures] == ["timeout"] * 6


def test_nested_limits_keep_the_outer_deadline_in_a_thread():
    def nested():
        seen = []
        try:
            with time_limit(0.2):
                try:
                    with time_limit(3600):
                        spin()
                except CheckTimeout:
                    seen.append("inner block stopped by the outer deadline")
                try:
                    with time_limit(3600):
                        seen.append("started after the outer deadline")
                except CheckTimeout:
                    seen.append("refused to start")
        except CheckTimeout:
            seen.append("outer")
        return seen

    assert in_thread(nested) == ["inner block stopped by the outer deadline", "refused to start", "outer"]


def test_a_limit_left_in_time_is_forgotten():
    from tutor import limits

    def quick():
        for _ in range(200):
            with time_limit(3600):
                pass
        return threading.get_ident() in limits._ACTIVE

    assert in_thread(quick) is False
    assert not [entry for _, _, entry in limits._WATCHDOG.heap if not entry.done]


def test_long_sympy_solve_and_simplify_stop_at_the_limit_off_the_main_thread():
    """What ``tutor solve`` runs: long symbolic work, interrupted in a worker thread."""
    x, y, z = sympy.symbols("x y z", real=True)
    system = [x**5 + y**3 * z - 7 * x * y + 1, y**5 - x * z**3 + 2 * z - 3, z**5 + x**2 * y**2 - x - y - z]
    busy = sum(sympy.sin(k * x) ** 3 * sympy.cos((k + 1) * y) ** 2 / (1 + sympy.tan(z) ** k) for k in range(1, 12))

    def solve():
        with time_limit(0.5):
            return sympy.solve(system, [x, y, z])

    def simplify():
        with time_limit(0.5):
            return sympy.simplify(busy)

    for work in (solve, simplify):
        with pytest.raises(CheckTimeout):
            in_thread(work)


# -- check() and grading off the main thread ---------------------------------------------------

@pytest.mark.parametrize("answer", HOSTILE)
def test_check_of_a_hostile_answer_in_a_thread_is_invalid(answer):
    verdict = in_thread(check, "x^2", answer)
    assert verdict.status == "invalid" and verdict.method in ("limit", "timeout"), verdict.message


def test_checks_of_hostile_answers_in_a_pool_are_invalid():
    expected = prepare("x^2")
    with ThreadPoolExecutor(3) as pool:
        verdicts = list(pool.map(expected.check, HOSTILE, timeout=GUARD))
    assert [v.status for v in verdicts] == ["invalid"] * len(HOSTILE)


def test_a_check_that_never_ends_times_out_in_a_thread():
    never = {"expression": AnswerKind(lambda expected, answer, judge: spin())}
    expected = ExpectedAnswer("x", ["x"], "expression", CheckOptions(limits=SHORT), never)
    verdict = in_thread(expected.check, "x")
    assert (verdict.status, verdict.method) == ("invalid", "timeout")
    assert "longer than the limit of 0.2 s" in verdict.message


@pytest.fixture
def worker_state(registry):
    from tutor.grading import worker

    saved = dict(worker._STATE)
    worker.init_worker(in_pool=False, registry=registry)
    yield worker
    worker._STATE.clear()
    worker._STATE.update(saved)


def test_grading_hostile_answers_in_threads_gives_invalid_rows(worker_state):
    exercise = sorted(worker_state._STATE["library"])[0]
    row = in_thread(worker_state.grade_one, exercise, 1, HOSTILE[0])
    assert row["verdict"] == "invalid", row
    with ThreadPoolExecutor(3) as pool:
        rows = [f.result(timeout=GUARD) for f in [pool.submit(worker_state.grade_one, exercise, seed, answer)
                                                  for seed, answer in enumerate(HOSTILE, 1)]]
    assert [r["verdict"] for r in rows] == ["invalid"] * len(HOSTILE), rows


def test_a_grade_that_never_ends_times_out_in_a_pool(worker_state):
    class Endless:
        class expected:
            options = CheckOptions(limits=SHORT)
        diagnoses = ()

        def check(self, answer):
            spin()

    with ThreadPoolExecutor(2) as pool:
        rows = list(pool.map(worker_state.judge, [Endless(), Endless()], ["x", "y"], timeout=GUARD))
    assert [(r["verdict"], r["method"]) for r in rows] == [("invalid", "timeout")] * 2


# -- expected answers are limited too ----------------------------------------------------------

def slow_reader(text):
    spin()


@pytest.mark.parametrize("where", ["main thread", "thread"])
def test_preparing_an_expected_answer_is_time_limited(where):
    kinds = {**BUILTIN_KINDS, "slow": AnswerKind(lambda e, a, j: None, slow_reader)}

    def make():
        return ExpectedAnswer("x", ["x"], "slow", CheckOptions(limits=SHORT), kinds)

    with pytest.raises(LimitError, match="preparing the expected answer took longer than the limit of 0.2 s"):
        make() if where == "main thread" else in_thread(make)


def test_a_huge_expected_answer_is_a_one_line_usage_error():
    assert_one_line_usage_error(tutor_check("-e", "sin(1e1000^1000)", "-a", "1"),
                                "the expected answer cannot be read", "limit 10^±1000")


def test_a_hostile_batch_line_is_that_lines_error_and_the_others_go_on(tmp_path):
    lines = [{"id": 1, "expected": "sin(1e1000^1000)", "answer": "1"},
             {"id": 2, "expected": "x^2", "answer": "x*x"},
             {"id": 3, "expected": "sin(1e1000^1000)", "answer": "2"},
             {"id": 4, "expected": "x^2", "answer": DIGIT_BOMB}]
    text = "[" * 1000 + "]" * 1000 + "\n" + "\n".join(json.dumps(line) for line in lines) + "\n"
    text += '{"a":' * 1000 + "1" + "}" * 1000 + "\n" + json.dumps({"id": 5, "expected": "2", "answer": "1+1"}) + "\n"
    batch = tmp_path / "batch.jsonl"
    batch.write_text(text)
    result = tutor_check("--batch", str(batch))
    assert_clean(result.output)
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["id"], r["verdict"]) for r in rows] == [
        (None, "invalid"), (1, "invalid"), (2, "correct"), (3, "invalid"), (4, "invalid"), (None, "invalid"),
        (5, "correct")]
    assert "line 1: " in rows[0]["message"] and "line 6: the JSON is nested too deeply" in rows[5]["message"]
    assert "limit 10^±1000" in rows[1]["message"] and "digits (limit 200)" in rows[4]["message"]
    assert result.exit_code == 1


# -- the digit limit measures without str() ----------------------------------------------------

def test_a_digit_bomb_is_invalid_with_the_digit_message():
    assert len(DIGIT_BOMB) == 155
    verdict = check("x^2", DIGIT_BOMB)
    assert (verdict.status, verdict.method) == ("invalid", "limit")
    assert "about 4379 digits (limit 200)" in verdict.message
    result = tutor_check("-e", "x^2", "-a", DIGIT_BOMB)
    assert result.exit_code == 1 and "digits (limit 200)" in result.output
    assert_clean(result.output)


def test_hostile_checks_in_a_real_capped_process():
    bomb = run_capped("check", "-e", "x^2", "-a", DIGIT_BOMB, env={"NO_COLOR": "1"})
    assert bomb.returncode == 1 and "digits (limit 200)" in bomb.stdout, bomb.stderr
    slow = run_capped("check", "-e", "sin(1e1000^1000)", "-a", "1", env={"NO_COLOR": "1"})
    assert slow.returncode == 2 and "limit 10^±1000" in slow.stderr
    for done in (bomb, slow):
        assert_clean(done.stdout + done.stderr)


# -- verdicts are a pure function of their inputs ----------------------------------------------

@pytest.mark.parametrize("answer", TOWERS)
def test_a_tower_gets_the_same_verdict_every_time(answer, registry):
    from tutor.registry import get_registry

    seen = set()
    for attempt in range(6):
        if attempt % 2:
            sympy.core.cache.clear_cache()
        kinds = (registry if attempt < 3 else get_registry([])).kinds
        verdict = ExpectedAnswer("x", ["x"], "auto", CheckOptions(), kinds).check(answer)
        seen.add((verdict.status, verdict.method, verdict.message))
    assert len(seen) == 1, seen


def test_the_exp_tower_is_refused_by_its_size_not_by_the_clock():
    verdict = check("x", "exp(exp(exp(exp(exp(99)))))", limits=Limits(seconds=0))  # no wall-time limit
    assert (verdict.status, verdict.method) == ("invalid", "limit")
    assert "limit 10^±1000" in verdict.message


def test_the_tower_verdict_does_not_depend_on_hash_order_in_real_processes():
    outputs = set()
    for seed in ("0", "1", "3", "5"):
        done = run_capped("check", "-e", "x", "-a", "exp(exp(exp(exp(exp(99)))))", "--json",
                          env={"PYTHONHASHSEED": seed})
        outputs.add((done.returncode, done.stdout))
    assert len(outputs) == 1, outputs
    (code, stdout), = outputs
    assert code == 1 and json.loads(stdout)["verdict"] == "invalid"


# -- exact answers are compared exactly --------------------------------------------------------

@pytest.mark.parametrize("expected, answer", [
    ("x^2", "x^2 + 10^-199"), ("2", "2 + 10^-60"), ("x^2", "x^2 + 10^-199 sin(x)"),
    ("2", "2 + 10^-60 sqrt(2)"), ("1/(x+1)", "1/(x + 1 + 10^-100)"), ("sin(x)^2 + cos(x)^2", "1 + 10^-150"),
    ("x^2", "x^2 + 10^-50 pi"),
])
def test_an_exact_difference_however_small_is_incorrect(expected, answer):
    assert check(expected, answer).status == "incorrect"


@pytest.mark.parametrize("expected, answer", [
    ("x^2", "x^2 + 1e-60"), ("2", "2.0001"), ("pi", "3.1416"), ("sin(x)^2 + cos(x)^2", "1"),
    ("sqrt(3 + 2sqrt(2))", "1 + sqrt(2)"), ("x(x+1)", "x^2 + x"), ("1/3", "0.3333"),
])
def test_decimals_keep_their_tolerance_and_equal_forms_stay_correct(expected, answer):
    assert check(expected, answer).status == "correct"


# -- tolerance options and kinds are validated ---------------------------------------------------

@pytest.mark.parametrize("option, value, fragment", [
    ("--rtol", "inf", "rtol must be a finite number"), ("--rtol", "nan", "rtol must be a finite number"),
    ("--rtol", "-0.1", "rtol must be a finite number"), ("--rtol", "5", "rtol must be at most 1"),
    ("--atol", "inf", "atol must be a finite number"), ("--atol", "-1", "atol must be a finite number"),
    ("--places", "-4", "places must be a whole number from 0 to 12"),
    ("--places", "100000", "places must be a whole number from 0 to 12"),
])
def test_absurd_tolerances_are_one_line_usage_errors(option, value, fragment, tmp_path):
    assert_one_line_usage_error(tutor_check("-e", "x", "-a", "x", option, value), option, fragment)
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"expected": "x", "answer": "x"}\n')
    assert_one_line_usage_error(tutor_check("--batch", str(batch), option, value), fragment)


@pytest.mark.parametrize("settings", [dict(rtol=math.inf), dict(rtol=math.nan), dict(rtol=-1), dict(atol=math.inf),
                                      dict(places=-4), dict(places=10**6), dict(places=True), dict(rtol="1e-3")])
def test_check_options_refuse_absurd_tolerances(settings):
    with pytest.raises(ValueError, match="must be"):
        CheckOptions(**settings)


def test_matrix_kind_with_a_vector_expected_is_a_usage_error():
    assert_one_line_usage_error(tutor_check("-e", "[1, 2]", "-a", "[[1, 2]]", "--kind", "matrix"),
                                "does not fit the expected answer, which is a vector")


@pytest.mark.parametrize("field, value, fragment", [
    ("rtol", ".inf", "rtol must be a finite number"), ("rtol", ".nan", "rtol must be a finite number"),
    ("atol", "-1", "atol must be a finite number"), ("places", "-4", "places must be a whole number"),
    ("places", "true", "places must be a whole number"), ("rtol", "true", "rtol must be a finite number"),
])
def test_an_exercise_with_an_absurd_tolerance_is_one_exercise_error(field, value, fragment, tmp_path, registry):
    from tutor.exercises.loader import read_file
    from tutor.exercises.spec import ExerciseError

    path = tmp_path / "ex.yaml"
    path.write_text("topic: t\nexercises:\n  - id: e1\n    title: T\n    variables: [x]\n"
                    f"    prompt: Find it.\n    answer: {{value: \"x^2\", {field}: {value}}}\n")
    with pytest.raises(ExerciseError) as caught:
        read_file(path, tuple(registry.kinds))
    message = str(caught.value)
    assert "\n" not in message and fragment in message and f"answer.{field}" in message


def _swallow_the_first_timeout():
    """Busy work that swallows one CheckTimeout, as a weakref callback or __del__ would;
    the number of CheckTimeouts that reached it."""
    seen = 0
    try:
        with time_limit(0.2):
            while True:
                try:
                    while True:
                        pass
                except CheckTimeout:
                    seen += 1
                    if seen > 1:
                        raise
    except CheckTimeout:
        return seen


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_lost_timeout_is_raised_again_until_the_block_is_left(where):
    if where == "main thread":
        assert _swallow_the_first_timeout() == 2
    else:
        assert in_thread(_swallow_the_first_timeout) == 2


def test_a_tick_while_a_limit_is_left_still_stops_its_timer(monkeypatch):
    """A SIGALRM tick that lands inside __exit__ (before the timer is stopped) must not leave a
    repeating timer behind to interrupt whatever runs next (an idle worker, say)."""
    import signal

    import tutor.limits as limits

    real_stop = limits._AlarmTimer.stop
    ticks = []

    def stop_interrupted_once(self):
        if not ticks:
            ticks.append(1)
            raise CheckTimeout()  # what the handler raises when the tick comes first
        real_stop(self)

    monkeypatch.setattr(limits._AlarmTimer, "stop", stop_interrupted_once)
    with pytest.raises(CheckTimeout):
        with time_limit(5):
            pass
    assert ticks == [1]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is not limits._raise_timeout
    assert limits._ACTIVE == {}


def test_a_stray_tick_outside_any_limit_stops_the_timer_and_raises_nothing():
    import signal

    import tutor.limits as limits

    previous = signal.signal(signal.SIGALRM, limits._raise_timeout)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30, 30)
        limits._raise_timeout(signal.SIGALRM, None)  # no limit is active in this thread
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
