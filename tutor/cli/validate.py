"""``tutor validate``: check exercise files over many seeds before students see them."""

from __future__ import annotations

import json
import sys

import click

from tutor.cli.context import pass_session


@click.command("validate")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--seeds", type=int, default=200, show_default=True, help="Seeds (variants) per exercise.")
@click.option("--exercise", "exercise_ids", multiple=True, metavar="ID", help="Only these exercises.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_session
def validate_command(session, path, seeds, exercise_ids, as_json):
    """Validate exercises: each variant must generate, render and accept its own answer.

    PATH is a YAML file or a directory of them; without it, the whole library
    (built-in and plugins) is validated. Exit code 0 when every variant passes, 1
    otherwise; each failure names the exercise, the seed and what failed.

    \b
    Examples:
      tutor validate
      tutor validate exercises/hessian.yaml --seeds 50
    """
    from pathlib import Path

    from tutor.errors import TutorError
    from tutor.exercises.loader import exercise_files, read_file
    from tutor.exercises.validate import Failure, Report, validate_exercise

    registry = session.registry
    report = Report()
    if path:
        specs = []
        for file in exercise_files(Path(path)):
            try:
                specs.extend(read_file(file, tuple(registry.kinds)))
            except TutorError as error:
                report.failures.append(Failure(file.name, None, str(error), str(file)))
    else:
        specs = list(session.library.values())
    if exercise_ids:
        specs = [s for s in specs if s.id in exercise_ids]
    show_progress = not as_json and sys.stderr.isatty()
    with click.progressbar(specs, label="validating", file=sys.stderr,
                           item_show_func=lambda s: s.id if s else "") if show_progress else _plain(specs) as items:
        for spec in items:
            validate_exercise(spec, registry, range(seeds), report)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for failure in report.failures:
            click.secho(f"FAIL {failure}", fg="red")
            if failure.source:
                click.echo(f"     in {failure.source}")
        for warning in report.warnings:
            click.secho(f"warn {warning}", fg="yellow")
        status = "ok" if report.ok else f"{len(report.failures)} failure(s)"
        click.echo(f"{report.exercises} exercises, {report.variants} variants: {status}")
    sys.exit(0 if report.ok else 1)


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False
