"""``tutor solve``: step-by-step worked solutions of the course's calculus, from the command line.

Each subcommand reads an expression in the input language, builds the steps with
tutor.steps and prints them (or, with --json, {"result", "variables", "steps"} and, for
iterations, "iterates"). An EXPR may start with a minus sign ("-2x^2 + y"); a point
may be written with or without brackets ("2, 3", "(2, 3)", "[2, 3]"). Without --vars
the variables are those of EXPR, x, y, z first, then by name; they are named on stderr.

Exit codes: 0 solved, 1 the method cannot go on (e.g. a singular Hessian, a point with
the wrong number of coordinates), 2 a usage error such as an expression that cannot be
read, 3 the work ran past the time limit (--timeout, 10 s by default).
"""

from __future__ import annotations

import json
import time

import click

from tutor.cli.context import pass_session
from tutor.cli.errors import EXIT_TIMEOUT, CommandUsageError, TimeLimitError
from tutor.cli.options import detail_option, json_option, usage_variable_names, variable_names, vars_option
from tutor.cli.signed_arguments import SignedArgumentCommand

OUTPUT_FORMATS = ("unicode", "text", "latex", "markdown")
DEFAULT_TIMEOUT = 10.0
MAX_STEPS = 200


def _options(function):
    """The options every subcommand that reads an EXPR shares."""
    function = vars_option("The variables, in order; other names in EXPR are constants "
                           "(default: every name in EXPR, x, y, z first, then by name).")(function)
    function = _detail(function)
    return _output_options(function)


_detail = detail_option(2, "1: the method; 2: and each rule applied to a non-trivial part; 3 (or full): every "
                           "rule. Below 3 an iteration leads.")


def _output_options(function):
    """--format, --digits, --json and --timeout."""
    function = click.option("--format", "style", type=click.Choice(OUTPUT_FORMATS), default="unicode",
                            show_default=True, help="How to write the steps.")(function)
    function = click.option("--digits", type=click.IntRange(2, 15), default=4, show_default=True,
                            help="Significant digits of decimals in the steps (results stay exact).")(function)
    function = json_option('Print {"result", "variables", "steps"} (and "iterates") as JSON.')(function)
    function = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT,
                            show_default=True, metavar="SECONDS",
                            help=f"Stop with exit code {EXIT_TIMEOUT} after this much wall time.")(function)
    return pass_session(function)


@click.group("solve")
def solve_command():
    """Worked, step-by-step solutions: derivatives, gradients, Hessians, descent, Newton, backprop.

    \b
    Examples:
      tutor solve derivative "x^2 sin(x)" --wrt x
      tutor solve gradient "x^2 + y^2" --at "2, 3"
      tutor solve hessian "-2x^2 - 3y^2 - xy + 15" --at "(0, 0)"
      tutor solve critical-points "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b"
      tutor solve gd "e^x - ln(x)" --start 0.05 --rate 0.005 --steps 3
      tutor solve newton "e^x - ln(x)" --start 0.05 --steps 6 --detail 3

    \b
    Exit codes: 0 solved; 1 the method cannot go on; 2 a usage error;
    3 the time limit (--timeout SECONDS, default 10) was reached.
    """


def _command(name: str):
    """A solve subcommand whose EXPR may start with "-"."""
    return solve_command.command(name, cls=SignedArgumentCommand)


@_command("derivative")
@click.argument("expr")
@click.option("--wrt", metavar="x", help="Differentiate with respect to this variable.")
@_options
def derivative_command(session, expr, wrt, variables, detail, style, digits, as_json, timeout):
    """The derivative of EXPR, rule by rule (a partial derivative when EXPR has other variables).

    \b
    Example:
      tutor solve derivative "3x^2 y^3" --wrt x
      tutor solve derivative "1/(1 + e^-x)"
    """
    from tutor.steps import derivative_steps

    names = _names(variables, wrt)
    f = _read(expr, names, "EXPR")
    candidates = _variables_of(f, names, expr)
    if wrt is not None:
        var = _symbol(wrt)
    elif len(candidates) == 1:
        var = candidates[0]
    else:
        raise CommandUsageError("give --wrt: EXPR has " + (f"the variables {', '.join(map(str, candidates))}"
                                                           if candidates else "no variables"))
    _finish(session, lambda: [derivative_steps(f, var, simplify=True)], _Output(style, digits, as_json, detail,
            timeout, variables=(var,) if wrt is not None else candidates, inferred=names is None),
            result=_derivative_result)


