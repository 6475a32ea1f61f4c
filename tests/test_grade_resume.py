"""tutor grade killed midway (SIGKILL after K journaled results, by tests/kill_grading_after.py)
resumes from its journal, regrades nothing finished, and writes what an uninterrupted run writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from grading_demo import SALT, assign, course_specs, fill_in, write_course
from helpers import ROOT, invoke_tutor

pytestmark = pytest.mark.slow  # real grading processes, killed and resumed

FILES = ("g.csv", "g.totals.csv", "r.json")
KILLER = Path(__file__).with_name("kill_grading_after.py")


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, registry):
    """(plugins dir, assignment dir, the files of an uninterrupted run), made once for these tests,
    which only read them; the uninterrupted run is a process of its own, like the killed ones."""
    tmp_path = tmp_path_factory.mktemp("graded_class")
    plugins = write_course(tmp_path)
    out, ids = assign(tmp_path, plugins, "--template", "both", students=12, salt=SALT)
    fill_in(out, ids, course_specs(tmp_path, registry), registry)
    result = grade(plugins, out, tmp_path / "clean", "1", in_process=False)
    assert result.returncode == 0, result.stderr
    return plugins, out, {name: (tmp_path / "clean" / name).read_bytes() for name in FILES}


def grade(plugins, out, target, workers, abort_after=None, in_process=True):
    """Run tutor grade: in this process, or as a real process in its own session (so a killed
    run's pool workers can be cleaned up), SIGKILLed once ``abort_after`` results are journaled."""
    arguments = ["--plugins-dir", str(plugins), "grade", str(out / "answers"),
                 "--seed", SALT, "--assignment", str(out), "--out", str(target / "g.csv"),
                 "--json", str(target / "r.json"), "--workers", workers]
    if in_process and not abort_after:
        return invoke_tutor(*arguments)
    env = {k: v for k, v in os.environ.items() if k != "TUTOR_PLUGINS_DIR"}
    start = [sys.executable, str(KILLER), str(abort_after)] if abort_after else [sys.executable, "-m", "tutor"]
    command = [*start, *arguments]
    with open(target.parent / "stdout.txt", "w+") as stdout, open(target.parent / "stderr.txt", "w+") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True, env=env, cwd=ROOT,
                                   start_new_session=True)
        try:
            process.wait(timeout=300)  # a hang guard for a loaded machine
            orphans = _group_alive_after(process.pid, seconds=20)
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # pool workers a killed run may leave behind
            except ProcessLookupError:
                pass
        stdout.seek(0)
        stderr.seek(0)
        completed = subprocess.CompletedProcess(command, process.returncode, stdout.read(), stderr.read())
        completed.orphans = orphans
        return completed


def _group_alive_after(group: int, seconds: float) -> bool:
    """Whether any process of the group is still there after waiting up to ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True


def signed(record: dict) -> dict:
    """The record with the HMAC tutor grade would give it (keyed by the salt)."""
    from tutor.grading.journal import Journal

    return Journal("unused", "", SALT).record(record["key"], record["result"])


def journal_records(target) -> list[dict]:
    lines = (target / "g.csv.journal").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line.strip()]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_killed_run_resumes_to_the_same_result(tmp_path, graded_class, workers):
    plugins, out, clean = graded_class
    target = tmp_path / f"killed{workers}"
    target.mkdir()
    (target / "g.csv").write_text("an earlier report\n")
    killed = grade(plugins, out, target, workers, abort_after=7)
    assert killed.returncode == -signal.SIGKILL
    assert not killed.orphans  # pool workers exit when their parent is killed
    assert (target / "g.csv").read_text() == "an earlier report\n"  # never half-written
    assert not (target / "r.json").exists()
    finished = journal_records(target)
    assert len(finished) >= 7 if workers == "2" else len(finished) == 7
    resumed = grade(plugins, out, target, workers)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({len(finished)} from an earlier run's journal)" in resumed.stdout
    assert {name: (target / name).read_bytes() for name in FILES} == clean
    assert not (target / "g.csv.journal").exists()


def test_journaled_results_are_replayed_not_regraded(tmp_path, graded_class):
    plugins, out, clean = graded_class
    target = tmp_path / "tampered"
    assert grade(plugins, out, target, "1", abort_after=5).returncode == -signal.SIGKILL
    lines = (target / "g.csv.journal").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[1])
    first["result"]["feedback"] = "FROM THE JOURNAL"
    first = signed(first)  # as tutor itself would have written it
    lines[1] = json.dumps(first)
    lines.append('{"key": ["s0')  # a line torn by the kill
    (target / "g.csv.journal").write_text("\n".join(lines), encoding="utf-8")
    resumed = grade(plugins, out, target, "1")
    assert resumed.returncode == 0, resumed.stderr
    assert "(5 from an earlier run's journal)" in resumed.stdout
    text = (target / "g.csv").read_text(encoding="utf-8")
    assert text.count("FROM THE JOURNAL") == 1
    assert text.replace("FROM THE JOURNAL", "") != clean["g.csv"].decode()


def test_an_edited_answer_or_another_version_is_graded_again(tmp_path, graded_class):
    plugins, out, clean = graded_class
    target = tmp_path / "edited"
    assert grade(plugins, out, target, "1", abort_after=5).returncode == -signal.SIGKILL
    journal = target / "g.csv.journal"
    records = journal_records(target)
    student, exercise = records[0]["key"][:2]
    records[0]["key"][4] = "a different answer"  # as if the student's file had changed since
    records[0] = signed(records[0])  # a record tutor wrote for that other answer
    header = journal.read_text(encoding="utf-8").splitlines()[0]
    journal.write_text("\n".join([header, *map(json.dumps, records)]) + "\n", encoding="utf-8")
    resumed = grade(plugins, out, target, "1")
    assert "(4 from an earlier run's journal)" in resumed.stdout
    assert {name: (target / name).read_bytes() for name in FILES} == clean
    assert grade(plugins, out, target, "1", abort_after=3).returncode == -signal.SIGKILL
    journal.write_text(journal.read_text().replace('"version": "', '"version": "old-'), encoding="utf-8")
    again = grade(plugins, out, target, "1")
    assert again.returncode == 0 and "journal" not in again.stdout
    assert {name: (target / name).read_bytes() for name in FILES} == clean
