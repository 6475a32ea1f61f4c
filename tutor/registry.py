"""What the plugins registered: operations, answer kinds, filters, step rules, exercise folders.

``get_registry(plugins_dirs, load)`` gives the one Registry per choice of plugins (the
only cache: the plugin manager lives in its registry). Each table is collected from
its hook the first time it is read, so ``tutor list``, which needs only the exercise
folders and the names of the answer kinds, runs no other hook. Two plugins that
register the same name (an operation, an answer kind, a filter, a step rule) are a
one-line error naming both. Method step rules are installed in the step model when
collected (tutor.steps.method_rules), before the operations that build their steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

from tutor.errors import TutorError

TABLES = ("method_rules", "operations", "kinds", "filters", "step_rules", "exercise_dirs")


@dataclass(frozen=True)
class Operation:
    """A named operation exercise files may call, e.g. gradient(f)."""

    name: str
    function: Callable
    min_args: int = 1
    max_args: int = 1
    doc: str = ""


class Registry:
    """The tables the plugins of one plugin manager registered, each collected on first use.

    A table given to the constructor replaces the one its hook would give (for tests).
    """

    def __init__(self, manager, **tables):
        self.manager = manager
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise TypeError(f"unknown registry table(s): {', '.join(sorted(unknown))}")
        self.__dict__.update(tables)  # a cached_property's value, set ahead
        self._jinja: dict = {}

    @classmethod
    def load(cls, plugins_dirs=None, load=None) -> "Registry":
        """A new registry of a new plugin manager, every table collected now, so that a plugin's
        error is raised here (see tutor.plugins.plugin_choice for the arguments)."""
        from tutor.plugins import plugin_manager

        registry = cls(plugin_manager(plugins_dirs, load))
        for table in TABLES:
            getattr(registry, table)
        return registry

    @cached_property
    def operations(self) -> dict[str, Operation]:
        self.method_rules  # noqa: B018 -- the step operations build steps of the plugins' method rules
        return self._collect("register_operations", "operation",
                             lambda name, function, min_args=1, max_args=1, doc="":
                             (name, Operation(name, function, min_args, max_args, doc)))

    @cached_property
    def kinds(self) -> dict:
        """Answer kinds by name (tutor.checking.AnswerKind)."""
        from tutor.checking.answer_kind import AnswerKind

        return self._collect("register_answer_kinds", "answer kind",
                             lambda name, checker, reader=None, wrong_choices=None:
                             (name, AnswerKind(checker, reader, wrong_choices)))

    @cached_property
    def filters(self) -> dict[str, Callable]:
        return self._collect("register_jinja_filters", "Jinja filter", lambda name, function: (name, function))

    @cached_property
    def step_rules(self) -> dict:
        """Derivative step handlers by SymPy function class."""
        return self._collect("register_step_rules", "step rule for",
                             lambda function_class, handler: (function_class, handler))

    @cached_property
    def method_rules(self) -> dict:
        """Method step rules by name (tutor.steps.Rule), each installed in the step model."""
        from tutor.steps.method_rules import add_method_rule

        owners: dict = {}
        table = self._collect("register_method_rules", "step rule",
                              lambda name, description, parts=(), example="", template=None, **options:
                              (name, (description, parts, example, template, options)), owners)
        return {name: add_method_rule(name, description, parts, example, template, owner=owners[name], **options)
                for name, (description, parts, example, template, options) in table.items()}

    @cached_property
    def exercise_dirs(self) -> list:
        return [Path(str(p)) for paths in self.manager.hook.exercise_dirs() for p in paths or ()]

    def _collect(self, hook_name: str, what: str, entry: Callable, owners: dict | None = None) -> dict:
        """Call each plugin's ``hook_name(register)`` in pluggy's order; ``entry(*args)`` makes the
        (key, value) pair of one ``register`` call. A key registered twice is a TutorError.
        ``owners``, when given, receives each key's plugin."""
        table: dict = {}
        owners = {} if owners is None else owners
        for implementation in reversed(getattr(self.manager.hook, hook_name).get_hookimpls()):
            if implementation.hookwrapper or implementation.wrapper:
                continue  # a wrapper registers nothing itself
            plugin = implementation.plugin_name

            def register(*args, _plugin=plugin, **kwargs):
                key, value = entry(*args, **kwargs)
                if key in table:
                    raise TutorError(f"two plugins register the {what} {_name(key)!r}: "
                                     f"{owners[key]} and {_plugin}")
                table[key], owners[key] = value, _plugin

            implementation.function(*({"register": register}[name] for name in implementation.argnames))
        return table

    def diagnose(self, problem, answer, verdict):
        """The first plugin diagnosis of a wrong answer, or None."""
        return self.manager.hook.diagnose(problem=problem, answer=answer, verdict=verdict)

    @cached_property
    def jinja(self):
        """The sandboxed Jinja environment with every registered filter (values in unicode)."""
        return self.jinja_for("unicode")

    def jinja_for(self, style: str):
        """The sandboxed Jinja environment whose bare values print in ``style``."""
        from tutor.exercises.templates import environment

        if style not in self._jinja:
            self._jinja[style] = environment(self.filters, style)
        return self._jinja[style]

    @cached_property
    def operation_arities(self) -> dict[str, tuple[int, int]]:
        return {name: (op.min_args, op.max_args) for name, op in self.operations.items()}


def _name(key) -> str:
    """A table key for people: a name, or a SymPy function class's name."""
    return key if isinstance(key, str) else getattr(key, "__name__", str(key))


_REGISTRIES: dict = {}  # plugin choice -> its Registry: the one plugin cache of a process


def cached_registries() -> dict:
    """The process's registries by plugin choice (tests save and restore it, to forget plugins)."""
    return _REGISTRIES


def get_registry(plugins_dirs=None, load=None) -> Registry:
    """The registry for this choice of plugins (tutor.plugins.plugin_choice), made once per process."""
    from tutor.plugins import plugin_choice, plugin_manager

    choice = plugin_choice(plugins_dirs, load)
    if choice not in _REGISTRIES:
        _REGISTRIES[choice] = Registry(plugin_manager(choice))
    return _REGISTRIES[choice]
