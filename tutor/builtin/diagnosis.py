"""Built-in plugin: generic diagnoses of wrong answers (sign, constant factor, order, transpose)."""

from tutor.hookspecs import hookimpl


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor.exercises.diagnosis import generic_diagnosis

    return generic_diagnosis(problem, answer)
