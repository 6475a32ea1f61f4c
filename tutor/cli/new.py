"""``tutor new``: start an exercise file or a plugin package from a template."""

from __future__ import annotations

from pathlib import Path

import click

from tutor.cli.errors import CommandUsageError


@click.group("new")
def new_command():
    """Start an exercise file or a whole plugin package from a template.

    \b
    Examples:
      tutor new exercise chain-rule-sine --topic derivatives
      tutor new plugin demo && pip install ./demo && tutor list --topic demo
    """


@new_command.command("exercise")
@click.argument("exercise_id", metavar="ID")
@click.option("--topic", metavar="T", help="The exercise's topic (default: the id).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Where to write it (default: ./ID.yaml). An existing file is never overwritten.")
def new_exercise(exercise_id, topic, out):
    """Write a commented YAML skeleton of exercise ID that `tutor validate` passes as written.

    Every field is explained in a comment; edit it, then `tutor validate FILE`.
    Exit codes: 0 written, 2 a bad ID or topic, or the file exists.

    \b
    Examples:
      tutor new exercise chain-rule-sine --topic derivatives
      tutor new exercise my-gradient --out exercises/my-gradient.yaml
    """
    from tutor.scaffold import ScaffoldError, write_exercise

    try:
        path = write_exercise(exercise_id, topic, out)
    except ScaffoldError as error:  # a bad name or an existing file
        raise CommandUsageError(str(error)) from None
    click.echo(f"wrote {path}; check it with: tutor validate {path}")


@new_command.command("plugin")
@click.argument("name", metavar="NAME")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The package directory (default: ./NAME). Existing files are never overwritten.")
def new_plugin(name, out):
    """Write an installable plugin package NAME: pyproject.toml with the "tutor" entry
    point, a module with two hook implementations, one exercise, a README and a test.

    NAME is lower-case words joined by - (a leading tutor- is dropped from the topic):
    `demo` gives the distribution tutor-demo, the module tutor_demo and the topic demo.
    Exit codes: 0 written, 2 a bad NAME or a file that exists.

    \b
    Examples:
      tutor new plugin demo
      pip install ./demo && tutor list --topic demo
      cd demo && python -m pytest -q
    """
    from tutor.scaffold import ScaffoldError, write_plugin

    try:
        paths = write_plugin(name, out)
    except ScaffoldError as error:  # a bad name or an existing file
        raise CommandUsageError(str(error)) from None
    for path in paths:
        click.echo(f"wrote {path}")
    directory = out or Path(name)
    click.echo(f"next: pip install ./{directory} && tutor list   (tests: cd {directory} && python -m pytest -q)")
