"""``tutor stats``: attempts, accuracy and mastery per topic, from the progress database."""

from __future__ import annotations

import json

import click

from tutor.cli.options import db_option, default_user, json_option, user_option


@click.command("stats")
@user_option
@db_option
@json_option("Print the statistics as JSON.")
def stats_command(user, db_path, as_json):
    """Show a student's progress per topic: problems, answers, accuracy, mastery.

    Accuracy is the share of judged answers that were correct (first try: the share
    of problems whose first answer was). Mastery is the Leitner progress of the
    exercises practised in a topic, from 0 % (all in box 1) to 100 % (all in box 5);
    an exercise in box 4 or 5 counts as mastered.

    \b
    Examples:
      tutor stats
      tutor stats --user alice --json
    """
    from tutor.practice.scheduler import progress
    from tutor.practice.store import StoreError, default_path, open_store

    user = user or default_user()
    path = db_path or default_path()
    try:
        store = open_store(path, create=False)
    except StoreError as error:
        if not _exists(path):
            store = None  # nothing practised yet: report that, create nothing
        else:
            raise click.ClickException(str(error)) from None
    if store is None:
        attempts = []
    else:
        with store:
            try:
                attempts = store.attempts(user)
            except StoreError as error:
                raise click.ClickException(str(error)) from None
    report = progress(attempts)
    if as_json:
        click.echo(json.dumps({"user": user, "db": str(path), **report}, ensure_ascii=False, indent=2))
        return
    if not report["topics"]:
        click.echo(f"No attempts yet for {user} (in {path}). Start with: tutor quiz")
        return
    _print_table(user, path, report)


def _exists(path) -> bool:
    from pathlib import Path

    return Path(path).exists()


def _percent(value) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _print_table(user, path, report) -> None:
    rows = report["topics"] + [dict(report["total"], topic="total")] if len(report["topics"]) > 1 \
        else report["topics"]
    width = max(len("topic"), *(len(r["topic"]) for r in rows))
    click.secho(f"Progress of {user}", bold=True)
    header = (f"{'topic':<{width}}  problems  answers  accuracy  first try  mastery  mastered  "
              f"skipped  hints")
    click.echo(header)
    for r in rows:
        click.echo(f"{r['topic']:<{width}}  {r['problems']:>8}  {r['attempts']:>7}  {_percent(r['accuracy']):>8}  "
                   f"{_percent(r['first_try_accuracy']):>9}  {_percent(r['mastery']):>7}  "
                   f"{r['mastered']:>3}/{r['exercises']:<4}  {r['skipped']:>7}  {r['hints']:>5}")
    click.echo(f"\n(from {path})")
