"""``tutor gradescope``: grade one submission inside Gradescope's autograder (run_autograder)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tutor.cli.context import pass_session


@click.command("gradescope")
@click.option("--seed", "salt", required=True, metavar="SALT", envvar="TUTOR_SALT",
              help="The salt the assignment was made with (also TUTOR_SALT).")
@click.option("--root", type=click.Path(file_okay=False), default="/autograder", show_default=True,
              help="Gradescope's autograder folder (submission/, submission_metadata.json, results/).")
@click.option("--assignment", type=click.Path(), default=None,
              help="assignment.json from tutor assign, or its folder (default: ROOT/source/assignment.json).")
@pass_session
def gradescope_command(session, salt, root, assignment):
    """Grade the submission in ROOT/submission and write ROOT/results/results.json.

    The student is the one Gradescope's submission_metadata.json names (matched by email
    against the assignment's roster), never the id written in the file, and each answer is
    checked against that student's own variant. results.json holds the score, a summary in
    "output", and one test per exercise (name, number, score, max_score, status, output:
    the answer as read, the verdict and the feedback).

    Use it as the autograder's run_autograder script, with assignment.json (from tutor
    assign) in the autograder zip and tutor installed by setup.sh:

    \b
      #!/usr/bin/env bash
      tutor gradescope --seed "$(cat /autograder/source/salt.txt)"

    Exit codes: 0 results.json written (a student not on the roster gets a score of 0 and
    a message), 1 the layout cannot be used, 2 usage error (such as a wrong salt).
    """
    from tutor.grading.autograder import AutograderError, grade_submission
    from tutor.grading.manifest import ManifestError, read_manifest
    from tutor.grading.seeds import salt_check

    path = Path(assignment) if assignment else Path(root) / "source" / "assignment.json"
    if path.is_dir():
        path = path / "assignment.json"
    try:
        manifest = read_manifest(path)
    except ManifestError as error:
        raise click.ClickException(str(error)) from None
    if manifest.salt_check != salt_check(salt):
        raise click.UsageError("--seed is not the salt this assignment was made with")
    try:
        results = grade_submission(root, salt, manifest, session.library, session.plugins_dir)
    except (AutograderError, OSError) as error:
        raise click.ClickException(str(error)) from None
    passed = sum(1 for test in results["tests"] if test["status"] == "passed")
    click.echo(f"graded {len(results['tests'])} item(s): {passed} correct; score {results['score']:g}; "
               f"wrote {Path(root) / 'results' / 'results.json'}")
    sys.exit(0)
