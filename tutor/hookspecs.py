"""Every hook a tutor plugin can implement, in one place.

A plugin is a module or object with functions marked ``@hookimpl`` whose names
are hook names below. The built-in topics are plugins too (tutor.builtin), using
exactly these hooks. Hooks are called with keyword arguments; registry hooks get
a ``register`` callback (as in llm) rather than returning lists.

    from tutor import hookimpl

    @hookimpl
    def exercise_dirs():
        return [Path(__file__).parent / "exercises"]

docs/plugins.md shows a working example of each hook. Plugins are loaded at start-up,
so a plugin module imports SymPy inside its functions, not at its top.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("tutor")
hookimpl = pluggy.HookimplMarker("tutor")


@hookspec
def exercise_dirs():
    """Directories (or single files) of YAML exercise definitions this plugin provides.

    Return a list of ``pathlib.Path`` (or ``importlib.resources`` traversables).
    Every ``*.yaml``/``*.yml`` file below each is loaded. Results of all plugins
    are combined; exercise ids must be unique across them.
    """


@hookspec
def register_operations(register):
    """Add named operations that exercise YAML may call, such as ``diff(f, x)``.

    Call ``register(name, function, min_args=1, max_args=1, doc="")`` once per
    operation. ``function`` receives SymPy values (expressions, or
    tutor.language Vector / Matrix / SetValue) and returns one. Operations are
    available only in exercise files, never in students' answers.
    """


@hookspec
def register_answer_kinds(register):
    """Add answer kinds and their checkers (expression, number, vector, ...).

    Call ``register(name, checker, reader=None, wrong_choices=None)``.
    ``checker(expected, answer, judge)`` returns a tutor.checking.Verdict, where
    ``expected`` is the prepared expected value and ``answer`` the value read from
    the student's text; ``judge.entry(expected_expression, answer_expression)``
    compares two expressions. ``reader(text)`` turns the text into a value when the
    kind is not written in the input language (e.g. a choice); the default reader is
    the safe input-language parser. A kind that picks among the exercise's declared
    ``choices`` may give ``wrong_choices(expected, answer, choices)``: the declared
    choices a wrong answer gets wrong, so that the exercise's ``choice:`` diagnoses
    can say why each is wrong.
    """


@hookspec
def register_step_rules(register):
    """Add differentiation step rules for step-by-step solutions.

    Call ``register(function_class, handler)``: ``function_class`` is a SymPy
    function class (e.g. ``sympy.erf``); ``handler(expr, variable, recurse)``
    returns a tutor.steps Step whose ``after`` is the derivative of ``expr``.
    A function class has one rule: a second plugin registering one for it is an
    error naming both plugins.
    """


@hookspec
def register_method_rules(register):
    """Add method step rules: the steps of a worked solution that are not one derivative
    (an antiderivative table entry, a limit law, ...).

    Call ``register(name, description, parts=(), example="", template=None, kind="method",
    level=2, top_level=1)``. Steps ``tutor.steps.Step(name, before, after, None, parts, reason)``
    of the rule then render in every style through ``template``: one Jinja template for every
    style, written like the built-in method templates (``o``/``c`` open and close maths,
    ``m(value)``, ``parts``, ``before``, ``after``, ``reason``), or a dict with one per style
    (text, unicode, markdown, latex); the default writes "reason: before = after". ``level`` is
    the rule's level of detail below another method step (1 the method, 2 working, 3 trivial),
    ``top_level`` its level at the top of a solution. A name used by a built-in rule or by
    another plugin is an error naming both.
    """


@hookspec
def register_jinja_filters(register):
    """Add Jinja filters for exercise prompts, hints and worksheets.

    Call ``register(name, function)``. Templates render in a sandbox; filters
    receive template values (SymPy values among them) and return text.
    """


@hookspec(firstresult=True)
def diagnose(problem, answer, verdict):
    """Explain a wrong answer: return a tutor.exercises.Diagnosis, or None to pass.

    ``problem`` is the tutor.exercises.Problem being answered, ``answer`` the
    value read from the student's text and ``verdict`` the checker's Verdict
    (status 'incorrect'). The first plugin to return a Diagnosis wins; plugins
    registered later are asked first, so an outside plugin can refine the
    built-in diagnoses. A Diagnosis carries a message and optional partial credit.
    """


@hookspec
def register_commands(cli):
    """Add commands to the ``tutor`` command line: ``cli`` is the click group."""
