"""Read an exercise file's expressions: the safe input-language parser, the named
operations and the values defined so far; never Python evaluation.

An ``Evaluator`` belongs to one exercise. It keeps each expression's syntax tree,
and the value it gave for the values of the names it uses, so generating many
seeds of one exercise reads each text once and computes each distinct case once
(``tutor validate`` draws the same parameters for many seeds). All of it runs
under the generation time limit.
"""

from __future__ import annotations

import contextlib
from collections import ChainMap
from collections.abc import Mapping

import sympy

from tutor.errors import CheckTimeout, ParseError
from tutor.exercises.exact import (
    ExactShadow, has_decimal, is_numeric, is_rational, shown_as_decimal, writes_decimal)
from tutor.exercises.spec import ExerciseError, ExerciseSpec
from tutor.language import Vocabulary, parse_tree
from tutor.language.build import Builder
from tutor.language.nodes import variable_names
from tutor.limits import DEFAULT_LIMITS, time_limit

GENERATION_SECONDS = 10.0  # wall time to generate one problem, or to compute one solution entry
EXERCISE_LIMITS = DEFAULT_LIMITS
MAX_REMEMBERED = 4096  # values an evaluator keeps, per exercise
_UNKNOWN = object()  # no value remembered


class Evaluator:
    """Reads the exercise's expressions with the operations and the values so far."""

    def __init__(self, spec: ExerciseSpec, registry):
        self.spec = spec
        self.registry = registry
        self.operations = {name: op.function for name, op in registry.operations.items()}
        self.arities = registry.operation_arities
        self._trees: dict = {}  # (text, names, relations) -> (tree, the names it uses, writes a decimal)
        self._values: dict = {}  # (text, relations, the values of the names it uses) -> value
        self.where = "parameters"  # the field being computed, for a timeout's message
        self.shadow = ExactShadow()  # the exact value behind each decimal computed

    def __call__(self, text: str, values: Mapping, where: str, relations: bool = False, forms: bool = False):
        self.where = where
        try:
            tree, used, decimal = self._tree(text, values, relations, forms)
            key = values_key((text, relations, forms), values, used)
            found = self._values.get(key, _UNKNOWN) if key is not None else _UNKNOWN
            if found is not _UNKNOWN:
                return found
            value = self._built(tree, values, used, decimal)
            if key is not None and len(self._values) < MAX_REMEMBERED:
                self._values[key] = value
            return value
        except ParseError as error:
            raise ExerciseError(f"{error} in {text!r}", self.spec.source, self.spec.id, where) from None
        except (TypeError, ValueError, ArithmeticError, NotImplementedError, AttributeError,
                sympy.SympifyError) as error:
            raise ExerciseError(f"cannot compute {text!r}: {type(error).__name__}: {error}", self.spec.source,
                                self.spec.id, where) from None

    def _built(self, tree, values: dict, used: tuple, decimal: bool):
        """The tree's value; from decimal data (``decimal``: the tree writes a decimal), computed
        exactly (see tutor.exercises.exact): a rational result is shown as a decimal, a word or
        truth value as it is; a result with variables or an irrational number keeps the
        decimals as written (0.1·√3 + 0.3)."""
        if not (decimal or any(has_decimal(values[name]) for name in used)):
            return Builder(EXERCISE_LIMITS, self.operations, values).build(tree)
        # the names it uses, exact, before the others (left uncomputed: a definition is computed when read)
        exact_values = ChainMap({name: self.shadow.exact(values[name]) for name in used}, values)
        exact = Builder(EXERCISE_LIMITS, self.operations, exact_values, exact_decimals=True).build(tree)
        if isinstance(exact, str) or exact in (sympy.true, sympy.false):
            return exact
        shown = shown_as_decimal(exact) if is_rational(exact) else \
            Builder(EXERCISE_LIMITS, self.operations, values).build(tree)
        if is_numeric(exact):
            self.shadow.remember(shown, exact)
        return shown

    def _tree(self, text: str, values: dict, relations: bool, forms: bool = False):
        names = frozenset(self.spec.variables) | frozenset(values)
        key = (text, names, relations, forms)
        found = self._trees.get(key)
        if found is None:
            vocabulary = Vocabulary.of(names, self.arities, relations, exercise=True, forms=forms)
            tree = parse_tree(text, vocabulary, EXERCISE_LIMITS)
            found = self._trees[key] = (tree, tuple(sorted(variable_names(tree) & set(values))),
                                        writes_decimal(tree))
        return found


