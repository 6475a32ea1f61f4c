"""The ``tutor`` command line: a click group whose commands import SymPy only when run.

Exit codes: 0 success (a correct answer), 1 an incorrect or invalid answer or a
failed run, 2 a usage error (bad options, an unreadable expected answer).
"""

from __future__ import annotations

import click

from tutor import __version__
from tutor.cli.check import check_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tutor")
def cli():
    """A symbolic math tutor and exercise checker for the calculus of machine learning.

    \b
    Example:
      tutor check --expected "sigma(z)*(1 - sigma(z))" --answer "e^-z/(1+e^-z)^2" --vars z
    """


cli.add_command(check_command)


def main(argv=None) -> None:
    """Entry point of the ``tutor`` console script."""
    cli.main(args=argv, prog_name="tutor")
