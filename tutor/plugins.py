"""The plugin manager: built-in plugins, installed entry points, a plugins directory.

Built-in topics are plugins registered exactly as outside ones are; only the
place they come from differs. Outside plugins come from the ``tutor`` entry-point
group and from a directory of ``.py`` files (or packages) named by
``--plugins-dir`` or the TUTOR_PLUGINS_DIR environment variable (several
directories separated by ``os.pathsep``), for instructors who do not package code.
TUTOR_LOAD_PLUGINS chooses the installed plugins, as datasette and llm do: unset, every
one; empty, none (only the built-ins); ``a,b``, the entry points named a and b.
The environment is read in ``plugin_choice`` and nowhere else; tutor.registry keeps
one registry per choice.

A plugin is code that runs with the user's rights, so a plugins directory (and each
plugin in it) that every user may write to, or that belongs to another user (not the
current user, not root), is refused: anyone who can write there could run code as you.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pluggy

from tutor import hookspecs
from tutor.errors import TutorError

DEFAULT_PLUGINS = (
    "tutor.builtin.answers",
    "tutor.builtin.calculus",
    "tutor.builtin.library",
    "tutor.builtin.diagnosis",
    "tutor.builtin.filters",
    "tutor.builtin.steps",
    "tutor.builtin.limits",
)
ENTRY_POINT_GROUP = "tutor"
PLUGINS_DIR_VARIABLE = "TUTOR_PLUGINS_DIR"
LOAD_PLUGINS_VARIABLE = "TUTOR_LOAD_PLUGINS"


class PluginError(TutorError):
    """A plugin could not be loaded or implements a hook wrongly."""


@dataclass(frozen=True)
class PluginChoice:
    """Which plugins to load besides the built-ins: plugin directories, and the names of the
    installed entry points to load (None: every installed plugin)."""

    directories: tuple[str, ...] = ()
    installed: tuple[str, ...] | None = None


def plugin_choice(plugins_dirs=None, load=None, environ=None) -> PluginChoice:
    """The plugins to load; an argument left None comes from the environment (read only here).

    ``plugins_dirs``: a directory, a list of them, or text with several separated by
    ``os.pathsep`` (default: TUTOR_PLUGINS_DIR). ``load``: entry-point names, or text
    with names separated by commas (default: TUTOR_LOAD_PLUGINS; unset: every installed
    plugin; empty: none).
    """
    environ = os.environ if environ is None else environ
    if plugins_dirs is None:
        plugins_dirs = environ.get(PLUGINS_DIR_VARIABLE, "")
    if isinstance(plugins_dirs, (str, Path)):
        plugins_dirs = str(plugins_dirs).split(os.pathsep)
    if load is None:
        load = environ.get(LOAD_PLUGINS_VARIABLE)
    if isinstance(load, str):
        load = load.split(",")
    installed = None if load is None else tuple(name.strip() for name in load if name.strip())
    return PluginChoice(tuple(str(p) for p in plugins_dirs if str(p)), installed)


def plugin_manager(plugins_dirs=None, load=None) -> pluggy.PluginManager:
    """A new plugin manager with built-in, installed and directory plugins registered and checked.

    ``plugins_dirs`` and ``load`` are as for ``plugin_choice`` (or a PluginChoice).
    """
    choice = plugins_dirs if isinstance(plugins_dirs, PluginChoice) else plugin_choice(plugins_dirs, load)
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name)
    _load_installed(manager, choice.installed)
    for directory in plugin_directories(choice.directories):
        for plugin, name in _directory_plugins(directory):
            if manager.get_plugin(name) is None:
                manager.register(plugin, name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin check failed: {error}") from error
    return manager


def _load_installed(manager: pluggy.PluginManager, names) -> None:
    """Register the installed plugins named (every one when ``names`` is None)."""
    if names is not None:
        available = {entry.name for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
        unknown = [name for name in names if name not in available]
        if unknown:
            raise PluginError(f"{LOAD_PLUGINS_VARIABLE} names {', '.join(map(repr, unknown))}, not an installed "
                              f"tutor plugin (installed: {', '.join(sorted(available)) or 'none'})")
    try:
        if names is None:
            manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        for name in names or ():
            manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name)
    except Exception as error:  # an installed plugin that fails to import
        raise PluginError(f"an installed tutor plugin failed to load: {error}") from error


def plugin_directories(plugins_dirs=()) -> list[Path]:
    """The plugin directories named, each checked: it exists and only its owner may write to it."""
    directories = [Path(p).expanduser() for p in plugins_dirs]
    for directory in directories:
        if not directory.is_dir():
            raise PluginError(f"plugins directory {directory} does not exist")
        check_ownership(directory)
    return directories


def check_ownership(path: Path, what: str = "plugins directory") -> None:
    """Refuse a plugins directory or plugin that others could have written: PluginError says why."""
    info = path.stat()
    if info.st_mode & stat.S_IWOTH:
        raise PluginError(f"{what} {path} is writable by every user, so anyone could put code there that tutor "
                          f"would run: refusing it (chmod o-w {path})")
    if info.st_uid not in (0, os.getuid()):
        raise PluginError(f"{what} {path} belongs to another user (uid {info.st_uid}), who could put code there "
                          "that tutor would run: refusing it")


def _directory_plugins(directory: Path):
    """Import each ``*.py`` file and each package in ``directory`` as a plugin module."""
    for path in sorted(directory.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        if path.suffix == ".py":
            location, stem = path, path.stem
        elif path.is_dir() and (path / "__init__.py").exists():
            location, stem = path / "__init__.py", path.name
        else:
            continue
        check_ownership(path, "plugin")
        module_name = f"tutor_plugin_{stem}"
        if module_name in sys.modules:
            yield sys.modules[module_name], f"dir:{stem}"
            continue
        spec = importlib.util.spec_from_file_location(
            module_name, location, submodule_search_locations=[str(path)] if path.is_dir() else None)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)  # an instructor's own plugin code, loaded on purpose
        except Exception as error:
            del sys.modules[module_name]
            raise PluginError(f"plugin {path} failed to load: {type(error).__name__}: {error}") from error
        yield module, f"dir:{stem}"
