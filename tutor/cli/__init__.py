"""The ``tutor`` command line: a click group whose commands import SymPy only when run.

Exit codes: 0 success (a correct answer, a valid library), 1 an incorrect or
invalid answer or a failed run (with a one-line error), 2 a usage error (bad
options, an unknown exercise, an unreadable expected answer).
"""

from __future__ import annotations

import importlib
import sys

import click

from tutor import __version__
from tutor.cli.context import Session
from tutor.cli.options import plugins_dir_option

# command name -> "module:attribute"; a command's module is imported only when it is needed
COMMANDS = {
    "check": "tutor.cli.check:check_command",
    "list": "tutor.cli.library:list_command",
    "show": "tutor.cli.library:show_command",
    "generate": "tutor.cli.generate:generate_command",
    "validate": "tutor.cli.validate:validate_command",
    "quiz": "tutor.cli.quiz:quiz_command",
    "review": "tutor.cli.quiz:review_command",
    "stats": "tutor.cli.stats:stats_command",
    "assign": "tutor.cli.assign:assign_command",
    "grade": "tutor.cli.grade:grade_command",
    "new": "tutor.cli.new:new_command",
    "solve": "tutor.cli.solve:solve_command",
    "gradescope": "tutor.cli.gradescope:gradescope_command",
    "serve": "tutor.cli.serve:serve_command",
}


class LazyGroup(click.Group):
    """A click group that imports each built-in command's module on first use."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx, name):
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        """Every one-line error may quote a file: its control characters never reach the terminal.
        A TutorError no command caught (a plugin's, say) is such a line too, exit code 1."""
        from tutor.errors import TutorError
        from tutor.neutralise import terminal

        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            error.message = terminal(error.message)
            raise
        except TutorError as error:
            raise click.ClickException(terminal(str(error))) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tutor")
@plugins_dir_option
@click.pass_context
def cli(ctx, plugins_dir):
    """A symbolic math tutor and exercise checker for the calculus of machine learning.

    \b
    Examples:
      tutor list
      tutor show sigmoid-derivative --seed 3
      tutor check --expected "sigma(z)*(1 - sigma(z))" --answer "e^-z/(1+e^-z)^2" --vars z
    """
    ctx.obj = Session(plugins_dir)


def _plugins_dir_from(argv) -> str | None:
    """--plugins-dir as given before the command, so plugins can add commands before parsing
    (None: not given, so tutor.plugins reads TUTOR_PLUGINS_DIR)."""
    for i, arg in enumerate(argv):
        if arg == "--plugins-dir" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--plugins-dir="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            break
    return None


def add_plugin_commands(argv) -> None:
    """Let plugins add commands (the register_commands hook); a broken plugin is one line, exit 1."""
    from tutor.errors import TutorError
    from tutor.neutralise import terminal
    from tutor.registry import get_registry

    try:
        get_registry(_plugins_dir_from(argv)).manager.hook.register_commands(cli=cli)
    except TutorError as error:  # before click runs: shown as click would show it
        failure = click.ClickException(terminal(str(error)))
        failure.show()
        sys.exit(failure.exit_code)


def main(argv=None) -> None:
    """Entry point of the ``tutor`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    add_plugin_commands(argv)
    cli.main(args=argv, prog_name="tutor")
