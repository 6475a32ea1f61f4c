"""Built-in plugin: generic diagnoses of wrong answers (tutor.builtin.generic_diagnosis),
through the same diagnose hook outside plugins use."""

from tutor.hookspecs import hookimpl


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor.builtin.generic_diagnosis import generic_diagnosis

    return generic_diagnosis(problem, answer)
