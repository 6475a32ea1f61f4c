"""Jinja for exercise text: a sandboxed environment with filters for mathematics.

Only exercise files are templates; a student's text is never rendered as one.
Values render as one-line unicode by default ({{ f }} is x²·y); the filters
``pretty``, ``text`` (the input language) and ``latex`` choose a form.

Exercise files are untrusted, so templates get less than Jinja's sandbox gives:
values are ``template_values.Value`` (printing, arithmetic, comparisons, no
methods); no attribute of a value or of any SymPy / mpmath / tutor object can
be read; only macros, loop helpers and the few globals may be called; only a
short list of Jinja's filters exists. The work of one rendering is bounded:
template length, loop iterations, the size of every string, list, number and
expression it makes, and the text it writes. Past a bound, rendering stops with
TemplateProblem ("template does not render: ...").
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import operator
import re
import types
from functools import lru_cache

import sympy
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, nodes, pass_context
from jinja2 import meta
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

from tutor import latex_printing
from tutor.exercises.template_values import (TemplateLimit, TemplateProblem, Value, check_power, check_size,
                                             unwrap, wrap)
from tutor.exercises.substituted import mark, tidy
from tutor.language import to_text, to_unicode
from tutor.language.build import variable
from tutor.language.values import Equation, Matrix, RealSet, SetValue, Vector

MATH_TYPES = (sympy.Basic, Vector, Matrix, SetValue, Equation, RealSet)  # printed as maths, never as a repr

MAX_SOURCE = 10_000  # characters of one template
MAX_TEXT = 10_000  # characters of a string (or items of a list) a template makes
MAX_ITERATIONS = 1_000  # loop iterations in one rendering, all loops together
MAX_OUTPUT = 100_000  # characters one rendering writes
MAX_FORMAT_WIDTH = 100  # width or precision in a '%' format

# Jinja's own filters that templates may use; they are given values, never engine objects.
JINJA_FILTER_NAMES = ("abs", "round", "int", "float", "string", "default", "d", "lower", "upper", "capitalize",
                      "title", "trim", "first", "last", "length", "count", "list", "sort", "unique", "min",
                      "max", "sum", "reverse", "select", "reject", "map", "e", "escape")
ENGINE_MODULES = ("sympy", "mpmath", "tutor")
LOOP_FILTER = "bounded_loop"

__all__ = ["TemplateProblem", "environment", "environment_showing", "render", "pretty", "text", "latex", "MATH_TYPES"]


MAX_PRINTED = 20_000  # printed forms kept (tutor.exercises.templates.printed)
_PRINTED: dict = {}


def printed(printer, value) -> str:
    """``printer(value)``, printed once per exact SymPy value: students whose variants show the
    same value share its printing. The key is the value itself, or its srepr when it holds a
    Float (Floats of different precisions can compare equal and print differently)."""
    key = (printer, sympy.srepr(value) if value.has(sympy.Float) else value)
    try:
        found = _PRINTED.get(key)
    except TypeError:  # a value that cannot be a key (unhashable) is printed each time
        return printer(value)
    if found is None:
        found = printer(value)
        if len(_PRINTED) >= MAX_PRINTED:
            _PRINTED.clear()
        _PRINTED[key] = found
    return found


def pretty(value) -> str:
    if isinstance(value, sympy.Basic):
        return printed(to_unicode, value)
    return to_unicode(value) if isinstance(value, MATH_TYPES) else str(value)


def text(value) -> str:
    if isinstance(value, sympy.Basic):
        return printed(to_text, value)
    return to_text(value) if isinstance(value, MATH_TYPES) else str(value)


def latex(value) -> str:
    if isinstance(value, Vector):
        return r"\left(" + ", ".join(latex(e) for e in value.entries) + r"\right)"
    if isinstance(value, Matrix):
        rows = r" \\ ".join(" & ".join(latex(e) for e in row) for row in value.rows)
        return r"\begin{bmatrix} " + rows + r" \end{bmatrix}"
    if isinstance(value, SetValue):
        return r"\left\{" + ", ".join(latex(i) for i in value.items) + r"\right\}"
    if isinstance(value, Equation):
        return latex(value.left) + " = " + latex(value.right)
    if isinstance(value, sympy.Basic):
        return printed(latex_printing.latex, value)
    return str(value)


def _inline_latex(value) -> str:
    return f"${latex(value)}$"


FINALIZERS = {"unicode": pretty, "text": text, "latex": _inline_latex}


class _Budget:
    """What one rendering may still do."""

    def __init__(self):
        self.iterations = MAX_ITERATIONS
        self.output = MAX_OUTPUT

    def spend_output(self, size: int) -> None:
        self.output -= size
        if self.output < 0:
            raise TemplateLimit(f"it writes more than {MAX_OUTPUT} characters")


_BUDGET: contextvars.ContextVar = contextvars.ContextVar("template_budget")


def _budget() -> _Budget:
    budget = _BUDGET.get(None)
    return budget if budget is not None else _Budget()


@contextlib.contextmanager
def _rendering():
    token = _BUDGET.set(_Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _check_length(value):
    """``value`` itself, if a string or list of at most MAX_TEXT characters or items."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise TemplateLimit(f"a text or list longer than {MAX_TEXT}")
    if isinstance(value, int) or type(value) is Value:
        check_size(unwrap(value))
    return value


