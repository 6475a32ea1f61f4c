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
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Exercises validated at once, in separate processes [default: every core].")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_session
def validate_command(session, path, seeds, exercise_ids, max_failures, workers, as_json):
    """Validate exercises: each variant must generate, render and accept its own answer,
    and its worked solution must arrive at that answer.

    PATH is a YAML file or a directory of them; without it, every exercise file of
    the library (built-in and plugins) is validated. Each failure is one line,
    printed as soon as its exercise is done (exercises in order): the file, the
    exercise, the seed, the kind of failure in brackets (schema, compute, render,
    degenerate, answer, diagnosis, solution, result, round-off, zero,
    classification, ambiguous, form), the field and what went
    wrong, e.g. the expected answer and its own checker's verdict. Warnings and a
    summary line end the report. On a terminal a progress line shows on stderr.
    Exit code 0 when every variant passes, 1 otherwise.

    \b
    Examples:
      tutor validate
      tutor validate exercises/hessian.yaml --seeds 50
      tutor validate my-exercises/ --json --workers 4
    """
    from pathlib import Path

    from tutor.errors import TutorError
    from tutor.exercises.loader import exercise_files
    from tutor.exercises.validate import Report, read_specs, validate_all

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
    progress = _Progress(len(specs)) if not as_json and sys.stderr.isatty() else None
    if not as_json:
        for failure in report.failures:  # schema failures, found while reading
            _fail(failure, progress)
    outcomes = validate_all(specs, range(seeds), max_failures, workers, session.plugins_dir, registry,
                            progress.update if progress else None)
    try:
        for outcome in outcomes:
            outcome.add_to(report)
            if not as_json:
                for failure in outcome.failures:
                    _fail(failure, progress)
    except TutorError as error:
        if progress:
            progress.clear()
        raise click.ClickException(str(error)) from None
    if progress:
        progress.clear()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        from tutor.neutralise import terminal

        for warning in report.warnings:
            click.secho(terminal(f"warn {_shorter(warning.source)}: {warning}"), fg="yellow")
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


def _fail(failure, progress) -> None:
    from tutor.neutralise import terminal

    if progress:
        progress.clear()
    click.secho(terminal(f"FAIL {_shorter(failure.source)}: {failure}"), fg="red")
    if progress:
        progress.show()


class _Progress:
    """One line on stderr: exercises done of all, and the last one finished."""

    def __init__(self, total: int):
        self.total, self.done, self.last = total, 0, ""
        self.show()

    def update(self, done: int, outcome) -> None:
        self.done, self.last = done, outcome.exercise
        self.show()

    def show(self) -> None:
        from tutor.neutralise import terminal

        width = len(str(self.total))
        line = f"validating {self.done:>{width}}/{self.total} {terminal(self.last)}"
        sys.stderr.write("\r\x1b[K" + line[:78])
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _shorter(source: str) -> str:
    """A path relative to the current directory when it is below it."""
    try:
        relative = os.path.relpath(source)
    except ValueError:
        return source
    return source if relative.startswith("..") else relative
