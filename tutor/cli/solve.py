"""``tutor solve``: step-by-step worked solutions of the course's calculus, from the command line.

Each subcommand reads an expression in the input language, builds the steps with
tutor.steps and prints them (or, with --json, {"result", "steps"} and, for
iterations, "iterates"). Exit codes: 0 solved, 1 the method cannot go on (e.g. a
singular Hessian), 2 a usage error such as an expression that cannot be read.
"""

from __future__ import annotations

import json
import sys

import click

from tutor.cli.context import pass_session

STYLES = ("unicode", "text", "latex", "markdown")


def _options(function):
    """The options every subcommand shares."""
    function = click.option("--vars", "variables", metavar="x,y",
                            help="The variables, in order; other names in EXPR are constants "
                                 "(default: every name in EXPR, x, y, z first).")(function)
    function = click.option("--format", "style", type=click.Choice(STYLES), default="unicode",
                            show_default=True, help="How to write the steps.")(function)
    function = click.option("--digits", type=click.IntRange(2, 15), default=4, show_default=True,
                            help="Significant digits of decimals in the steps (results stay exact).")(function)
    function = click.option("--json", "as_json", is_flag=True,
                            help='Print {"result", "steps"} (and "iterates") as JSON.')(function)
    return pass_session(function)


@click.group("solve")
def solve_command():
    """Worked, step-by-step solutions: derivatives, gradients, Hessians, descent, Newton, backprop.

    \b
    Examples:
      tutor solve derivative "x^2 sin(x)" --wrt x
      tutor solve gradient "x^2 + y^2" --at "(2, 3)"
      tutor solve hessian "2x^2 + 3y^2 - x y"
      tutor solve gd "e^x - ln(x)" --start 0.05 --rate 0.005 --steps 3
      tutor solve newton "e^x - ln(x)" --start 0.05 --steps 6 --format latex
    """


@solve_command.command("derivative")
@click.argument("expr")
@click.option("--wrt", metavar="x", help="Differentiate with respect to this variable.")
@_options
def derivative_command(session, expr, wrt, variables, style, digits, as_json):
    """The derivative of EXPR, rule by rule (a partial derivative when EXPR has other variables).

    \b
    Example:
      tutor solve derivative "3x^2 y^3" --wrt x
    """
    from tutor.steps import derivative_steps

    names = _names(variables, wrt)
    f = _read(expr, names, "EXPR")
    candidates = _variables_of(f, names)
    if wrt is not None:
        var = _symbol(wrt)
    elif len(candidates) == 1:
        var = candidates[0]
    else:
        _usage("give --wrt: EXPR has " + (f"the variables {', '.join(map(str, candidates))}"
                                          if candidates else "no variables"))
    _finish(session, lambda: [derivative_steps(f, var, simplify=True)], style, digits, as_json)


@solve_command.command("gradient")
@click.argument("expr")
@click.option("--at", "point", metavar="POINT", help='A point such as "(2, 3)": the gradient\'s value there.')
@_options
def gradient_command(session, expr, point, variables, style, digits, as_json):
    """The gradient of EXPR, one partial derivative per variable, optionally at a point.

    \b
    Example:
      tutor solve gradient "x^2 + y^2" --at "(2, 3)"
    """
    from tutor.steps import gradient_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    at = _read(point, names, "--at") if point is not None else None
    _finish(session, lambda: gradient_steps(f, _variables_of(f, names), at), style, digits, as_json)


@solve_command.command("hessian")
@click.argument("expr")
@click.option("--at", "point", metavar="POINT", help='A point such as "(0, 0)": classify it.')
@_options
def hessian_command(session, expr, point, variables, style, digits, as_json):
    """The Hessian of EXPR; at a point (or when constant) its eigenvalues and the classification
    (for one variable, f″ and the second-derivative test).

    \b
    Example:
      tutor solve hessian "2x^2 - 2y^2" --at "(0, 0)"
    """
    from tutor.steps import hessian_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    at = _read(point, names, "--at") if point is not None else None
    _finish(session, lambda: hessian_steps(f, _variables_of(f, names), at), style, digits, as_json,
            result=_hessian_result)


@solve_command.command("critical-points")
@click.argument("expr")
@_options
def critical_points_command(session, expr, variables, style, digits, as_json):
    """The critical points of EXPR: every partial derivative set to 0, the system solved.

    \b
    Example:
      tutor solve critical-points "(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2" --vars m,b
    """
    from tutor.steps import critical_point_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    _finish(session, lambda: critical_point_steps(f, _variables_of(f, names)), style, digits, as_json)


@solve_command.command("gd")
@click.argument("expr")
@click.option("--start", required=True, metavar="POINT", help='The start: a number, or a point "(1, 2)".')
@click.option("--rate", required=True, metavar="ALPHA", help="The learning rate, e.g. 0.005 or 1/10.")
@click.option("--steps", "count", type=click.IntRange(0, 1000), default=1, show_default=True,
              help="How many steps.")
