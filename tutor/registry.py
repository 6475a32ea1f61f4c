"""What the plugins registered, collected once: operations, answer kinds, filters, step rules.

``Registry.load(plugins_dirs)`` asks every registry hook once and keeps the
result; the exercise engine, the checker and the CLI read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from tutor.errors import TutorError


@dataclass(frozen=True)
class Operation:
    """A named operation exercise files may call, e.g. gradient(f)."""

    name: str
    function: Callable
    min_args: int = 1
    max_args: int = 1
    doc: str = ""


@dataclass
class Registry:
    manager: object
    operations: dict[str, Operation] = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    filters: dict[str, Callable] = field(default_factory=dict)
    step_rules: dict = field(default_factory=dict)
    exercise_dirs: list = field(default_factory=list)
    _jinja: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, plugins_dirs=None) -> "Registry":
        from tutor.checking import AnswerKind
        from tutor.plugins import get_plugin_manager

        manager = get_plugin_manager(plugins_dirs)
        registry = cls(manager)
        hook = manager.hook

        def add_operation(name, function, min_args=1, max_args=1, doc=""):
            _unique(registry.operations, name, "operation")
            registry.operations[name] = Operation(name, function, min_args, max_args, doc)

        def add_kind(name, checker, reader=None):
            _unique(registry.kinds, name, "answer kind")
            registry.kinds[name] = AnswerKind(checker, reader)

        def add_filter(name, function):
            _unique(registry.filters, name, "Jinja filter")
            registry.filters[name] = function

        def add_step_rule(function_class, handler):
            registry.step_rules[function_class] = handler

        hook.register_operations(register=add_operation)
        hook.register_answer_kinds(register=add_kind)
        hook.register_jinja_filters(register=add_filter)
        hook.register_step_rules(register=add_step_rule)
        for paths in hook.exercise_dirs():
            registry.exercise_dirs.extend(Path(str(p)) for p in paths or ())
        return registry

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


def _unique(table: dict, name: str, what: str) -> None:
    if name in table:
        raise TutorError(f"two plugins register the {what} {name!r}")


_LOADED: dict = {}


def get_registry(plugins_dirs=None) -> Registry:
    """The registry for these plugin directories, loaded once per process."""
    from tutor.plugins import get_plugin_manager

    manager = get_plugin_manager(plugins_dirs)
    if id(manager) not in _LOADED:
        _LOADED[id(manager)] = Registry.load(plugins_dirs)
    return _LOADED[id(manager)]
