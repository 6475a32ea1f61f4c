"""``tutor assign``: per-student variants, worksheets, answer templates and an answer key."""

from __future__ import annotations

import click

from tutor.cli.context import pass_session
from tutor.cli.options import MAX_WORKERS, cpus, salt_option


def split_ids(values) -> list[str]:
    """--exercises a,b --exercises c -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command("assign")
@click.option("--roster", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with a student_id column (name, email optional), or a Canvas, Moodle or Gradescope "
                   "roster export (recognised by its header).")
@click.option("--id-column", help="The roster column with the student id (default: from the header).")
@click.option("--name-column", help="The roster column with the student's name.")
@click.option("--email-column", help="The roster column with the student's email.")
@click.option("--exercises", "exercise_ids", required=True, multiple=True, metavar="ID,...",
              help="Exercise ids, comma-separated (or the option repeated).")
@salt_option("Secret text the variants derive from; grade with the same --seed.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory to write into.")
@click.option("--variants", type=click.IntRange(1), default=None, metavar="N",
              help="Draw each student's variant from a pool of N per exercise (default: one per student).")
@click.option("--title", default="Assignment", show_default=True)
@click.option("--template", type=click.Choice(["csv", "yaml", "both"]), default="csv", show_default=True,
              help="Format of the answer template each student fills in.")
@click.option("--workers", type=click.IntRange(0, MAX_WORKERS), default=0, show_default=True,
              help=f"Worker processes, at most {MAX_WORKERS}; 0 uses every CPU, 1 works in this process "
                   "(the files are the same).")
@pass_session
def assign_command(session, roster, exercise_ids, salt, out, variants, title, template, id_column, name_column,
                   email_column, workers):
    """Give each student their own variants and answer file.

    A student's variant has a seed derived from sha256("SALT:STUDENT_ID:EXERCISE") (mod N
    with --variants N), so it can be regenerated anywhere from the salt. Writes, under OUT:
    worksheets/ID.md and ID.tex, answers/ID.csv (or .yaml) to fill in and hand back,
    answer_key.csv and answer_key.json (seed and expected answer of every item), and
    assignment.json for `tutor grade --assignment`. A roster with bad rows is refused,
    every bad row listed. Exit codes: 0 written, 1 a bad roster or a variant that cannot
    be generated, 2 usage error (such as an unknown exercise).

    Rosters: tutor's own (student_id, name, email), or an export from Canvas (Student, ID,
    SIS User ID, SIS Login ID, Section: the id is SIS User ID when every student has one,
    else ID), Moodle (First name, Last name, ID number, Email address: ID number, else the
    email) or Gradescope (First Name, Last Name, SID, Email, Role: SID, else the email; staff
    rows skipped). --id-column, --name-column and --email-column choose other columns. Every
    roster column is kept in assignment.json, so tutor grade's totals carry them.

    \b
    Example:
      tutor assign --roster class.csv --exercises power-rule-integer,product-rule \\
          --seed "fall-2025 hw3" --out hw3
    """
    from tutor.errors import TutorError
    from tutor.grading.assign import make_assignment
    from tutor.grading.progress import progress_bar
    from tutor.grading.roster import RosterError, read_roster
    from tutor.neutralise import terminal

    if not salt.strip():
        raise click.UsageError("--seed must not be empty")
    ids = split_ids(exercise_ids)
    if len(set(ids)) != len(ids):
        raise click.UsageError("an exercise is listed twice in --exercises")
    specs = [session.spec(exercise_id) for exercise_id in ids]
    try:
        students = read_roster(roster, id_column, name_column, email_column)
    except RosterError as error:
        for line in error.lines:
            click.echo(terminal(line), err=True)
        raise click.ClickException(terminal(str(error))) from None
    templates = ("csv", "yaml") if template == "both" else (template,)
    try:
        with progress_bar(len(students), "assigning") as advance:
            make_assignment(students, specs, session.registry, salt, out, variants=variants, title=title,
                            templates=templates, progress=advance, workers=workers or cpus(),
                            plugins_dir=session.plugins_dir)
    except (TutorError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"assigned {len(specs)} exercise(s) to {len(students)} student(s) in {out}: worksheets/, "
               f"answers/, answer_key.csv, answer_key.json, assignment.json")
