"""tutor in Jupyter: problems, verdicts and worked solutions as rendered maths, and a widget quiz.

::

    import tutor.notebook as tn
    p = tn.problem("power-rule-integer", seed=3)   # shows the prompt with its maths typeset
    p.check("3x^2")                                # a verdict shows itself too
    tn.check(p, "3x^2")                            # ... and here with the answer as read, typeset
    tn.solution(p)                                 # the worked solution, step by step
    tn.quiz(topic="derivative-rules", user="ada")  # answer box, live "interpreted as", buttons

Problems (tutor.exercises.Problem) and verdicts (tutor.checking.Verdict) show themselves
through ``_repr_html_`` / ``_repr_latex_`` / ``_repr_mimebundle_`` (tutor.notebook.render).
The quiz (tutor.notebook.widget_quiz) stores every answer, and rates every problem for
spaced repetition, in the same progress database as ``tutor quiz``. Nothing heavy is
imported until it is used: SymPy with the first problem, ipywidgets only by ``quiz``.
"""

from __future__ import annotations

from tutor.notebook.render import Feedback, WorkedSolution

def _registry(plugins_dir=None):
    from tutor.registry import get_registry

    return get_registry(plugins_dir)


def library(plugins_dir=None) -> dict:
    """The exercise library (built-ins, installed plugins and ``plugins_dir``)."""
    from tutor.exercises.loader import load_library

    return load_library(_registry(plugins_dir))


def problem(exercise_id: str, seed: int = 0, plugins_dir=None):
    """One variant of an exercise; it shows itself as rendered maths."""
    from tutor.exercises import instantiate

    exercises = library(plugins_dir)
    if exercise_id not in exercises:
        raise KeyError(f"unknown exercise {exercise_id!r}")
    return instantiate(exercises[exercise_id], seed, _registry(plugins_dir))


def check(problem, answer: str) -> Feedback:
    """Judge ``answer`` to ``problem``; the result shows the verdict and the answer as read."""
    return Feedback(problem, answer, problem.check(answer))


def solution(problem) -> WorkedSolution:
    return WorkedSolution(problem)


def quiz(topic=None, user=None, *, exercise=None, db=None, seed=None, retries: int = 2, plugins_dir=None,
         clock=None):
    """An ipywidgets quiz: answer box with the live "interpreted as", submit, hint, solution, next.

    ``topic`` and ``exercise``: a name or a list of them (default: every exercise). ``user``:
    whose progress (default $TUTOR_USER, else the login name); ``db``: the progress database
    (default $TUTOR_DB, else the platform's data folder). Display the returned object."""
    from tutor.notebook.widget_quiz import NotebookQuiz

    return NotebookQuiz.start(topic=topic, user=user, exercise=exercise, db=db, seed=seed, retries=retries,
                              plugins_dir=plugins_dir, clock=clock)
