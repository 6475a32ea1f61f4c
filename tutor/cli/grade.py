"""``tutor grade``: check a class's submitted answers against each student's own variant."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tutor.cli.context import pass_session
from tutor.cli.options import MAX_WORKERS, cpus, salt_option

SHOWN_PROBLEMS = 50


@click.command("grade")
@click.argument("submissions", type=click.Path(exists=True))
@salt_option("The salt the assignment was made with.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Grades CSV: one row per student x item.")
@click.option("--totals", "totals_path", type=click.Path(dir_okay=False),
              help="Per-student totals CSV (default: OUT with .totals.csv).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Also write a JSON report here.")
@click.option("--workers", type=click.IntRange(0, MAX_WORKERS), default=0, show_default=True,
              help=f"Worker processes, at most {MAX_WORKERS} (4 per CPU); 0 uses every CPU, 1 grades in "
                   "this process.")
@click.option("--assignment", type=click.Path(exists=True),
              help="assignment.json from tutor assign (or its directory): checks the salt, grades "
                   "unsubmitted items as blank, refuses unknown students and exercises.")
@click.option("--variants", type=click.IntRange(1), default=None, metavar="N",
              help="The --variants N the assignment was made with (read from --assignment if given).")
@click.option("--format", "formats", type=click.Choice(["csv", "canvas", "moodle", "gradescope"]), multiple=True,
              help="Also write the file an LMS imports (repeatable): canvas -> OUT.canvas.csv, moodle -> "
                   "OUT.moodle.csv, gradescope -> OUT.gradescope/ID/results.json. csv (the default): only the "
                   "grades and totals CSVs.")
@click.option("--feedback", "feedback_dir", type=click.Path(file_okay=False),
              help="Write each student's feedback to DIR/ID.md and DIR/ID.html.")
@click.option("--title", default=None, help="The assignment's name in the LMS files (default: the assignment's "
                                            "title, else 'Assignment').")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False),
              help="A roster (tutor, Canvas, Moodle or Gradescope export) whose columns the totals keep "
                   "(default: the roster tutor assign read, from --assignment).")
@click.option("--id-column", help="The roster column with the student id (default: from the header).")
@click.option("--name-column", help="The roster column with the student's name.")
@click.option("--email-column", help="The roster column with the student's email.")
@click.option("--dask", "dask_address", metavar="local|tcp://HOST:PORT",
              help="Grade on a Dask cluster: 'local' starts one on this machine (--workers processes), an "
                   "address uses a running scheduler. Needs pip install 'tutor[dask]'.")
@pass_session
def grade_command(session, submissions, salt, out, totals_path, json_path, workers, assignment, variants, formats,
                  feedback_dir, title, roster, id_column, name_column, email_column, dask_address):
    """Grade a class's answers, each against the student's own variant.

    SUBMISSIONS is a file or a directory of .csv, .json, .jsonl, .yaml or .yml files with
    student_id, exercise and answer (the templates tutor assign wrote, filled in). OUT gets
    student_id, exercise, seed, verdict (correct, incorrect, invalid, blank, error), score,
    max_score, feedback, answer, interpreted, method, source; the totals CSV gets one row per
    student. Rows that cannot be used are reported with their line and skipped. A run that
    is interrupted resumes where it stopped: rerun the same command (finished results are
    kept in OUT.journal until the output is written).

    Duplicates: when a student answers an exercise twice, the row with the later timestamp
    counts (a timestamp, submitted, submitted_at or time column, ISO 8601), else the later
    row (files in name order); the replaced row is reported. --seed is checked against the
    assignment (--assignment, or an assignment.json next to the answers): a salt that does
    not match is refused before grading.

    Exit codes: 0 all graded, 1 some rows could not be used (the rest is graded) or the run
    failed, 2 usage error (such as a --seed that does not match the assignment).

    \b
    Examples:
      tutor grade hw3/answers --seed "fall-2025 hw3" --assignment hw3 --out hw3-grades.csv
      tutor grade submissions.csv --seed s3cret --out grades.csv --json report.json --workers 8
      tutor grade hw3/answers --seed "fall-2025 hw3" --assignment hw3 --out hw3.csv --format canvas \\
          --feedback hw3-feedback
      tutor grade hw3/answers --seed "fall-2025 hw3" --assignment hw3 --out hw3.csv --dask tcp://sched:8786
    """
    from concurrent.futures.process import BrokenProcessPool

    from tutor import __version__
    from tutor.grading.grade import run
    from tutor.grading.journal import Journal, JournalError
    from tutor.grading.pool import WorkerLost
    from tutor.grading.lms import write_lms_files
    from tutor.neutralise import terminal
    from tutor.grading.plan import plan
    from tutor.grading.progress import progress_bar
    from tutor.grading.report import rows, write_reports
    from tutor.grading.submissions import read_submissions, submission_files

    manifest = _manifest(assignment, salt)
    if manifest is None:
        _check_nearby_manifest(submissions, salt)
    if manifest is not None:
        if variants is not None and variants != manifest.variants:
            raise click.UsageError(f"--variants {variants} differs from the assignment's ({manifest.variants})")
        variants = manifest.variants
    totals_path = totals_path or str(Path(out).with_suffix(".totals.csv"))
    outputs = [p for p in (out, totals_path, json_path) if p]
    files = submission_files(submissions, exclude=outputs)
    if not files:
        raise click.UsageError(f"no submission files (.csv, .json, .jsonl, .yaml, .yml) in {submissions}")
    if {Path(p).resolve() for p in outputs} & {f.resolve() for f in files}:
        raise click.UsageError("an output file (--out, --totals or --json) is one of the submission files")
    found, problems = read_submissions(files)
    tasks, unusable = plan(found, session.library, salt, variants, manifest)
    problems = sorted(problems + unusable, key=lambda p: (p.source, p.line))
    students = _roster(roster, id_column, name_column, email_column, manifest)
    title = title or (manifest.title if manifest is not None else "Assignment")
    journal = Journal(f"{out}.journal", __version__, salt)
    client = cluster = None
    try:
        if dask_address:
            client, cluster = _dask(dask_address, workers or cpus())
        with progress_bar(len(tasks), "grading") as advance:
            results, replayed = run(tasks, session.library, journal, workers=workers or cpus(),
                                    plugins_dir=session.plugins_dir, progress=advance, client=client)
        graded = rows(tasks, results)
        overall = write_reports(graded, problems, out, totals_path, json_path, students)
        written = write_lms_files(set(formats) - {"csv"}, graded, students, title, out, feedback_dir)
    except KeyboardInterrupt:
        raise click.ClickException(f"interrupted; finished results are kept in {journal.path}: run the same "
                                   "command again to resume") from None
    except (BrokenProcessPool, WorkerLost):
        raise click.ClickException(f"a grading worker process died; finished results are kept in {journal.path}: "
                                   "run the same command again to resume") from None
    except (OSError, JournalError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    journal.remove()
    if journal.ignored:
        click.echo(terminal(f"{journal.path}: {len(journal.ignored)} damaged or unsigned record(s) ignored "
                            f"(line {', '.join(map(str, journal.ignored[:10]))}); those items were graded again"),
                   err=True)
    _report(problems, overall, replayed, [out, totals_path, json_path, *written])
    _warn_if_mostly_wrong(overall, manifest)
    sys.exit(1 if problems else 0)


def _manifest(assignment, salt):
    if assignment is None:
        return None
    from tutor.grading.manifest import ManifestError, read_manifest
    from tutor.grading.seeds import salt_check

    path = Path(assignment)
    try:
        manifest = read_manifest(path / "assignment.json" if path.is_dir() else path)
    except ManifestError as error:
        raise click.ClickException(str(error)) from None
    if manifest.salt_check != salt_check(salt):
        raise click.UsageError("--seed is not the salt this assignment was made with")
    return manifest


MOSTLY_WRONG = 0.9  # above this share of incorrect answers, a wrong --seed is the likely cause
MOSTLY_WRONG_MIN_ITEMS = 10


def _check_nearby_manifest(submissions, salt) -> None:
    """Without --assignment: an assignment.json next to the answers (in their folder or the one
    above, as tutor assign writes them) still checks the salt, and is recommended."""
    from tutor.grading.manifest import ManifestError, read_manifest
    from tutor.grading.seeds import salt_check
    from tutor.neutralise import terminal

    folder = Path(submissions) if Path(submissions).is_dir() else Path(submissions).parent
    for candidate in (folder / "assignment.json", folder.parent / "assignment.json"):
        if not candidate.is_file():
            continue
        try:
            manifest = read_manifest(candidate)
        except ManifestError:
            return
        if manifest.salt_check != salt_check(salt):
            raise click.UsageError(terminal(f"--seed is not the salt {candidate} was made with "
                                            f"(grade with --assignment {candidate.parent} once the salt is right)"))
        click.echo(terminal(f"note: {candidate} is next to the answers: add --assignment {candidate.parent} to "
                            "grade missing answers as blank and refuse unknown students"), err=True)
        return


def _warn_if_mostly_wrong(overall, manifest) -> None:
    """A mistyped --seed grades every answer against another variant: say so when nearly all are wrong."""
    answered = overall["correct"] + overall["incorrect"]
    if manifest is not None or answered < MOSTLY_WRONG_MIN_ITEMS or overall["incorrect"] <= MOSTLY_WRONG * answered:
        return
    share = round(100 * overall["incorrect"] / answered)
    click.echo(f"warning: {share}% of the answers are incorrect: is --seed the salt the assignment was made "
               "with? Grade with --assignment DIR (the folder tutor assign wrote) to have the salt checked", err=True)


def _roster(path, id_column, name_column, email_column, manifest):
    """The students whose roster columns the outputs keep: --roster, else the assignment's."""
    if path is None:
        if id_column or name_column or email_column:
            raise click.UsageError("--id-column, --name-column and --email-column need --roster")
        return tuple(manifest.roster) if manifest is not None else ()
    from tutor.grading.roster import RosterError, read_roster
    from tutor.neutralise import terminal

    try:
        return tuple(read_roster(path, id_column, name_column, email_column))
    except RosterError as error:
        for line in error.lines:
            click.echo(terminal(line), err=True)
        raise click.ClickException(terminal(str(error))) from None


def _dask(address, workers):
    from tutor.grading.cluster import ClusterError, connect

    try:
        return connect(address, workers)
    except ClusterError as error:
        raise click.UsageError(str(error)) from None


def _report(problems, overall, replayed, outputs) -> None:
    from tutor.neutralise import terminal

    for problem in problems[:SHOWN_PROBLEMS]:
        click.echo(terminal(problem), err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"... and {len(problems) - SHOWN_PROBLEMS} more (all of them are in the --json report)", err=True)
    counts = ", ".join(f"{overall[v]} {v}" for v in ("correct", "incorrect", "invalid", "blank", "error")
                       if overall[v])
    resumed = f" ({replayed} from an earlier run's journal)" if replayed else ""
    written = ", ".join(str(p) for p in outputs if p)
    click.echo(terminal(f"graded {overall['items']} item(s) of {overall['students']} student(s){resumed}: "
                        f"{counts or 'nothing'}; score {overall['score']:g} of {overall['max_score']:g}; "
                        f"wrote {written}"))
    if problems:
        click.echo(f"{len(problems)} row(s) could not be used (listed above)", err=True)
