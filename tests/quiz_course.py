"""The quiz tests' own course: two topics of exercises (written into a test's directory, so the
tests do not depend on the built-in library), a plugins directory that adds them, right and
wrong answers, and a scripted student for the in-process quiz loop."""

from __future__ import annotations

import textwrap

from tutor.practice.store import open_store

DERIVATIVES = """
topic: quizdemo-derivatives
exercises:
  - id: qd-square
    title: Derivative of a quadratic
    difficulty: 1
    variables: [x]
    define: {f: "x^2 + 3*x"}
    prompt: "Differentiate f(x) = {{ f }}. Give f′(x)."
    answer: {value: "diff(f, x)"}
    hints: ["The power rule: d/dx x² = 2·x.", "The derivative of 3·x is 3."]
    diagnosis:
      - answer: "2*x"
        message: "You forgot the derivative of 3·x, which is 3."
        credit: 0.25
    solution:
      - "d/dx x² = 2·x and d/dx (3·x) = 3."
      - "So f′(x) = {{ answer }}."
  - id: qd-cube
    title: Derivative of a cube
    difficulty: 2
    variables: [x]
    parameters:
      a: {choice: [4]}
    define: {f: "a*x^3"}
    prompt: "Differentiate f(x) = {{ f }}. Give f′(x)."
    answer: {value: "diff(f, x)"}
    hints: ["The power rule."]
    solution: ["f′(x) = {{ answer }}."]
"""

GRADIENTS = """
topic: quizdemo-gradients
exercises:
  - id: qd-gradient
    title: A gradient
    difficulty: 1
    variables: [x, y]
    prompt: "Find the gradient of f(x, y) = x·y."
    answer: {value: "[y, x]"}
    hints: ["∂f/∂x treats y as a constant."]
    solution: ["∇f = {{ answer }}."]
"""

# a right answer, and a wrong (but readable) one, to each exercise
RIGHT = {"qd-square": "2x + 3", "qd-cube": "12x^2", "qd-gradient": "[y, x]"}
WRONG = {"qd-square": "2x", "qd-cube": "12x^3", "qd-gradient": "[x, y]"}
TOPICS = ("quizdemo-derivatives", "quizdemo-gradients")


def write_exercises(directory) -> tuple:
    """The two exercise files in ``directory``; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in (("derivatives.yaml", DERIVATIVES), ("gradients.yaml", GRADIENTS)):
        path = directory / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(path)
    return tuple(paths)


def read_specs(directory, registry) -> dict:
    """The test exercises, written into ``directory`` and read: {id: ExerciseSpec}."""
    from tutor.exercises.loader import read_file

    found = {}
    for path in write_exercises(directory):
        for spec in read_file(path, tuple(registry.kinds)):
            found[spec.id] = spec
    return found


def plugins_dir(tmp_path):
    """A plugins directory whose one plugin adds the test exercises (the exercise_dirs hook)."""
    paths = write_exercises(tmp_path / "exercises")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    listed = ", ".join(f"Path({str(p)!r})" for p in paths)
    # a distinct module name per test: plugin modules are cached by file stem
    (plugins / f"quizdemo_{abs(hash(str(tmp_path)))}.py").write_text(
        "from pathlib import Path\nfrom tutor import hookimpl\n\n@hookimpl\n"
        f"def exercise_dirs():\n    return [{listed}]\n", encoding="utf-8")
    return plugins


def quiz_env(tmp_path, **extra):
    env = {"TUTOR_DB": str(tmp_path / "progress.db"), "TUTOR_USER": "ada", "NO_COLOR": "1",
           "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.update(extra)
    return env


def rows(path, user=None):
    with open_store(path, create=False) as store:
        return store.attempts(user)


class Student:
    """Scripted input (a list of lines, or a function of the current exercise) and captured output."""

    def __init__(self, lines=(), answer=None, end=EOFError):
        self.lines = list(lines)
        self.answer = answer
        self.end = end
        self.output: list[str] = []
        self.exercise = None

    def read(self, prompt):
        self.output.append(prompt)
        if self.answer is not None:
            line = self.answer(self.exercise)
        elif self.lines:
            line = self.lines.pop(0)
        else:
            raise self.end()
        if isinstance(line, type) and issubclass(line, BaseException):
            raise line()
        self.output.append(line)
        return line

    def write(self, text="", style=None):
        self.output.append(text)
        if text.startswith("── Problem"):
            self.exercise = text.split("[")[1].split(",")[0]

    @property
    def text(self):
        return "\n".join(self.output)


def counting_clock():
    ticks = iter(range(10 ** 6))
    return lambda: float(next(ticks))
