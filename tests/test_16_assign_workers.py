"""Issue 16: tutor assign in worker processes writes what one process writes for every kind of
answer, including a plugin kind whose expected answer is its own str subclass (tutor-analysis's
δ(ε) key, which cannot be unpickled: its worker process used to be reported as lost)."""

from __future__ import annotations

from grading_demo import write_roster
from helpers import invoke_tutor
from test_16_assign_unchanged import folder_digest


def test_a_delta_epsilon_exercise_is_assigned_in_two_worker_processes_as_in_one(tmp_path):
    roster = tmp_path / "roster.csv"
    write_roster(roster, 6)
    folders = {}
    for workers in ("2", "1"):
        folders[workers] = tmp_path / f"w{workers}"
        result = invoke_tutor("assign", "--roster", roster, "--exercises",
                              "limits-delta-epsilon-linear,chain-rule-power", "--seed", "salt", "--out",
                              folders[workers], "--workers", workers)
        assert result.returncode == 0, result.stderr
    assert folder_digest(folders["2"]) == folder_digest(folders["1"])
    assert "limits-delta-epsilon-linear" in (folders["2"] / "answer_key.csv").read_text(encoding="utf-8")
