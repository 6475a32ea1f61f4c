"""The plugin manager: built-in plugins, installed entry points, a plugins directory.

Built-in topics are plugins registered exactly as outside ones are; only the
place they come from differs. Outside plugins come from the ``tutor`` entry-point
group and from a directory of ``.py`` files (or packages) named by
``--plugins-dir`` or the TUTOR_PLUGINS_DIR environment variable (several
directories separated by ``os.pathsep``), for instructors who do not package code.

A plugin is code that runs with the user's rights, so a plugins directory (and each
plugin in it) that every user may write to, or that belongs to another user (not the
current user, not root), is refused: anyone who can write there could run code as you.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import stat
import sys
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
)
PLUGINS_DIR_VARIABLE = "TUTOR_PLUGINS_DIR"


class PluginError(TutorError):
    """A plugin could not be loaded or implements a hook wrongly."""


_MANAGERS: dict = {}


def get_plugin_manager(plugins_dirs=None) -> pluggy.PluginManager:
    """The plugin manager for these plugin directories, made once per process."""
    key = tuple(map(str, plugins_dirs)) if isinstance(plugins_dirs, (list, tuple)) else plugins_dirs
    if key is None:
        key = ("env", os.environ.get(PLUGINS_DIR_VARIABLE, ""))
    if key not in _MANAGERS:
        _MANAGERS[key] = plugin_manager(plugins_dirs)
    return _MANAGERS[key]


def plugin_manager(plugins_dirs=None) -> pluggy.PluginManager:
    """A plugin manager with built-in, installed and directory plugins registered and checked."""
    manager = pluggy.PluginManager("tutor")
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name)
    try:
        manager.load_setuptools_entrypoints("tutor")
    except Exception as error:  # an installed plugin that fails to import
        raise PluginError(f"an installed tutor plugin failed to load: {error}") from error
    for directory in plugin_directories(plugins_dirs):
        for plugin, name in _directory_plugins(directory):
            if manager.get_plugin(name) is None:
                manager.register(plugin, name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin check failed: {error}") from error
    return manager


def plugin_directories(plugins_dirs=None) -> list[Path]:
    """The plugin directories from the argument, else from TUTOR_PLUGINS_DIR."""
    if plugins_dirs is None:
        plugins_dirs = os.environ.get(PLUGINS_DIR_VARIABLE, "")
    if isinstance(plugins_dirs, (str, Path)):
        plugins_dirs = [p for p in str(plugins_dirs).split(os.pathsep) if p]
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
