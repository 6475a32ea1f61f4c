"""The names of the input language: functions (with arities) and constants.

Plain data, no SymPy, so the parser and the CLI stay light. The SymPy meaning of
each function lives in tutor.language.build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# name -> (fewest, most) arguments
FUNCTIONS: dict[str, tuple[int, int]] = {
    "exp": (1, 1), "ln": (1, 1), "log": (1, 2), "sqrt": (1, 1), "abs": (1, 1),
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1),
    "asin": (1, 1), "acos": (1, 1), "atan": (1, 1),
    "arcsin": (1, 1), "arccos": (1, 1), "arctan": (1, 1),
    "sinh": (1, 1), "cosh": (1, 1), "tanh": (1, 1),
    "sigma": (1, 1), "sigmoid": (1, 1),
}
CONSTANTS = ("pi", "e")
INFINITY = "oo"  # also written ∞; only an end of an interval (answer kinds interval, inequality)
CONNECTIVES = {"or": "or", "U": "or", "and": "and"}  # between inequalities or intervals
# Names of Greek letters: with no declared variables each is one variable (alpha, not a*l*p*h*a).
GREEK_NAMES = frozenset((
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
))


@dataclass(frozen=True)
class Vocabulary:
    """What an answer may name: declared variables, functions and constants.

    ``variables=None`` means no variables were declared: they are inferred, a run
    of letters reading as a maths book means it (12mb is 12*m*b; see
    tutor.language.parser).
    """

    variables: frozenset[str] | None = None
    functions: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(FUNCTIONS))
    relations: bool = False  # comparisons (==, !=, <, <=, >, >=): exercise constraints only
    exercise: bool = False  # reading an exercise file rather than a student's answer
    forms: bool = False  # equations, inequalities and intervals (answer kinds equation, interval)

    @classmethod
    def of(cls, variables=None, extra_functions=None, relations: bool = False,
           exercise: bool = False, forms: bool = False) -> "Vocabulary":
        names = None if variables is None else frozenset(variables)
        functions = dict(FUNCTIONS)
        functions.update(extra_functions or {})
        return cls(names, functions, relations, exercise, forms)

    @property
    def infers(self) -> bool:
        """True when no variables were declared, so the text's own names are the variables."""
        return self.variables is None

    def is_variable(self, name: str) -> bool:
        return self.variables is not None and name in self.variables

    def is_constant(self, name: str) -> bool:
        return name in CONSTANTS and not self.is_variable(name)

    def is_function(self, name: str) -> bool:
        return name in self.functions and not self.is_variable(name)

    def describe_variables(self) -> str:
        if self.exercise:
            known = ", ".join(sorted(self.variables or ())) or "none"
            return f"declare it under variables, parameters or define (known here: {known})"
        if not self.variables:
            return "this answer may not use variables"
        return "this answer may use " + ", ".join(sorted(self.variables))