@_command("gradient")
@click.argument("expr")
@click.option("--at", "point", metavar="POINT", help='A point such as "2, 3" or "(2, 3)": the gradient there.')
@_options
def gradient_command(session, expr, point, variables, detail, style, digits, as_json, timeout):
    """The gradient of EXPR, one partial derivative per variable, optionally at a point.

    \b
    Example:
      tutor solve gradient "x^2 + y^2" --at "(2, 3)"
    """
    from tutor.steps import gradient_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    at = _read_point(point, names, "--at")
    found = _variables_of(f, names, expr)
    _finish(session, lambda: gradient_steps(f, found, at), _Output(style, digits, as_json, detail, timeout,
                                                                   found, names is None))


@_command("hessian")
@click.argument("expr")
@click.option("--at", "point", metavar="POINT", help='A point such as "0, 0" or "(0, 0)": classify it.')
@_options
def hessian_command(session, expr, point, variables, detail, style, digits, as_json, timeout):
    """The Hessian of EXPR and its eigenvalues with the classification: at the point given, when
    constant, or else at every critical point (for one variable, f″ and the second-derivative test).

    \b
    Examples:
      tutor solve hessian "2x^2 - 2y^2" --at "0, 0"
      tutor solve hessian "x^3 + y^3 - 3xy"
    """
    from tutor.steps import hessian_steps
    from tutor.steps.hessian import critical_point_tail

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    at = _read_point(point, names, "--at")
    found = _variables_of(f, names, expr)
    output = _Output(style, digits, as_json, detail, timeout, found, names is None)

    def build():
        steps = hessian_steps(f, found, at)
        if at is None:
            steps.extend(_within_half_the_time(lambda: critical_point_tail(f, found, steps), output,
                                               "the critical points were not found within half the time limit"))
        return steps

    _finish(session, build, output, result=_hessian_result)


@_command("critical-points")
@click.argument("expr")
@_options
def critical_points_command(session, expr, variables, detail, style, digits, as_json, timeout):
    """The critical points of EXPR: every partial derivative set to 0, the system solved.

    \b
    Example:
      tutor solve critical-points "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b"
    """
    from tutor.steps import critical_point_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    found = _variables_of(f, names, expr)
    output = _Output(style, digits, as_json, detail, timeout, found, names is None)
    if len(found) > 1:  # Result: (b, m) ∈ {(7/3, 1/2)}
        output.label = f"({', '.join(map(str, found))}) {'∈' if style == 'unicode' else 'in'} "
    _finish(session, lambda: critical_point_steps(f, found), output, result=_critical_points_result)


@_command("gd")
@click.argument("expr")
@click.option("--start", required=True, metavar="POINT", help='The start: a number, or a point "1, 2".')
@click.option("--rate", required=True, metavar="ALPHA", help="The learning rate, e.g. 0.005 or 1/10.")
@click.option("--steps", "count", type=click.IntRange(0, MAX_STEPS), default=1, show_default=True,
              help=f"How many steps (at most {MAX_STEPS}).")
@_options
def gd_command(session, expr, start, rate, count, variables, detail, style, digits, as_json, timeout):
    """Gradient descent on EXPR: every step with its numbers, every iterate recorded.

    \b
    Example:
      tutor solve gd "e^x - ln(x)" --start 0.05 --rate 0.005 --steps 3
    """
    from tutor.steps import gd_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    found = _variables_of(f, names, expr)
    x0 = _numbers(_read_point(start, names, "--start"), "--start")
    alpha = _numbers(_read(rate, [], "--rate"), "--rate")
    _only_variables(f, found, "gradient descent")
    _finish(session, lambda: gd_steps(f, x0, alpha, count, found),
            _Output(style, digits, as_json, detail, timeout, found, names is None, iterates=True))


