"""``tutor stats``: due reviews, retention, mastery and accuracy per topic, from the progress database."""

from __future__ import annotations

import json

import click

from tutor.cli.errors import CommandUsageError
from tutor.cli.options import db_option, default_user, json_option, user_option


@click.command("stats")
@user_option
@db_option
@json_option("Print the statistics as JSON.")
def stats_command(user, db_path, as_json):
    """Show a student's progress per topic: due reviews, retention, mastery, accuracy.

    Each exercise met is a spaced-repetition card (FSRS). Due: cards due for review now
    (tutor review asks them). Retention: the share of reviews of cards seen before that
    were recalled. Mastery: per topic, how far its cards' memory stability has grown
    towards 21 days (a card past 21 days counts as mastered), drawn as a bar. First try:
    the share of problems answered right at the first try, before any hint, worked
    solution or retry; accuracy: the share of all judged answers that were right.

    \b
    Examples:
      tutor stats
      tutor stats --user alice --json
    """
    from tutor.practice.clock import ClockError, clock_from_env
    from tutor.practice.scheduler import progress, user_progress
    from tutor.practice.store import StoreError, default_path, open_store

    user = user or default_user()
    path = db_path or default_path()
    try:
        now = clock_from_env()()
    except ClockError as error:
        raise CommandUsageError(str(error)) from None
    try:
        store = open_store(path, create=False)
    except StoreError as error:
        if not _exists(path):
            store = None  # nothing practised yet: report that, create nothing
        else:
            raise click.ClickException(str(error)) from None
    report = progress([], now=now)
    if store is not None:
        with store:
            try:
                report = user_progress(store, user, now)
            except StoreError as error:
                raise click.ClickException(str(error)) from None
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


def mastery_bar(value: float, width: int = 10) -> str:
    """A bar of ``width`` cells for a share in [0, 1], in eighths of a cell: ███▌░░░░░░."""
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
    return bar + "░" * (width - len(bar))


def _print_table(user, path, report) -> None:
    rows = report["topics"] + [dict(report["total"], topic="total")] if len(report["topics"]) > 1 \
        else report["topics"]
    width = max(len("topic"), *(len(r["topic"]) for r in rows))
    total = report["total"]
    click.secho(f"Progress of {user}: {total['due']} due now", bold=True)
    click.echo(f"{'topic':<{width}}  due  problems  first try  accuracy  retention  mastery           mastered")
    for r in rows:
        click.echo(f"{r['topic']:<{width}}  {r['due']:>3}  {r['problems']:>8}  {_percent(r['first_try_accuracy']):>9}  "
                   f"{_percent(r['accuracy']):>8}  {_percent(r['retention']):>9}  "
                   f"{mastery_bar(r['mastery'])} {_percent(r['mastery']):>4}  {r['mastered']:>3}/{r['exercises']}")
    if total["due"]:
        click.echo("\nReview what is due: tutor review")
    elif total["next_due"]:
        click.echo(f"\nNothing is due; the next review is due {total['next_due'][:16].replace('T', ' ')} UTC.")
    click.echo(f"\n(from {path})")
