"""tutor-analysis: limits, derivatives from first principles, Taylor series, integration,
the calculus of variations and implicit differentiation, as a tutor plugin.

It adds the topics of the syllabus modules 01, 02 (top-up), 05, 11, 12 and 17 through the
public hooks alone: its exercise files (exercise_dirs), the operations those files call
(register_operations), the method step rules of antiderivatives, definite integrals and
limit laws that its worked solutions use (register_method_rules), two answer kinds —
``antiderivative`` (judged up to a constant) and ``delta-epsilon`` (a δ(ε) judged by
sampling the property) — (register_answer_kinds) and a
diagnosis an exercise file cannot state (diagnose). Its limit exercises use tutor's own
``limit`` kind, filter, operations and diagnoses (tutor.builtin.limits), as the built-in
library does.
"""

from __future__ import annotations

from importlib import resources

from tutor import hookimpl
from tutor.deferred import Deferred

__version__ = "0.1.0"


@hookimpl
def exercise_dirs():
    return [resources.files("tutor_analysis") / "exercises"]


@hookimpl
def register_operations(register):
    from tutor_analysis import integral_steps, limit_law_steps, steps
    from tutor_analysis.operations import OPERATIONS

    for name, (function, fewest, most, doc) in {**OPERATIONS, **steps.STEP_OPERATIONS,
                                                **integral_steps.STEP_OPERATIONS,
                                                **limit_law_steps.STEP_OPERATIONS}.items():
        register(name, function, fewest, most, doc)


@hookimpl
def register_method_rules(register):
    from tutor_analysis.rules import register_rules

    register_rules(register)


@hookimpl
def register_answer_kinds(register):
    kinds = "tutor_analysis.kinds"  # imported on first use, so `tutor list` loads no SymPy
    register("antiderivative", Deferred(kinds, "check_antiderivative"))
    register("delta-epsilon", Deferred(kinds, "check_delta_epsilon"), Deferred(kinds, "read_delta"))


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor_analysis.diagnosis import diagnose_analysis

    return diagnose_analysis(problem, answer, verdict)