class DrawValues(Mapping):
    """The values of one parameter draw: the parameters as drawn and each definition, computed
    the first time something reads it (then kept). A definition is computed with the values
    before it in the file, so it reads and gives what computing them all in order would; those
    it uses are computed first, and one nothing reads is never computed. Iterating gives the
    names in file order without computing; reading every value computes every definition."""

    def __init__(self, parameters: dict, defines, evaluate: Evaluator):
        self._known = dict(parameters)
        self._texts = dict(defines)
        self._evaluate = evaluate
        self._names = (*parameters, *self._texts)
        self._scopes: dict = {}  # a definition -> the values before it

    def __getitem__(self, name):
        try:
            return self._known[name]
        except KeyError:
            if name not in self._texts:
                raise
        evaluate = self._evaluate
        where = evaluate.where
        value = self._known[name] = evaluate(self._texts[name], self._scope(name), f"define.{name}")
        evaluate.where = where  # back to the field that asked for it
        return value

    def __contains__(self, name) -> bool:
        return name in self._known or name in self._texts

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        pending = [name for name in self._texts if name not in self._known]
        return f"DrawValues({self._known!r}, not computed: {pending!r})"

    def computed(self, name: str) -> bool:
        return name in self._known

    def _scope(self, name: str) -> Mapping:
        scope = self._scopes.get(name)
        if scope is None:
            before = self._names[:self._names.index(name)]
            scope = self._scopes[name] = _Before(self, before)
        return scope


class _Before(Mapping):
    """The values before one definition (what it may read), computed on demand by its draw."""

    def __init__(self, draw: DrawValues, names: tuple):
        self._draw, self._names, self._set = draw, names, frozenset(names)

    def __getitem__(self, name):
        if name not in self._set:
            raise KeyError(name)
        return self._draw[name]

    def __contains__(self, name) -> bool:
        return name in self._set

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def values_key(head, values: dict, names=None):
    """``head`` and the values of ``names`` (default: all) as a dictionary key, typed (so 2 and
    2.0 differ), or None when a value cannot be part of a key (a list of solution steps)."""
    items = (head, tuple((name, type(values[name]), values[name]) for name in (values if names is None else names)))
    try:
        return ValuesKey(items)
    except TypeError:
        return None


class ValuesKey:
    """A values_key: its items, hashed once (SymPy computes a Float's hash anew each time it is
    asked, and a key is looked up and stored)."""

    __slots__ = ("items", "_hash")

    def __init__(self, items: tuple):
        self.items, self._hash = items, hash(items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return isinstance(other, ValuesKey) and self._hash == other._hash and self.items == other.items

    def __repr__(self) -> str:
        return f"ValuesKey({self.items!r})"

    def __reduce__(self):
        return ValuesKey, (self.items,)  # hashed anew where it is unpickled (str hashes differ between processes)


@contextlib.contextmanager
def time_limited(spec: ExerciseSpec, where, what: str):
    """Run the block under GENERATION_SECONDS of wall time; past it, an ExerciseError naming
    the field (``where``: a field name, or an Evaluator that knows the field it is at)."""
    try:
        with time_limit(GENERATION_SECONDS):
            yield
    except CheckTimeout:
        field = where if isinstance(where, str) else where.where
        raise ExerciseError(f"{what} took longer than {GENERATION_SECONDS:g} s", spec.source, spec.id,
                            field) from None