@pass_context
def _bounded_loop(context, iterable):
    """The iterable of a for loop, counting iterations against the rendering's budget."""
    budget = _budget()
    for item in iterable:
        budget.iterations -= 1
        if budget.iterations < 0:
            raise TemplateLimit(f"loops run more than {MAX_ITERATIONS} times")
        yield item


def _bounded_range(*args) -> range:
    numbers = range(*(operator.index(a) for a in args))
    if len(numbers) > MAX_TEXT:
        raise TemplateLimit(f"a range of more than {MAX_TEXT} numbers")
    return numbers


def _join(value, separator: str = "") -> str:
    """Jinja's join, stopping once the text would be longer than MAX_TEXT."""
    parts, size = [], 0
    for index, item in enumerate(value):
        part = (str(separator) if index else "") + str(item)
        size += len(part)
        if size > MAX_TEXT:
            raise TemplateLimit(f"a text or list longer than {MAX_TEXT}")
        parts.append(part)
    return "".join(parts)


def _checked_filter(function):
    """A Jinja filter whose result is size-checked."""

    @functools.wraps(function)
    def checked(*args, **kwargs):
        return _check_length(function(*args, **kwargs))

    return checked


def _trusted_filter(function):
    """A plugin's filter (trusted code): it gets the engine values, and what it gives back
    is a template value again."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        result = function(*(unwrap(a) for a in args), **{k: unwrap(v) for k, v in kwargs.items()})
        return _check_length(wrap(result))

    return call


_FORMAT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?")


def _check_format(template: str) -> None:
    for match in _FORMAT_FIELD.finditer(template):
        for size in match.groups():
            if size == "*" or (size and int(size) > MAX_FORMAT_WIDTH):
                raise TemplateLimit(f"a '%' format wider than {MAX_FORMAT_WIDTH}")


def _repeat_count(left, right):
    """The count of a string or list repetition (``'a' * n``), or None."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return None


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a size-checked join."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class ExerciseEnvironment(SandboxedEnvironment):
    """The sandbox for exercise text: no attributes or methods of engine values, bounded work."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, filters: dict, finalize):
        super().__init__(undefined=StrictUndefined, autoescape=False, finalize=finalize,
                         keep_trailing_newline=False)
        self.globals.clear()
        self.globals.update(range=_bounded_range, dict=dict, namespace=Namespace, cycler=Cycler, joiner=Joiner)
        self.filters = {name: _checked_filter(JINJA_FILTERS[name]) for name in JINJA_FILTER_NAMES}
        self.filters["join"] = _join
        self.filters[LOOP_FILTER] = _bounded_loop
        self.filters.update({name: _trusted_filter(function) for name, function in filters.items()})
        self._callable_globals = {id(v) for v in self.globals.values()}

    # what templates may touch
    def is_safe_attribute(self, obj, attr, value) -> bool:
        return (super().is_safe_attribute(obj, attr, value)
                and not _engine_object(obj) and not _engine_object(value))

    def getattr(self, obj, attribute):
        if _engine_object(obj):
            return self._no_attribute(attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if _engine_object(obj):
            return self._no_attribute(argument)
        return super().getitem(obj, argument)

    def _no_attribute(self, name):
        raise SecurityError(f"values in templates have no attributes, methods or items ({name!r})")

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"access to attribute {attribute!r} of a {type(obj).__name__} object is refused")

    def is_safe_callable(self, obj) -> bool:
        """Macros, loop helpers and the globals; an Undefined (calling it raises its message)."""
        if isinstance(obj, (Macro, LoopContext, Joiner, Undefined)) or id(obj) in self._callable_globals:
            return True
        return isinstance(obj, types.MethodType) and isinstance(obj.__self__, (LoopContext, Cycler))

    # bounded work
    def call_binop(self, context, operator_name, left, right):
        if operator_name == "*":
            count = _repeat_count(left, right)
            if count is not None and count > MAX_TEXT:
                raise TemplateLimit(f"a text or list longer than {MAX_TEXT}")
        elif operator_name == "**":
            check_power(unwrap(left), unwrap(right))
        elif operator_name == "%" and isinstance(left, str):
            _check_format(left)
        elif operator_name == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
            if len(left) + len(right) > MAX_TEXT:
                raise TemplateLimit(f"a text or list longer than {MAX_TEXT}")
        return _check_length(self.binop_table[operator_name](left, right))

    def call_unop(self, context, operator_name, arg):
        return _check_length(self.unop_table[operator_name](arg))

    def concat(self, parts) -> str:
        return _join(parts)

    def _parse(self, source, name, filename):
        if len(source) > MAX_SOURCE:
            raise TemplateLimit(f"the template is longer than {MAX_SOURCE} characters")
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise TemplateSyntaxError("recursive loops are not allowed", loop.lineno, name, filename)
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
            loop.iter.set_environment(self)
        return tree


def _engine_object(obj) -> bool:
    """A template value, or an object (or class) of SymPy, mpmath or tutor."""
    if type(obj) is Value:
        return True
    kind = obj if isinstance(obj, type) else type(obj)
    return (kind.__module__ or "").split(".")[0] in ENGINE_MODULES


def _finalizer(show, marked: bool = False):
    """How ``{{ value }}`` prints: engine values in ``show``'s form (``marked`` for
    tutor.exercises.substituted to tidy); counted against the budget."""

    def finalize(value):
        if type(value) is Value:
            raw = unwrap(value)
            value = show(raw) if isinstance(raw, MATH_TYPES) else str(raw)
            if marked:
                value = mark(value)
        if isinstance(value, str):
            _budget().spend_output(len(value))
        return value

    return finalize


def environment(filters: dict, style: str = "unicode") -> ExerciseEnvironment:
    """A sandboxed Jinja environment with the registered filters.

    ``style`` says how a bare value ({{ f }}) prints: unicode (x²), text (x^2)
    or latex ($x^{2}$, for LaTeX worksheets).
    """
    return environment_showing(filters, FINALIZERS[style], marked=style != "latex")


def environment_showing(filters: dict, show, marked: bool = False) -> ExerciseEnvironment:
    """The same sandbox, with ``show(value)`` printing each bare engine value (e.g. as MathML);
    ``marked`` lets the renderer tidy what substituted values print (tutor.exercises.substituted)."""
    return ExerciseEnvironment(filters, _finalizer(show, marked=marked))


@lru_cache(maxsize=4096)
def _compiled(env: SandboxedEnvironment, source: str):
    return env.from_string(source)


@lru_cache(maxsize=4096)
def names_read(env: SandboxedEnvironment, source: str) -> frozenset | None:
    """The names a template reads from its values (found once per template source), or None
    when it does not parse."""
    try:
        return frozenset(meta.find_undeclared_variables(env.parse(source)))
    except Exception:  # noqa: BLE001 - rendering reports why; here it only means "not known"
        return None


def template_context(env: SandboxedEnvironment, source: str, values, variables=()) -> dict:
    """What ``render(env, source, ...)`` needs: the values the template reads, each of
    ``variables`` as its symbol. Reading only those leaves a definition computed on demand
    uncomputed when the template does not show it (those it shows are computed in their order)."""
    names = names_read(env, source)
    if names is None:  # it does not parse, so rendering fails whatever the values
        return {name: variable(name) for name in variables}
    context = {name: values[name] for name in values if name in names and name not in variables}
    context.update((name, variable(name)) for name in variables if name in names)
    return context


def _bounded_output(chunks) -> str:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateLimit(f"it writes more than {MAX_OUTPUT} characters")
        parts.append(chunk)
    return "".join(parts)


def render(env: SandboxedEnvironment, source: str, values: dict) -> str:
    """Render one template string with ``values`` (engine values are given as template
    values); errors become TemplateProblem with the reason."""
    try:
        with _rendering():
            template = _compiled(env, source)
            return tidy(_bounded_output(template.generate(**{name: wrap(v) for name, v in values.items()}))).strip()
    except TemplateProblem:
        raise
    except TemplateError as error:
        raise TemplateProblem(f"template does not render: {error}") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError, RecursionError) as error:
        raise TemplateProblem(f"template does not render: {type(error).__name__}: {error}") from None
