"""What many test files share: paths, the README's code blocks, and running ``tutor``.

``invoke_tutor`` runs the command in this process (click's CliRunner) and answers as
``run_tutor``, which starts a real ``python -m tutor``: a CompletedProcess with the exit
code, stdout and stderr apart. Use ``run_tutor`` only where a real process is the point
(a fresh interpreter, the console entry point, signals, installs).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_PLUGINS = ROOT / "tests" / "plugins"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLUGIN_MODULE_PREFIX = "tutor_plugin_"  # tutor.plugins imports a plugins directory's files under this prefix


def fenced_blocks(text: str) -> list[str]:
    """The contents of the ``` blocks of a Markdown text, in order."""
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)


def find_steps(steps, rule) -> list:
    """The steps (of ``tutor solve --json``), at any depth, whose rule is ``rule``."""
    out = []
    for step in steps:
        if step["rule"] == rule:
            out.append(step)
        out.extend(find_steps(step["substeps"], rule))
    return out


def run_tutor(*args, env=None, cwd=None, input=None, timeout=300):
    """Run ``python -m tutor ARGS`` as a new process; the CompletedProcess (text mode).

    TUTOR_PLUGINS_DIR is unset unless ``env`` sets it; ``timeout`` is a hang guard, generous
    so that a loaded machine does not fail the test."""
    environment = {**os.environ, **(env or {})}
    if not env or "TUTOR_PLUGINS_DIR" not in env:
        environment.pop("TUTOR_PLUGINS_DIR", None)
    return subprocess.run([sys.executable, "-m", "tutor", *map(str, args)], capture_output=True, text=True,
                          env=environment, cwd=cwd or ROOT, input=input, timeout=timeout)


def invoke_tutor(*args, env=None, cwd=None, input=None) -> subprocess.CompletedProcess:
    """Run ``tutor ARGS`` in this process, as ``run_tutor`` would in a new one.

    The same entry point (tutor.cli.main, so plugins add their commands first), the same
    environment rules (TUTOR_PLUGINS_DIR unset unless ``env`` sets it; ``env`` applies for
    the call only), the working directory ``cwd`` or the repository, and an uncaught
    exception exits 1 with its traceback on stderr, as Python would. Plugins loaded by the
    call are forgotten afterwards, as they would be with the process."""
    from click.testing import CliRunner

    argv = [str(arg) for arg in args]
    environment = {"TUTOR_PLUGINS_DIR": None}
    environment.update({name: None if value is None else str(value) for name, value in (env or {}).items()})
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout unless told not to
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps them apart
    with plugins_forgotten(), contextlib.chdir(cwd or ROOT):
        result = runner.invoke(_Main(), argv, input=input, env=environment, prog_name="tutor")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["tutor", *argv], result.exit_code, result.stdout, stderr)


class _Main:
    """What CliRunner invokes: the ``tutor`` console script's entry point."""

    @staticmethod
    def main(args, prog_name, **extra):
        from tutor.cli import main

        return main(list(args))


@contextlib.contextmanager
def plugins_forgotten():
    """Within the block plugins may be loaded; afterwards the plugin managers and registries
    made, the plugin modules imported and the commands added to the ``tutor`` group are
    dropped, so a later test sees only what it loads itself (as a new process would)."""
    from tutor import registry
    from tutor.cli import cli

    caches = [registry.cached_registries()]  # the one plugin cache of a process
    saved = [dict(cache) for cache in caches]
    commands = dict(cli.commands)
    modules = {name for name in sys.modules if name.startswith(PLUGIN_MODULE_PREFIX)}
    try:
        yield
    finally:
        for cache, before in zip(caches, saved):
            cache.clear()
            cache.update(before)
        cli.commands.clear()
        cli.commands.update(commands)
        for name in [n for n in sys.modules if n.startswith(PLUGIN_MODULE_PREFIX) and n not in modules]:
            del sys.modules[name]


def write_plugin_course(directory: Path, name: str, course: str, **modules: str) -> Path:
    """A plugins directory under ``directory``: ``modules`` (file stem -> source) and a plugin
    whose exercise_dirs is the course YAML ``course``, written as ``name``.yaml; returns it."""
    path = directory / f"{name}.yaml"
    path.write_text(textwrap.dedent(course), encoding="utf-8")
    plugins = directory / "plugins"
    plugins.mkdir()
    for stem, source in modules.items():
        (plugins / f"{stem}.py").write_text(source, encoding="utf-8")
    (plugins / f"{name}_course.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [Path({str(path)!r})]\n", encoding="utf-8")
    return plugins
