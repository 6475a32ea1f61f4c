"""Built-in plugin: limits, through the hooks every plugin uses — the ``limit`` answer kind
(tutor.checking.limit_answers), the operations ``limit``, ``limit_at_infinity`` and
``nondifferentiable_points`` (tutor.calculus_limits), the step operations ``limit_steps``
and ``first_principles_steps`` (tutor.steps.limits), the ``limit`` filter, and
the diagnoses of a limit answer that mixes up a number, ±∞ and "does not exist"
(tutor.builtin.limit_diagnosis)."""

from tutor.deferred import Deferred
from tutor.hookspecs import hookimpl

_ANSWERS = "tutor.checking.limit_answers"

# name: (module, function, fewest args, most args, what it gives)
OPERATIONS = {
    "limit": ("tutor.calculus_limits", "limit", 3, 4,
              "limit(f, x, a[, side]): the limit of f as x → a (side 1 right, -1 left, 0 both), as a limit "
              "answer: a number, oo, -oo or DNE"),
    "limit_at_infinity": ("tutor.calculus_limits", "limit_at_infinity", 2, 3,
                          "limit_at_infinity(f, x[, sign]): the limit of f as x → ∞ (sign -1: x → −∞)"),
    "nondifferentiable_points": ("tutor.calculus_limits", "nondifferentiable_points", 2, 2,
                                "nondifferentiable_points(f, x): the set of points where f is defined but f′ "
                                "is not (corners, cusps, vertical tangents)"),
    "limit_steps": ("tutor.steps.limits", "limit_steps", 3, 3,
                    "limit_steps(f, x, a): cancel the common factor, then substitute x = a"),
    "first_principles_steps": ("tutor.steps.limits", "first_principles_steps", 3, 3,
                               "first_principles_steps(f, x, h): (f(x + h) − f(x))/h expanded, h cancelled, "
                               "h → 0"),
}


@hookimpl
def register_answer_kinds(register):
    register("limit", Deferred(_ANSWERS, "check_limit"), Deferred(_ANSWERS, "read_limit"))


@hookimpl
def register_jinja_filters(register):
    register("limit", Deferred(_ANSWERS, "limit_pretty"))


@hookimpl
def register_operations(register):
    for name, (module, function, fewest, most, doc) in OPERATIONS.items():
        register(name, Deferred(module, function), fewest, most, doc)


@hookimpl
def diagnose(problem, answer, verdict):
    if problem.expected.kind != "limit":
        return None
    from tutor.builtin.limit_diagnosis import limit_diagnosis

    return limit_diagnosis(problem.expected.value, answer)
