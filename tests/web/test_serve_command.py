"""The ``tutor serve`` command: its help, lazy imports, and one-line failures."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from conftest import ROOT
from tests.web.conftest import Student, client_of, make_app
from tutor.cli import cli

PROBE = """
import sys
from tutor.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print("starlette imported:", "starlette" in sys.modules, file=sys.stderr)
"""


def imports_starlette(*argv) -> bool:
    result = subprocess.run([sys.executable, "-c", PROBE.format(argv=list(argv))], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    return result.stderr.strip().splitlines()[-1].endswith("True")


def test_list_and_serve_help_do_not_import_starlette():
    assert not imports_starlette("list")
    assert not imports_starlette("serve", "--help")


def test_serve_help_says_how_to_start_it():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "tutor serve" in result.output and "--token" in result.output and "--users" in result.output


def test_a_store_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    from tutor.practice.store import Store, StoreError

    def full_disk(self, attempt):
        raise StoreError(f"cannot write to the progress database {self.path}: database or disk is full")

    app = make_app(tmp_path, local_user="alice")
    with client_of(app, raise_server_exceptions=False) as client:
        student = Student(client)
        student.start("derivative-rules")
        monkeypatch.setattr(Store, "record", full_disk)
        page = client.post(f"{student.base}/answer", data={"csrf": student.csrf, "answer": "2x"})
        skipped = client.post(f"{student.base}/skip", data={"csrf": student.csrf})
    assert page.status_code == skipped.status_code == 500
    assert "database or disk is full" in page.text and "Traceback" not in page.text


def test_a_broken_plugin_diagnosis_costs_no_try_and_is_one_line(tmp_path):
    import json

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "broken_diagnosis.py").write_text(
        "from tutor import hookimpl\n\n@hookimpl\ndef diagnose(problem, answer, verdict):\n"
        "    raise RuntimeError('the plugin broke')\n")
    app = make_app(tmp_path, local_user="alice", plugins_dir=str(plugins))
    with client_of(app) as client:
        student = Student(client)
        student.start("derivative-rules")
        page = student.answer("x^97 + 5")
        assert "could not be checked (RuntimeError: the plugin broke)" in page.text
        assert student.practice().current.tries_left == 3
        assert app.state.engine.store().attempts("alice") == []
        result = student.practice().current.result
        response = client.post(f"/api/exercises/{result.exercise_id}/check",
                               content=json.dumps({"seed": result.seed, "answer": "x^97 + 5"}),
                               headers={"content-type": "application/json"})
        assert response.status_code == 500 and "the plugin broke" in response.json()["error"]
