"""How a command fails: raise one of these (or click's own); click prints "Error: ..." and exits.

* ``CommandUsageError`` (exit 2): the command line asks for something that cannot be done,
  found after click parsed it (an EXPR that cannot be read, a bad --vars, a file that
  exists); one line, without click's usage block;
* ``click.ClickException`` (exit 1): the run failed (a plugin, a file, a method that
  cannot go on);
* ``TimeLimitError`` (exit 3): the work ran past --timeout.

A result that is not an error (an incorrect answer, a failing ``tutor validate``) is an
exit code, not an exception: ``sys.exit(1)``.
"""

from __future__ import annotations

import click

EXIT_USAGE = 2
EXIT_TIMEOUT = 3


class CommandUsageError(click.ClickException):
    """A usage error: "Error: MESSAGE" on stderr, exit code 2."""

    exit_code = EXIT_USAGE


class TimeLimitError(click.ClickException):
    """The work ran past its time limit: "Error: MESSAGE" on stderr, exit code 3."""

    exit_code = EXIT_TIMEOUT
