"""A test plugin that adds a whole topic (momentum steps) through the public hooks alone."""

from pathlib import Path

import click

from tutor import hookimpl


def momentum_step(f, variable, start, velocity, rate, beta):
    """v1 = beta v0 + f'(x0); x1 = x0 - rate v1 (heavy-ball momentum)."""
    import sympy

    slope = sympy.diff(f, variable).subs(variable, start)
    return start - rate * (beta * velocity + slope)


def read_yes_no(text):
    words = text.strip().lower()
    return {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}.get(words, words)


def check_yes_no(expected, answer, judge):
    from tutor.checking import Verdict

    if answer not in ("yes", "no"):
        return Verdict("invalid", 0.0, "answer yes or no", "kind")
    if answer == expected:
        return Verdict("correct", 1.0, "correct", "symbolic")
    return Verdict("incorrect", 0.0, "no", "symbolic")


@hookimpl
def exercise_dirs():
    return [Path(__file__).parent / "exercises"]


@hookimpl
def register_operations(register):
    register("momentum_step", momentum_step, 6, 6, "momentum_step(f, x, x0, v0, rate, beta)")


@hookimpl
def register_answer_kinds(register):
    register("yes_no", check_yes_no, read_yes_no)


@hookimpl
def register_jinja_filters(register):
    register("percent", lambda value: f"{float(value) * 100:g}%")


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor.exercises import Diagnosis

    if problem.spec.topic != "momentum" or "forgot" not in problem.values:
        return None
    if problem.diagnoses and answer == problem.values["forgot"]:
        return None
    if answer == problem.values["forgot"]:
        return Diagnosis("You left out the velocity: momentum adds beta times the previous step.", 0.25)
    return None


@hookimpl
def register_commands(cli):
    @cli.command("momentum-demo")
    def momentum_demo():
        """Say hello from the momentum test plugin."""
        click.echo("hello from the momentum plugin")