@_options
def gd_command(session, expr, start, rate, count, variables, style, digits, as_json):
    """Gradient descent on EXPR: every step with its numbers, every iterate recorded.

    \b
    Example:
      tutor solve gd "e^x - ln(x)" --start 0.05 --rate 0.005 --steps 3
    """
    from tutor.steps import gd_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    x0 = _read(start, names, "--start")
    alpha = _read(rate, [], "--rate")
    _finish(session, lambda: gd_steps(f, x0, alpha, count, _variables_of(f, names)), style, digits, as_json,
            iterates=True)


@solve_command.command("newton")
@click.argument("expr")
@click.option("--start", required=True, metavar="POINT", help='The start: a number, or a point "(1, 2)".')
@click.option("--steps", "count", type=click.IntRange(0, 1000), default=1, show_default=True,
              help="How many steps.")
@_options
def newton_command(session, expr, start, count, variables, style, digits, as_json):
    """Newton's method for a minimum (or maximum) of EXPR: x − f′/f″, or solve H·d = ∇f.

    \b
    Example:
      tutor solve newton "e^x - ln(x)" --start 0.05 --steps 6
    """
    from tutor.steps import newton_steps

    names = _names(variables)
    f = _read(expr, names, "EXPR")
    x0 = _read(start, names, "--start")
    _finish(session, lambda: newton_steps(f, x0, count, _variables_of(f, names)), style, digits, as_json,
            iterates=True)


@solve_command.command("backprop")
@click.option("--model", type=click.Choice(["perceptron", "regression", "2-2-1"]), default="perceptron",
              show_default=True, help="perceptron: sigmoid + log loss; regression: linear + squared loss; "
                                      "2-2-1: the course's network.")
@click.option("--wrt", required=True, metavar="PARAMETER",
              help="The parameter, e.g. w1, b, w11 (also written w_11).")
@click.option("--format", "style", type=click.Choice(STYLES), default="unicode", show_default=True,
              help="How to write the steps.")
@click.option("--json", "as_json", is_flag=True, help='Print {"result", "steps"} as JSON.')
@pass_session
def backprop_command(session, model, wrt, style, as_json):
    """The chain-rule factors of ∂L/∂PARAMETER for a perceptron or the 2-2-1 network.

    \b
    Example:
      tutor solve backprop --model 2-2-1 --wrt w11
    """
    from tutor.steps import MODELS, backprop_steps
    from tutor.steps.backprop import parameter

    _finish(session, lambda: backprop_steps(MODELS[model](), parameter(_symbol(wrt))), style, 4, as_json)


# -- shared ---------------------------------------------------------------------------------


def _usage(message: str):
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _names(variables, *extra):
    if variables is None:
        return None
    from tutor.cli.check import _variables

    try:
        names = _variables(variables)
    except ValueError as error:
        _usage(f"--vars: {error}")
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
        _usage(f"cannot read {where} {text!r}: {error}")


def _symbol(name):
    from tutor.cli.check import _variables
    from tutor.language import variable

    try:
        (single,) = _variables(name)
    except ValueError as error:
        _usage(str(error))
    return variable(single)


def _variables_of(f, names):
    from tutor.language import variable
    from tutor.steps.variables import ordered_variables

    return ordered_variables(f, [variable(n) for n in names] if names else None)


def _hessian_result(steps) -> tuple:
    """The Hessian (at the point), and its eigenvalues and classification when known."""
    from tutor.steps.hessian import classification, eigenvalue_set

    # one variable: f″ (at the point) stands for the Hessian
    matrix = next((s.after for s in reversed(steps) if s.rule in ("substitute", "hessian")), steps[1].after)
    values = eigenvalue_set(steps)
    extra = {} if values is None else {"eigenvalues": values, "classification": classification(steps)}
    return matrix, extra


def _finish(session, build, style, digits, as_json, iterates=False, result=None):
    """Build the steps with the plugins' step rules, then print them (or JSON)."""
    from tutor.errors import TutorError
    from tutor.steps import iterates_of, render, using_rules
    from tutor.steps.numbers import rounded
    from tutor.steps.render import as_text, as_unicode

    try:
        with using_rules(session.registry.step_rules):
            steps = build()
    except (ValueError, TypeError, NotImplementedError, ArithmeticError, TutorError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    answer, extra = result(steps) if result is not None else (steps[-1].after, {})
    if as_json:
        data = {"result": as_text(answer), "steps": [s.to_dict() for s in steps]}
        data.update({name: as_text(value) for name, value in extra.items()})
        if iterates:
            data["iterates"] = [as_text(p) for p in iterates_of(steps)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(render(steps, style, digits))
    if style in ("unicode", "text"):
        printer = as_unicode if style == "unicode" else as_text

        def show(value):
            return printer(rounded(value, digits))

        click.echo(f"\nResult: {show(answer)}")
        for name, value in extra.items():
            click.echo(f"{name.capitalize()}: {show(value)}")