@_command("newton")
@click.argument("expr")
@click.option("--start", required=True, metavar="POINT", help='The start: a number, or a point "1, 2".')
@click.option("--steps", "count", type=click.IntRange(0, MAX_STEPS), default=1, show_default=True,
              help=f"How many steps (at most {MAX_STEPS}).")
@_options
def newton_command(session, expr, start, count, variables, detail, style, digits, as_json, timeout):
    """Newton's method for a minimum (or maximum) of EXPR: x − f′/f″, or solve H·d = ∇f.

    \b
    Example:
      tutor solve newton "e^x - ln(x)" --start 0.05 --steps 6
    """
    from tutor.steps import newton_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    found = _variables_of(f, names, expr)
    x0 = _numbers(_read_point(start, names, "--start"), "--start")
    _only_variables(f, found, "Newton's method")
    _finish(session, lambda: newton_steps(f, x0, count, found),
            _Output(style, digits, as_json, detail, timeout, found, names is None, iterates=True))


@solve_command.command("backprop")
@click.option("--model", type=click.Choice(["perceptron", "regression", "2-2-1"]), default="perceptron",
              show_default=True, help="perceptron: sigmoid + log loss; regression: linear + squared loss; "
                                      "2-2-1: the course's network.")
@click.option("--wrt", required=True, metavar="PARAMETER",
              help="The parameter, e.g. w1, b, w11 (also written w_11).")
@_detail
@_output_options
def backprop_command(session, model, wrt, detail, style, digits, as_json, timeout):
    """The chain-rule factors of ∂L/∂PARAMETER for a perceptron or the 2-2-1 network.

    \b
    Example:
      tutor solve backprop --model 2-2-1 --wrt w11
    """
    from tutor.steps import MODELS, backprop_steps
    from tutor.steps.backprop import parameter

    _finish(session, lambda: backprop_steps(MODELS[model](), parameter(_symbol(wrt))),
            _Output(style, digits, as_json, detail, timeout))


# -- reading the command line -------------------------------------------------------------------


def _names(variables, *extra):
    if variables is None:
        return None
    names = usage_variable_names(variables, "--vars")
    for name in extra:
        if name is not None and name not in names:
            names.append(name)
    return names


def _read(text, names, where):
    """The input-language value of ``text``; a one-line error (exit 2) when it cannot be read.
    Names other than the variables are read as constants (a, b in a·x² + b·y)."""
    from tutor.errors import ParseError
    from tutor.language import parse

    try:
        return parse(text, names)
    except ParseError as error:
        if names is not None and where == "EXPR" and str(error).startswith("unknown variable"):
            try:
                return parse(text, None)
            except ParseError:
                pass
        raise CommandUsageError(f"cannot read {where} {text!r}: {error}") from None


def _read_point(text, names, where):
    """A point written "2, 3", "(2, 3)" or "[2, 3]" (a number for one variable); None stays None."""
    if text is None:
        return None
    from tutor.language.values import Matrix, SetValue

    stripped = text.strip()
    bare = not stripped.startswith(("(", "[")) and _has_top_level_comma(stripped)
    value = _read(f"({stripped})" if bare else stripped, names, where)
    if isinstance(value, (Matrix, SetValue)):
        raise CommandUsageError(f"{where} {text!r} is not a point: write its coordinates, "
                                "e.g. \"2, 3\" or \"(2, 3)\"")
    return value


