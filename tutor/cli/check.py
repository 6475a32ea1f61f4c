"""``tutor check``: judge one answer, or a JSON-lines batch of them."""

from __future__ import annotations

import json
import sys

import click

from tutor.checking.answer_kind import ANSWER_KINDS
from tutor.cli.options import json_option, variable_names, vars_option

KIND_CHOICES = ["auto", *(k for k in ANSWER_KINDS if k != "choice")]  # a choice needs an exercise's options


@click.command("check")
@click.option("--expected", "-e", metavar="EXPR", help="The expected answer, in the input language.")
@click.option("--answer", "-a", metavar="EXPR", help="The answer to judge.")
@vars_option("Declared variables (default: those --expected uses, printed on stderr: 12mb is 12*m*b).")
@click.option("--kind", type=click.Choice(KIND_CHOICES), default="auto", show_default=True,
              help="Answer kind; auto follows the expected answer.")
@click.option("--rtol", type=float, default=None, help="Relative tolerance for decimals (default 1e-3).")
@click.option("--atol", type=float, default=None, help="Absolute tolerance for decimals (default 0).")
@click.option("--places", type=int, default=None, help="Accept decimals correct to this many places.")
@click.option("--form", "forms", multiple=True, metavar="FORM",
              help="A required form (repeatable): expanded, factored, single-fraction, exact, simplified, "
                   "sig-figs:N, decimal-places:N, in-terms-of:sigma.")
@click.option("--timeout", type=float, default=2.0, show_default=True, help="Seconds allowed per check.")
@click.option("--batch", type=click.File("rb"), default=None, metavar="FILE.jsonl",
              help='Check many answers: one {"id", "expected", "answer", "vars"} per line; - reads stdin.')
@json_option("Print the verdict as JSON.")
def check_command(expected, answer, variables, kind, rtol, atol, places, forms, timeout, batch, as_json):
    """Check an answer against the expected one: correct, incorrect or invalid.

    Prints how the answer was read, the verdict and the method that decided it
    (symbolic, numeric or tolerance). Without --vars the variables are those of
    --expected (12mb is 12*m*b), printed on stderr as "variables: b, m". A form
    read two ways (e^2x, 1/2x, x^1/2) is invalid, with the brackets that decide.
    Exit code 0 when correct, 1 when incorrect or invalid, 2 for a usage error;
    with --batch, 0 when every line was checked.

    \b
    Examples:
      tutor check -e "2x*y^3" -a "2 x y³" --vars x,y
      tutor check -e "[2x, 2y]" -a "(2x, 2y)" --json
      tutor check -e "14m^2 + 12mb" -a "2m(7m + 6b)"
      tutor check -e "x^2 - 1" -a "(x - 1)(x + 1)" --form expanded
      tutor check -e "z = 2x + 3y - 1" -a "2x + 3y - z = 1"
      tutor check -e "(-oo, -1) U (1, oo)" -a "x < -1 or x > 1" --kind interval
      tutor check --batch answers.jsonl > verdicts.jsonl
    """
    from dataclasses import replace

    from tutor.limits import DEFAULT_LIMITS

    from tutor.checking import tolerance_problem

    for option, value in (("--rtol", rtol), ("--atol", atol), ("--places", places)):
        problem = tolerance_problem(option[2:], value)
        if problem:
            raise click.BadParameter(f"{problem}, not {value!r}", param_hint=option)
    from tutor.checking.forms import parse_form_text

    try:
        required = tuple(parse_form_text(text) for text in forms)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--form") from None
    limits = replace(DEFAULT_LIMITS, seconds=timeout)
    settings = {"kind": kind, "rtol": rtol, "atol": atol, "places": places, "limits": limits, "form": required}
    if batch is not None:
        if expected is not None or answer is not None:
            raise click.UsageError("--batch reads expected answers and answers from the file; "
                                   "do not also give --expected or --answer")
        sys.exit(_run_batch(batch, settings))
    if expected is None or answer is None:
        raise click.UsageError("give --expected and --answer (or --batch FILE)")
    try:
        names = variable_names(variables)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--vars") from None
    prepared = _prepare(expected, names, settings)
    if prepared.inferred and prepared.variable_names:
        click.echo(f"variables: {', '.join(prepared.variable_names)}", err=True)
    verdict = prepared.check(answer)
    if as_json:
        data = verdict.to_dict()
        data["variables"] = list(prepared.variable_names)
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_verdict(verdict)
    sys.exit(0 if verdict.correct else 1)


def _prepare(expected, variables, settings):
    from tutor.checking import prepare
    from tutor.errors import ParseError

    try:
        return prepare(expected, variables, **settings)
    except ParseError as error:
        raise click.UsageError(f"the expected answer cannot be read: {error}") from None
    except ValueError as error:  # a --kind that does not fit the expected answer
        raise click.UsageError(str(error)) from None


def _print_verdict(verdict) -> None:
    from tutor.status import Status

    if verdict.interpreted is not None:
        click.echo(f"interpreted as: {verdict.pretty}    ({verdict.interpreted})")
    headline = verdict.status + (f" ({verdict.method})" if verdict.method else "")
    if verdict.status == Status.CORRECT:
        click.secho(headline, fg="green")
    else:
        click.secho(f"{headline}: {verdict.message}", fg="red" if verdict.status == Status.INCORRECT else "yellow")
    for number, entry in enumerate(verdict.entries, 1):
        if not entry.correct:
            click.echo(f"  entry {number}: {entry.message}")


def _run_batch(stream, settings) -> int:
    from tutor.status import Status

    cache: dict = {}
    failures = 0
    for line_number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        record_id = None
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValueError(f"not UTF-8 text (byte {error.start + 1})") from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"not valid JSON ({error.msg}, column {error.colno})") from None
            except RecursionError:
                raise ValueError("the JSON is nested too deeply") from None
            if not isinstance(record, dict):
                raise ValueError("a line must be a JSON object")
            record_id = record.get("id")
            expected, answer = record["expected"], record["answer"]
            if not isinstance(expected, str) or not isinstance(answer, str):
                raise ValueError('"expected" and "answer" must be strings')
            variables = variable_names(record.get("vars"))
            key = (expected, None if variables is None else tuple(variables))
            if key not in cache:
                try:
                    cache[key] = _prepare(expected, variables, settings)
                except click.UsageError as error:
                    cache[key] = error  # a slow or unreadable expected answer costs its time once
            if isinstance(cache[key], click.UsageError):
                raise cache[key]
            verdict = cache[key].check(answer).to_dict()
            row = {"id": record_id, "verdict": verdict["verdict"], "message": verdict["message"],
                   "interpreted": verdict["interpreted"], "method": verdict["method"], "score": verdict["score"]}
        except (ValueError, KeyError, TypeError, click.UsageError) as error:
            failures += 1
            reason = error.format_message() if isinstance(error, click.UsageError) else (
                f"missing field {error}" if isinstance(error, KeyError) else str(error))
            row = {"id": record_id, "verdict": Status.INVALID, "message": f"line {line_number}: {reason}",
                   "interpreted": None, "method": None, "score": 0.0}
        click.echo(json.dumps(row, ensure_ascii=False))
    return 0 if failures == 0 else 1
