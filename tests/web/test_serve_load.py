"""bench/serve_load.py run small: a real ``tutor serve`` process, concurrent students, some
hostile answers; no request fails and the store holds every answer and skip."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_load_bench_run_small_loses_nothing():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "serve_load.py"), "--clients", "6",
                             "--answers", "4", "--seconds", "300", "--hostile", "0.3", "--json"],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["failed_requests"] == 0 and data["missing"] == []
    assert data["answers_and_skips"] >= 6 * 4 and data["stored"] == data["answers_and_skips"]
    assert data["p95_ms"] > 0
