"""Start-up: `tutor list` reads the library without importing SymPy; `tutor show` imports it
because it must (a problem is generated). A real process is the point here: what a fresh
interpreter imports."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PROBE = """
import sys
from tutor.cli import main
try:
    main({argv!r})
except SystemExit as exit:
    code = exit.code
print("exit", code, file=sys.stderr)
print("sympy imported:", "sympy" in sys.modules, file=sys.stderr)
"""


def run_fresh(*argv, env=None):
    """Run the tutor command in a fresh interpreter; (stdout, {'exit': ..., 'sympy imported:': ...})."""
    import os

    environment = {key: value for key, value in os.environ.items() if key != "TUTOR_PLUGINS_DIR"}
    environment.update(env or {})
    result = subprocess.run([sys.executable, "-c", PROBE.format(argv=list(argv))], capture_output=True,
                            text=True, cwd=ROOT, env=environment, timeout=120)
    facts = dict(line.rsplit(" ", 1) for line in result.stderr.strip().splitlines()[-2:])
    return result.stdout, facts


def test_list_does_not_import_sympy():
    stdout, facts = run_fresh("list")
    assert facts == {"exit": "0", "sympy imported:": "False"}
    assert "power-rule-integer" in stdout and "exercises in" in stdout


def test_list_with_every_installed_plugin_and_json_does_not_import_sympy():
    stdout, facts = run_fresh("list", "--json", "--topic", "hessian")
    assert facts == {"exit": "0", "sympy imported:": "False"}
    assert '"topic": "hessian"' in stdout


def test_show_imports_sympy_because_it_generates_a_problem():
    stdout, facts = run_fresh("show", "power-rule-integer", "--seed", "1")
    assert facts == {"exit": "0", "sympy imported:": "True"}
    assert "Answer (expression)" in stdout
