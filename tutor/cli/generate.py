"""``tutor generate``: a worksheet of generated problems with an answer key."""

from __future__ import annotations

import click

from tutor.cli.context import pass_session
from tutor.cli.options import seed_option
from tutor.worksheets import WORKSHEET_FORMATS


@click.command("generate")
@click.argument("exercise_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--count", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Variants per exercise.")
@seed_option("First seed; variants use seed, seed+1, ...")
@click.option("--format", "fmt", type=click.Choice(WORKSHEET_FORMATS), default="markdown", show_default=True)
@click.option("--title", default="Worksheet", show_default=True)
@click.option("--no-key", is_flag=True, help="Leave out the answer key.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write to this file (default: stdout).")
@pass_session
def generate_command(session, exercise_ids, count, seed, fmt, title, no_key, out):
    """Write a worksheet of generated problems, with an answer key.

    \b
    Examples:
      tutor generate power-rule-integer chain-rule-power --count 3 --seed 7
      tutor generate hessian-eigenvalues --format latex --out sheet.tex
    """
    from tutor.errors import TutorError
    from tutor.worksheets import worksheet

    problems = [session.problem(i, seed + k) for i in exercise_ids for k in range(count)]
    try:
        document = worksheet(problems, fmt, title, answer_key=not no_key)
    except TutorError as error:
        raise click.ClickException(str(error)) from None
    if out:
        from tutor.files import write_atomically

        write_atomically(out, document)
        click.echo(f"wrote {len(problems)} problems to {out}", err=True)
    else:
        click.echo(document)
