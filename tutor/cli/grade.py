"""``tutor grade``: check a class's submitted answers against each student's own variant."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tutor.cli.context import pass_session
from tutor.cli.options import salt_option

SHOWN_PROBLEMS = 50


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


MAX_WORKERS = 4 * _cpus()  # more processes than this only add memory and switching


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
@pass_session
def grade_command(session, submissions, salt, out, totals_path, json_path, workers, assignment, variants):
    """Grade a class's answers, each against the student's own variant.

    SUBMISSIONS is a file or a directory of .csv, .json, .jsonl, .yaml or .yml files with
    student_id, exercise and answer (the templates tutor assign wrote, filled in). OUT gets
    student_id, exercise, seed, verdict (correct, incorrect, invalid, blank, error), score,
    max_score, feedback, answer, interpreted, method, source; the totals CSV gets one row per
    student. Rows that cannot be used are reported with their line and skipped. A run that
    is interrupted resumes where it stopped: rerun the same command (finished results are
    kept in OUT.journal until the output is written).

    Exit codes: 0 all graded, 1 some rows could not be used (the rest is graded) or the run
    failed, 2 usage error.

    \b
    Examples:
      tutor grade hw3/answers --seed "fall-2025 hw3" --assignment hw3 --out hw3-grades.csv
      tutor grade submissions.csv --seed s3cret --out grades.csv --json report.json --workers 8
    """
    from concurrent.futures.process import BrokenProcessPool

    from tutor import __version__
    from tutor.grading.grade import run
    from tutor.grading.journal import Journal, JournalError
    from tutor.neutralise import terminal
    from tutor.grading.plan import plan
    from tutor.grading.progress import progress_bar
    from tutor.grading.report import rows, write_reports
    from tutor.grading.submissions import read_submissions, submission_files

    manifest = _manifest(assignment, salt)
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
    journal = Journal(f"{out}.journal", __version__, salt)
    try:
        with progress_bar(len(tasks), "grading") as advance:
            results, replayed = run(tasks, session.library, journal, workers=workers or _cpus(),
                                    plugins_dir=session.plugins_dir, progress=advance)
        overall = write_reports(rows(tasks, results), problems, out, totals_path, json_path)
    except KeyboardInterrupt:
        raise click.ClickException(f"interrupted; finished results are kept in {journal.path}: run the same "
                                   "command again to resume") from None
    except BrokenProcessPool:
        raise click.ClickException(f"a grading worker process died; finished results are kept in {journal.path}: "
                                   "run the same command again to resume") from None
    except (OSError, JournalError) as error:
        raise click.ClickException(str(error)) from None
    journal.remove()
    if journal.ignored:
        click.echo(terminal(f"{journal.path}: {len(journal.ignored)} damaged or unsigned record(s) ignored "
                            f"(line {', '.join(map(str, journal.ignored[:10]))}); those items were graded again"),
                   err=True)
    _report(problems, overall, replayed, out, totals_path, json_path)
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


def _report(problems, overall, replayed, out, totals_path, json_path) -> None:
    from tutor.neutralise import terminal

    for problem in problems[:SHOWN_PROBLEMS]:
        click.echo(terminal(problem), err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(f"... and {len(problems) - SHOWN_PROBLEMS} more (all of them are in the --json report)", err=True)
    counts = ", ".join(f"{overall[v]} {v}" for v in ("correct", "incorrect", "invalid", "blank", "error")
                       if overall[v])
    resumed = f" ({replayed} from an earlier run's journal)" if replayed else ""
    written = ", ".join(p for p in (out, totals_path, json_path) if p)
    click.echo(terminal(f"graded {overall['items']} item(s) of {overall['students']} student(s){resumed}: "
                        f"{counts or 'nothing'}; score {overall['score']:g} of {overall['max_score']:g}; "
                        f"wrote {written}"))
    if problems:
        click.echo(f"{len(problems)} row(s) could not be used (listed above)", err=True)
