"""The exercise format: one YAML mapping per exercise, checked field by field.

    - id: partial-x-monomial          # unique, lower-case words joined by -
      title: Partial derivative of a monomial
      topic: partial-derivatives      # default: the file's topic
      difficulty: 1                   # 1 (easy) to 5
      variables: [x, y]               # what the student's answer may use
      parameters:                     # drawn from a seeded RNG, in this order
        a: {int: [2, 9]}              # inclusive range; also exclude: [..]
        n: {choice: [2, 3, 4]}        # numbers or input-language expressions
        r: {rational: [[1, 5], [2, 4]]}   # numerator range, denominator range
        h: {decimal: [0.01, 0.1], places: 2}
      constraints: ["a != n"]         # redraw until all hold; may name defines (checked after them)
      define: {f: "a*x^n*y^2"}        # named values, in order
      prompt: "Find ∂f/∂x for f = {{ f | pretty }}."
      answer:
        value: "diff(f, x)"           # the input language plus named operations
        kind: expression              # default: follows the value
        rtol: 1e-3                    # or places: 4
        choices: [...]                # for kind choice
        partial_credit: true          # per-entry credit (vectors, matrices, sets)
        form: [expanded]              # required forms (tutor.checking.forms), and
        form_credit: 0.5              # the score of a right value in the wrong form
        allow_zero: false             # an answer that is 0 is degenerate unless allowed
      hints: ["Treat y as a constant."]
      diagnosis:                      # wrong answers students give, with a message
        - answer: "diff(f, y)"
          message: "You differentiated with respect to y."
          credit: 0
          when: "n != 1"              # optional: only variants where this holds
        - choice: saddle              # choice kinds: the reason a wrong pick is wrong
          message: "A saddle needs eigenvalues of both signs."
      solution:                       # worked solution, in order:
        - steps: "derivative_steps(f, x)"   # steps from the step engine
        - "So ∂f/∂x = {{ answer }}."        # and/or text lines (Jinja)
      going_further:                  # optional, shown apart: beyond what the exercise asks
        - steps: "eigen_steps(hessian(f, [x, y]))"

Errors name the file, the exercise id and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.checking import tolerance_problem
from tutor.checking.form_spec import read_forms
from tutor.errors import TutorError

ID_PATTERN = re.compile(r"^(?=[a-z0-9_-]{1,100}$)[a-z0-9]+(?:[-_][a-z0-9]+)*$")  # ASCII, so <= 100 bytes
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PARAMETER_KINDS = ("int", "choice", "rational", "decimal")
EXERCISE_FIELDS = {"id", "title", "topic", "difficulty", "variables", "parameters", "constraints",
                   "define", "prompt", "answer", "hints", "diagnosis", "solution", "going_further", "tags"}
ANSWER_FIELDS = {"value", "kind", "rtol", "atol", "places", "choices", "partial_credit", "allow_zero", "form",
                 "form_credit"}
DIAGNOSIS_FIELDS = {"answer", "choice", "message", "credit", "when"}


class ExerciseError(TutorError):
    """An exercise definition that is not valid: says where (file, exercise, field)."""

    def __init__(self, message: str, source: str = "", exercise: str | None = None, field: str | None = None):
        self.source, self.exercise, self.field = source, exercise, field
        where = [part for part in (source, f"exercise {exercise!r}" if exercise else "",
                                   f"field {field!r}" if field else "") if part]
        super().__init__(": ".join(where + [message]))


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # one of PARAMETER_KINDS
    spec: object  # the range, choices, ...
    exclude: tuple = ()
    places: int = 2


@dataclass(frozen=True)
class DiagnosisSpec:
    """A wrong answer (``answer``, computed per variant) or, for kinds that pick among
    choices, one of the choices (``choice``: shown when the student gets that choice wrong),
    with its message; ``when`` limits it to the variants where that relation holds."""

    answer: str | None
    message: str
    credit: float = 0.0
    choice: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class AnswerSpec:
    value: str
    kind: str = "auto"
    rtol: float | None = None
    atol: float | None = None
    places: int | None = None
    choices: tuple = ()
    partial_credit: bool = True
    allow_zero: bool = False
    form: tuple = ()  # tutor.checking.forms.Form requirements
    form_credit: float = 0.0


@dataclass(frozen=True)
class ExerciseSpec:
    id: str
    title: str
    topic: str
    prompt: str
    answer: AnswerSpec
    difficulty: int = 1
    variables: tuple = ()
    parameters: tuple = ()
    constraints: tuple = ()
    define: tuple = ()  # (name, expression text) pairs, in order
    hints: tuple = ()
    diagnosis: tuple = ()
    solution: tuple = ()  # ("steps", expression) or ("text", Jinja line) pairs
    tags: tuple = ()
    source: str = ""
    plugin: str = field(default="", compare=False)
    going_further: tuple = ()  # like solution: what the author shows beyond the answer, apart


def read_exercise(data, source: str, default_topic: str | None, known_kinds) -> ExerciseSpec:
    """Validate one exercise mapping from YAML; raise ExerciseError naming the field."""
    if not isinstance(data, dict):
        raise ExerciseError("an exercise must be a mapping of fields", source)
    exercise_id = data.get("id")
    if not isinstance(exercise_id, str) or not ID_PATTERN.match(exercise_id):
        raise ExerciseError("needs an id of lower-case words joined by '-' (e.g. power-rule), at most 100 "
                            "characters", source, str(exercise_id)[:100] if exercise_id else None, "id")

    def fail(message, name):
        return ExerciseError(message, source, exercise_id, name)

    unknown = set(data) - EXERCISE_FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(EXERCISE_FIELDS))}",
                   sorted(unknown)[0])
    title = _text(data, "title", fail)
    prompt = _text(data, "prompt", fail)
    topic = data.get("topic", default_topic)
    if not isinstance(topic, str) or not topic:
        raise fail("needs a topic (here or at the top of the file)", "topic")
    difficulty = data.get("difficulty", 1)
    if not isinstance(difficulty, int) or not 1 <= difficulty <= 5:
        raise fail("must be a whole number from 1 to 5", "difficulty")
    variables = _names(data.get("variables", []), "variables", fail)
    parameters = tuple(_parameter(name, spec, fail) for name, spec in _mapping(data, "parameters", fail).items())
    defines = tuple((_name(name, "define", fail), _expression(text, f"define.{name}", fail))
                    for name, text in _mapping(data, "define", fail).items())
    constraints = tuple(_expression(c, "constraints", fail) for c in _list(data, "constraints", fail))
    answer = _answer(data.get("answer"), known_kinds, fail)
    hints = tuple(_expression(h, "hints", fail) for h in _list(data, "hints", fail))
    diagnosis = tuple(_diagnosis(d, answer.choices, fail) for d in _list(data, "diagnosis", fail))
    solution = tuple(_solution_entry(s, fail) for s in _list(data, "solution", fail))
    going_further = tuple(_solution_entry(s, fail, "going_further") for s in _list(data, "going_further", fail))
    tags = tuple(str(t) for t in _list(data, "tags", fail))
    clash = set(variables) & ({p.name for p in parameters} | {n for n, _ in defines})
    if clash:
        raise fail(f"{', '.join(sorted(clash))} is both a variable and a parameter or definition", "variables")
    return ExerciseSpec(exercise_id, title, topic, prompt, answer, difficulty, variables, parameters,
                        constraints, defines, hints, diagnosis, solution, tags, source, going_further=going_further)


def _text(data, name, fail) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise fail("is required and must be text", name)
    return value


def _expression(value, name, fail) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise fail("must be text (an expression or a sentence)", name)
    return str(value)


def _mapping(data, name, fail) -> dict:
    value = data.get(name, {}) or {}
    if not isinstance(value, dict):
        raise fail("must be a mapping of name: value", name)
    return value


def _list(data, name, fail) -> list:
    value = data.get(name, []) or []
    if not isinstance(value, list):
        raise fail("must be a list", name)
    return value


def _name(name, where, fail) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise fail(f"{name!r} is not a name (a letter, then letters, digits or _)", where)
    return name


def _names(value, where, fail) -> tuple:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise fail("must be a list of names", where)
    return tuple(_name(v, where, fail) for v in value)


def _parameter(name, spec, fail) -> Parameter:
    _name(name, "parameters", fail)
    where = f"parameters.{name}"
    if not isinstance(spec, dict):
        raise fail(f"must be a mapping such as {{int: [1, 9]}}; kinds: {', '.join(PARAMETER_KINDS)}", where)
    kinds = [k for k in spec if k in PARAMETER_KINDS]
    extra = set(spec) - set(PARAMETER_KINDS) - {"exclude", "places"}
    if len(kinds) != 1 or extra:
        raise fail(f"needs exactly one of {', '.join(PARAMETER_KINDS)} (and optionally exclude, places)", where)
    kind = kinds[0]
    value = spec[kind]

    def pair(v, numbers=(int,)):
        return (isinstance(v, list) and len(v) == 2 and all(isinstance(x, numbers) and not isinstance(x, bool)
                                                             for x in v) and v[0] <= v[1])

    if kind == "int" and not pair(value):
        raise fail("int needs [low, high] whole numbers with low <= high", where)
    if kind == "rational" and not (isinstance(value, list) and len(value) == 2 and all(pair(v) for v in value)
                                   and value[1][0] > 0):
        raise fail("rational needs [[num_low, num_high], [den_low, den_high]] with positive denominators", where)
    if kind == "decimal" and not pair(value, (int, float)):
        raise fail("decimal needs [low, high] numbers with low <= high", where)
    if kind == "choice" and not (isinstance(value, list) and value
                                 and all(isinstance(v, (int, float, str)) for v in value)):
        raise fail("choice needs a non-empty list of numbers or expressions", where)
    exclude = spec.get("exclude", [])
    if not isinstance(exclude, list):
        raise fail("exclude must be a list", where)
    places = spec.get("places", 2)
    if not isinstance(places, int) or not 0 <= places <= 10:
        raise fail("places must be a whole number from 0 to 10", where)
    return Parameter(name, kind, value, tuple(exclude), places)


def _answer(data, known_kinds, fail) -> AnswerSpec:
    if not isinstance(data, dict) or "value" not in data:
        raise fail("needs a mapping with at least value: (the expected answer)", "answer")
    unknown = set(data) - ANSWER_FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(ANSWER_FIELDS))}",
                   "answer." + sorted(unknown)[0])
    kind = data.get("kind", "auto")
    if kind != "auto" and kind not in known_kinds:
        raise fail(f"unknown kind {kind!r}; known kinds: {', '.join(known_kinds)}", "answer.kind")
    for name in ("rtol", "atol", "places"):
        problem = tolerance_problem(name, data.get(name))
        if problem:
            raise fail(f"{problem}, not {data[name]!r}", f"answer.{name}")
    places = data.get("places")
    choices = data.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise fail("must be a list of words", "answer.choices")
    if kind == "choice" and not choices:
        raise fail("a choice answer needs its choices", "answer.choices")
    for name in ("partial_credit", "allow_zero"):
        if name in data and not isinstance(data[name], bool):
            raise fail("must be true or false", f"answer.{name}")
    try:
        form = read_forms(data.get("form"))
    except ValueError as error:
        raise fail(str(error), "answer.form") from None
    form_credit = data.get("form_credit", 0)
    if isinstance(form_credit, bool) or not isinstance(form_credit, (int, float)) or not 0 <= form_credit <= 1:
        raise fail("must be a number from 0 to 1", "answer.form_credit")
    return AnswerSpec(_expression(data["value"], "answer.value", fail), kind, data.get("rtol"), data.get("atol"),
                      places, tuple(choices), data.get("partial_credit", True), data.get("allow_zero", False),
                      form, float(form_credit))


def _solution_entry(entry, fail, name: str = "solution") -> tuple:
    if isinstance(entry, dict):
        if set(entry) != {"steps"}:
            raise fail("an entry is a text line or {steps: operation(...)}", name)
        return ("steps", _expression(entry["steps"], f"{name}.steps", fail))
    return ("text", _expression(entry, name, fail))


def _diagnosis(data, choices, fail) -> DiagnosisSpec:
    if not isinstance(data, dict) or "message" not in data or set(data) - DIAGNOSIS_FIELDS \
            or ("answer" in data) == ("choice" in data):
        raise fail("each entry needs answer: (or choice:) and message: (and optionally credit:, when:)",
                   "diagnosis")
    credit = data.get("credit", 0)
    if not isinstance(credit, (int, float)) or not 0 <= credit <= 1:
        raise fail("credit must be a number from 0 to 1", "diagnosis.credit")
    when = _expression(data["when"], "diagnosis.when", fail) if "when" in data else None
    message = _expression(data["message"], "diagnosis.message", fail)
    if "choice" in data:
        choice = data["choice"]
        if not isinstance(choice, str) or choice not in choices:
            raise fail(f"choice must be one of the answer's choices ({', '.join(map(str, choices)) or 'none'})",
                       "diagnosis.choice")
        return DiagnosisSpec(None, message, float(credit), choice=choice, when=when)
    return DiagnosisSpec(_expression(data["answer"], "diagnosis.answer", fail), message, float(credit), when=when)