def _has_top_level_comma(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            return True
    return False


def _numbers(value, where):
    """``value`` when every coordinate is a number; an iteration cannot run on symbols (exit 2)."""
    from tutor.language.values import free_symbols

    names = free_symbols(value)
    if names:
        raise CommandUsageError(f"{where} must be numbers, not {', '.join(sorted(map(str, names)))}")
    return value


def _only_variables(f, variables, method):
    """An iteration needs numbers: a constant other than the variables would grow without bound."""
    from tutor.language.values import free_symbols

    others = sorted(map(str, free_symbols(f) - set(variables)))
    if others:
        raise CommandUsageError(f"{method} needs numbers: EXPR has the constant{'s' if len(others) > 1 else ''} "
                                f"{', '.join(others)} besides the variable{'s' if len(variables) > 1 else ''} "
                                f"{', '.join(map(str, variables))}; write its value in EXPR")


def _symbol(name):
    from tutor.language import variable

    try:
        (single,) = variable_names(name)
    except ValueError as error:
        raise CommandUsageError(str(error)) from None
    return variable(single)


def _variables_of(f, names, expr):
    """The variables in --vars order, or as inferred from EXPR: x, y, z first, then as they
    first appear (so "14m^2 + 3b^2 + 12mb" solves for (m, b))."""
    from tutor.language import infer_variables, variable
    from tutor.language.values import ordered_variables

    if names is None:
        names = infer_variables(expr)
    return ordered_variables(f, [variable(n) for n in names] if names else None)


# -- results ------------------------------------------------------------------------------------


def _within_half_the_time(work, output, note):
    """``work()`` with half of --timeout; on running out, [] and ``note`` for the reader."""
    from tutor.errors import CheckTimeout
    from tutor.limits import time_limit

    try:
        with time_limit(output.timeout / 2):
            return work()
    except CheckTimeout:
        if time.monotonic() >= output.deadline:
            raise  # the whole command's limit, not this part's
        output.notes.append(note)
        return []


def _derivative_result(steps) -> tuple:
    """The derivative; for a logistic function, e^(−u)/(1 + e^(−u))² and its σ form."""
    from tutor.steps.derivative import sigmoid_ordered

    last = steps[-1]
    if last.rule == "simplify" and last.parts.get("form") == "sigmoid":
        return last.parts["unsimplified"], {"equivalently": last.after}
    return sigmoid_ordered(last.after), {}


def _critical_points_result(steps) -> tuple:
    """The set of critical points, and f at each (numeric) one."""
    from tutor.steps.critical import critical_values

    solve = next(s for s in steps if s.rule == "solve_system")
    values = critical_values(steps)
    extra = {"values": [{"point": p, "value": v} for p, v in values]} if values else {}
    if "families" in solve.parts:  # a line of critical points: "every point (0, y)", as the step says
        extra["families"] = list(solve.parts["families"])
        extra["isolated"] = list(solve.parts["isolated"])
    return solve.after, extra


def _hessian_result(steps) -> tuple:
    """The Hessian (at the point), and its eigenvalues and classification when known, or
    the classification at each critical point."""
    from tutor.steps.hessian import classification, critical_point_classes, eigenvalue_set

    # one variable: f″ (at the point) stands for the Hessian
    matrix = next((s.after for s in reversed(steps)
                   if s.rule in ("substitute", "hessian") and "critical" not in s.parts), steps[1].after)
    values = eigenvalue_set(steps)
    if values is not None:
        return matrix, {"eigenvalues": values, "classification": classification(steps)}
    classes = critical_point_classes(steps)
    solve = next((s for s in steps if s.rule == "solve_system"), None)
    if solve is not None:
        extra = {"critical_points": [{"point": p, "eigenvalues": e, "classification": c} for p, e, c in classes]}
        if "families" in solve.parts:  # the eigenvalue test classifies isolated points only
            extra["unclassified"] = list(solve.parts["families"])
        return matrix, extra
    return matrix, {}


class _Output:
    """How to print: style, digits, JSON or not, detail, the time limit, and the variables."""

    def __init__(self, style, digits, as_json, detail, timeout, variables=None, inferred=False, iterates=False):
        self.style, self.digits, self.as_json = style, digits, as_json
        self.detail, self.timeout, self.iterates = detail, timeout, iterates
        self.variables, self.inferred = variables, inferred
        self.notes: list[str] = []  # what the reader should know, e.g. a part cut short by the time limit
        self.deadline = float("inf")  # time.monotonic() when --timeout runs out, set by _finish
        self.label = ""  # written before the result, e.g. "(b, m) ∈ "


def _finish(session, build, output: _Output, result=None):
    """Build the steps with the plugins' step rules within the time limit, then print them (or JSON)."""
    from tutor.errors import CheckTimeout
    from tutor.limits import time_limit

    output.deadline = time.monotonic() + output.timeout
    try:
        with time_limit(output.timeout):
            printed = _solve(session, build, output, result)
    except CheckTimeout:
        raise TimeLimitError(f"stopped after {output.timeout:g} s, the time limit (exit {EXIT_TIMEOUT}); "
                             "try a simpler expression, fewer --steps or a larger --timeout") from None
    for text, to_stderr in printed:
        click.echo(text, err=to_stderr)


def _solve(session, build, output: _Output, result) -> list[tuple[str, bool]]:
    """What to print, in order, as (text, on stderr); a method that cannot go on is an error (exit 1).
    The inferred variables go to stderr just above the result lines."""
    from tutor.errors import TutorError
    from tutor.steps import iterates_of, render, using_rules
    from tutor.steps.formatting import as_text

    try:
        with using_rules(session.registry.step_rules):
            steps = build()
    except (ValueError, TypeError, NotImplementedError, ArithmeticError, TutorError) as error:
        raise click.ClickException(str(error)) from None
    answer, extra = result(steps) if result is not None else (steps[-1].after, {})
    names = None if output.variables is None else [as_text(v) for v in output.variables]
    if output.as_json:
        data = {"result": as_text(answer)}
        if names is not None:
            data["variables"] = names
        data["steps"] = [s.to_dict() for s in steps]
        data.update({name: _plain(value) for name, value in extra.items()})
        if output.iterates:
            data["iterates"] = [as_text(p) for p in iterates_of(steps)]
        if output.notes:
            data["notes"] = list(output.notes)
        return [(json.dumps(data, ensure_ascii=False, indent=2), False)]
    printed = [(render(steps, output.style, output.digits, detail=output.detail), False)]
    summary = output.style in ("unicode", "text")
    if summary:
        printed.append(("", False))
    if output.inferred and names:
        printed.append((f"variables: {', '.join(names)}", True))
    printed.extend((f"note: {note}", True) for note in output.notes)
    if summary:
        printed.append(("\n".join(_summary(answer, extra, output)), False))
    return printed


def _bracketed(text: str) -> str:
    return text if text.startswith("(") else f"({text})"


def _plain(value):
    """A result part as JSON data: text for values, lists and dicts of text."""
    from tutor.steps.formatting import as_text

    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return as_text(value)


def _summary(answer, extra, output: _Output) -> list[str]:
    """The "Result: ..." lines under the steps."""
    from tutor.steps.numbers import rounded
    from tutor.steps.formatting import as_text, as_unicode

    printer = as_unicode if output.style == "unicode" else as_text

    def show(value):
        return printer(rounded(value, output.digits))

    if "equivalently" in extra:
        return [f"Result: {show(extra['equivalently'])} = {show(answer)}"]
    if "families" in extra:
        found = [f"every point {_bracketed(show(f))}" for f in extra["families"]]
        found += [_bracketed(show(p)) for p in extra["isolated"]]
        lines = [f"Result: {' and '.join(found)}"]
    else:
        lines = [f"Result: {output.label}{show(answer)}"]
    for name, value in extra.items():
        if name in ("families", "isolated"):
            continue
        if name == "values":
            lines.extend(f"f{_bracketed(show(p['point']))} = {show(p['value'])}" for p in value)
        elif name == "critical_points":
            measure = "f″ =" if output.variables is not None and len(output.variables) == 1 else "eigenvalues"
            if output.style == "text":
                measure = measure.replace("″", "''")
            lines.extend(f"At {show(p['point'])}: {p['classification']}, {measure} {show(p['eigenvalues'])}"
                         for p in value)
            if not value and "unclassified" not in extra:
                lines.append("No critical point to classify")
        elif name == "unclassified":
            lines.extend(f"Every point {_bracketed(show(f))}: not classified (not an isolated critical point: "
                         "the eigenvalue test does not apply)" for f in value)
        else:
            lines.append(f"{name.capitalize()}: {show(value)}")
    return lines
