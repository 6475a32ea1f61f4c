"""The runtime problem: one generated variant of an exercise, what it shows, what it
expects, how it checks and explains an answer, and its worked solution.

tutor.exercises.generate makes problems from a spec and a seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import sympy

from tutor.checking import CORRECT, INCORRECT, ExpectedAnswer, Verdict
from tutor.checking.forms import written_answer
from tutor.errors import ParseError
from tutor.exercises.evaluate import time_limited
from tutor.exercises.exact import has_decimal
from tutor.exercises.solution import going_further, worked_solution
from tutor.exercises.spec import ExerciseError, ExerciseSpec
from tutor.exercises.templates import TemplateProblem, render, template_context
from tutor.language import to_text
from tutor.language.build import variable
from tutor.language.values import map_entries


@dataclass(frozen=True)
class Diagnosis:
    """A targeted message for a wrong answer, with optional partial credit."""

    message: str
    credit: float = 0.0


@dataclass
class Problem:
    """One generated problem: what to show, what to expect, how to help."""

    spec: ExerciseSpec
    seed: int
    values: Mapping  # parameters and definitions, as SymPy values (a definition computed when read)
    prompt: str
    expected: ExpectedAnswer
    registry: object = field(repr=False)
    evaluate: object = field(default=None, repr=False, compare=False)  # the exercise's Evaluator
    # what is worked out from the variant alone (the answer as text, the prompt in each style, the
    # hints and diagnoses), kept for every Problem of the same parameter draw:
    # dataclasses.replace(problem, seed=...) shares it
    shown: dict = field(default_factory=dict, repr=False, compare=False)
    # computes the hints and diagnoses when first read (tutor.exercises.generate.Details)
    details: object = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def hints(self) -> list:
        """The hints, rendered when first read."""
        return self._detail("hints", lambda: self.details.hints())

    @property
    def diagnoses(self) -> list:
        """(ExpectedAnswer of a wrong answer, Diagnosis) pairs, computed when first read: a
        correct answer never needs them."""
        return self._detail("diagnoses", lambda: self.details.diagnoses())[0]

    @property
    def choice_diagnoses(self) -> dict:
        """A declared choice -> why picking it is wrong, computed when first read."""
        return self._detail("diagnoses", lambda: self.details.diagnoses())[1]

    def _detail(self, name: str, compute):
        if name not in self.shown:
            with time_limited(self.spec, self.evaluate or name, f"generating seed {self.seed}"):
                self.shown[name] = compute()
        return self.shown[name]

    def complete(self) -> Problem:
        """Compute now what is otherwise computed when read: every definition, the hints, the
        diagnoses (so that an error in any of them is raised here)."""
        for name in self.values:
            self.values[name]  # noqa: B018 - computing it is the point
        self.hints  # noqa: B018
        self.diagnoses  # noqa: B018
        return self

    @property
    def answer_text(self) -> str:
        """The expected answer in the input language; computed decimals are shown with the
        fewest significant digits (6 or more) that the answer's own checker accepts."""
        if "answer" not in self.shown:
            self.shown["answer"] = self._answer_text()
        return self.shown["answer"]

    def _answer_text(self) -> str:
        value = self.expected.value
        written = written_answer(self.expected.options.form, value)
        if written is not None:
            return written
        if isinstance(value, str) or not has_decimal(value):
            return self.expected.text
        for digits in (6, 8, 10, 12):
            shown = map_entries(value, lambda e, digits=digits: e.xreplace(
                {f: sympy.Float(f, digits) for f in e.atoms(sympy.Float)}))
            text = to_text(shown, self.expected.e_is_variable)
            if self.expected.check(text).status == CORRECT:
                return text
        return self.expected.text

    def template_values(self) -> dict:
        """Every value (every definition computed) and each variable as its symbol."""
        return {**self.values, **{name: variable(name) for name in self.spec.variables}}

    def render_prompt(self, style: str = "unicode") -> str:
        """The prompt with values in ``style``: unicode (as shown), text or latex."""
        if style == "unicode":
            return self.prompt
        if style not in self.shown:
            self.shown[style] = self._render_prompt(style)
        return self.shown[style]

    def _render_prompt(self, style: str) -> str:
        with time_limited(self.spec, "prompt", f"rendering the prompt of seed {self.seed}"):
            try:
                env = self.registry.jinja_for(style)
                return render(env, self.spec.prompt, template_context(env, self.spec.prompt, self.values,
                                                                      self.spec.variables))
            except TemplateProblem as error:
                raise ExerciseError(str(error), self.spec.source, self.spec.id, "prompt") from None

    def check(self, answer: str) -> Verdict:
        """Judge an answer, then explain a wrong one (the exercise's diagnoses, then plugins).
        The answer is read once; every diagnosis judges that reading."""
        verdict, reading = self.expected.check_read(answer)
        if not self.spec.answer.partial_credit and verdict.status != CORRECT and verdict.form is None:
            verdict.score = 0.0
        if verdict.status == INCORRECT and verdict.form is None and reading is not None:
            diagnosis = self.diagnose(reading, verdict)
            if diagnosis is not None:
                verdict.message = diagnosis.message
                verdict.score = max(verdict.score, diagnosis.credit)
        return verdict

    def diagnose(self, answer, verdict: Verdict) -> Diagnosis | None:
        """The first diagnosis of a wrong answer (a text, or a Reading of one), or None: the
        exercise's own, else the plugins' with the reasons of the choices it gets wrong."""
        reading = answer
        if isinstance(answer, str):
            try:
                reading = self.expected.read_answer(answer)
            except ParseError:
                return None
        for wrong, diagnosis in self.diagnoses:
            if wrong.judge_reading(reading, forms=False).status == CORRECT:
                return diagnosis
        found = self.registry.diagnose(self, reading.value, verdict)
        reasons = self.diagnose_choices(reading.value)
        if found is None or reasons is None:
            return found or reasons
        return Diagnosis(f"{found.message} {reasons.message}", max(found.credit, reasons.credit))

    def diagnose_choices(self, answer) -> Diagnosis | None:
        """For kinds that pick among choices: the reasons of the choices the answer gets wrong
        (the exercise's ``choice:`` diagnoses, in the order of the choices), or None."""
        kind = self.expected.kinds.get(self.expected.kind)
        if not self.choice_diagnoses or kind is None or kind.wrong_choices is None:
            return None
        wrong = [self.choice_diagnoses[c] for c in kind.wrong_choices(self.expected.value, answer,
                                                                     self.spec.answer.choices)
                 if c in self.choice_diagnoses]
        if not wrong:
            return None
        return Diagnosis(" ".join(d.message for d in wrong), min(d.credit for d in wrong))

    @cached_property
    def solution(self) -> list:
        """The worked solution: step trees from the step engine and rendered text lines, ending
        at the answer (tutor.exercises.solution)."""
        return worked_solution(self, self.evaluate)

    @cached_property
    def going_further(self) -> list:
        """What the exercise shows beyond its answer, apart (its ``going_further`` entries)."""
        return going_further(self, self.evaluate)

    # -- in a notebook (tutor.notebook.render): the prompt with its maths typeset --------------

    def _repr_html_(self) -> str:
        from tutor.notebook.render import problem_html

        return problem_html(self)

    def _repr_latex_(self) -> str:
        from tutor.notebook.render import problem_latex

        return problem_latex(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        from tutor.notebook.render import problem_bundle

        return problem_bundle(self)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "seed": self.seed, "title": self.spec.title, "topic": self.spec.topic,
            "difficulty": self.spec.difficulty, "prompt": self.prompt, "variables": list(self.spec.variables),
            "kind": self.expected.kind, "answer": self.answer_text, "hints": list(self.hints),
            "parameters": {name: _plain(self.values[name]) for name in (p.name for p in self.spec.parameters)},
        }


def _plain(value):
    return value if isinstance(value, str) else to_text(value)


__all__ = ["Problem", "Diagnosis"]
