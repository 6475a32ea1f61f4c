"""``tutor validate``: check exercise files over many seeds before students see them."""

from __future__ import annotations

import json
import os
import sys

import click

from tutor.cli.context import pass_session


@click.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--seeds", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Seeds (variants) per exercise.")
@click.option("--exercise", "exercise_ids", multiple=True, metavar="ID", help="Only these exercises.")
@click.option("--max-failures", type=click.IntRange(1, 1000), default=3, show_default=True,
              help="Failing seeds reported per exercise before its other seeds are skipped.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_session
def validate_command(session, path, seeds, exercise_ids, max_failures, as_json):
    """Validate exercises: each variant must generate, render and accept its own answer.

    PATH is a YAML file or a directory of them; without it, every exercise file of
    the library (built-in and plugins) is validated. Each failure is one line:
    the file, the exercise, the seed, the kind of failure in brackets (schema,
    compute, render, degenerate, answer, diagnosis, solution), the field and what
    went wrong, e.g. the expected answer and its own checker's verdict. A summary
    line ends the report. Exit code 0 when every variant passes, 1 otherwise.

    \b
    Examples:
      tutor validate
      tutor validate exercises/hessian.yaml --seeds 50
      tutor validate my-exercises/ --json
    """
    from pathlib import Path

    from tutor.errors import TutorError
    from tutor.exercises.loader import exercise_files
    from tutor.exercises.validate import Report, read_specs, validate_exercise
    from tutor.neutralise import terminal

    registry = session.registry
    report = Report()
    try:
        locations = [Path(path)] if path else registry.exercise_dirs
        files = [file for location in locations for file in exercise_files(location)]
    except TutorError as error:
        raise click.ClickException(str(error)) from None
    specs = read_specs(files, registry.kinds, report)
    if exercise_ids:
        report.failures = [f for f in report.failures if f.exercise in exercise_ids or f.exercise is None]
        unknown = sorted(set(exercise_ids) - {s.id for s in specs} - {f.exercise for f in report.failures})
        if unknown and not report.failures:
            raise click.UsageError(f"no exercise {', '.join(map(repr, unknown))} in "
                                   f"{path or 'the library'}")
        specs = [s for s in specs if s.id in exercise_ids]
    show_progress = not as_json and sys.stderr.isatty()
    with click.progressbar(specs, label="validating", file=sys.stderr,
                           item_show_func=lambda s: s.id if s else "") if show_progress else _plain(specs) as items:
        for spec in items:
            validate_exercise(spec, registry, range(seeds), report, max_failures)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for failure in report.failures:
            click.secho(terminal(f"FAIL {_shorter(failure.source)}: {failure}"), fg="red")
        for warning in report.warnings:
            click.secho(terminal(f"warn {_shorter(warning.source)}: {warning}"), fg="yellow")
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


def _shorter(source: str) -> str:
    """A path relative to the current directory when it is below it."""
    try:
        relative = os.path.relpath(source)
    except ValueError:
        return source
    return source if relative.startswith("..") else relative


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False
