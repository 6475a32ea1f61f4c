"""Options and option readers that several commands share, defined once."""

from __future__ import annotations

import os
import re

import click

from tutor.cli.errors import CommandUsageError

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


MAX_WORKERS = 4 * cpus()  # more worker processes than this only add memory and switching


def plugins_dir_option(function):
    """--plugins-dir DIR (the environment's TUTOR_PLUGINS_DIR is read by tutor.plugins)."""
    return click.option("--plugins-dir", metavar="DIR", default=None,
                        help="A directory of plugin .py files or packages (also TUTOR_PLUGINS_DIR; "
                             "TUTOR_LOAD_PLUGINS chooses the installed plugins).")(function)


def json_option(help_text: str = "Print the result as JSON."):
    """--json: a flag named ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def seed_option(help_text: str = "Which variant.", **settings):
    """--seed N: which variant of an exercise (settings: click.option's, e.g. type or default)."""
    settings = {"type": int, "default": 0, "show_default": True, **settings}
    return click.option("--seed", help=help_text, **settings)


DETAIL_CHOICES = ("1", "2", "3", "method", "full")  # tutor.steps.render.detail_level reads them


def detail_option(default: int, help_text: str):
    """--detail 1|2|3: a worked solution's level of detail, given to the command as an int."""
    def to_level(context, parameter, value):
        from tutor.steps.render import detail_level

        return detail_level(value)

    return click.option("--detail", type=click.Choice(DETAIL_CHOICES), default=str(default), show_default=True,
                        callback=to_level, help=help_text)


def salt_option(help_text: str):
    """--seed SALT of tutor assign and tutor grade: the secret text the variants derive from."""
    return click.option("--seed", "salt", required=True, metavar="SALT", help=help_text)


def vars_option(help_text: str):
    """--vars x,y: declared variables, read by ``variable_names``."""
    return click.option("--vars", "variables", metavar="x,y", help=help_text)


def db_option(function):
    """--db FILE: the progress database (also TUTOR_DB)."""
    return click.option("--db", "db_path", envvar="TUTOR_DB", type=click.Path(dir_okay=False), metavar="FILE",
                        help="The progress database (also TUTOR_DB; default: progress.db in your data folder, "
                             "e.g. ~/.local/share/tutor on Linux, ~/Library/Application Support/tutor on "
                             "macOS, %LOCALAPPDATA%\\tutor on Windows).")(function)


def user_option(function):
    """--user NAME: whose progress (default: ``default_user()``)."""
    return click.option("--user", metavar="NAME", default=None,
                        help="Whose progress (default: $TUTOR_USER, else the login name).")(function)


def default_user() -> str:
    """$TUTOR_USER, else the login name, else 'student'."""
    if os.environ.get("TUTOR_USER"):
        return os.environ["TUTOR_USER"]
    try:
        import getpass

        return getpass.getuser() or "student"
    except Exception:  # no login name (a container, say)
        return "student"


def variable_names(value) -> list[str] | None:
    """Declared variables from "x,y" or a JSON list (None stays None); ValueError names a bad one."""
    if value is None:
        return None
    if isinstance(value, str):
        names = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        names = [v.strip() for v in value if v.strip()]
    else:
        raise ValueError('"vars" must be a list of names or a text like "x,y"')
    from tutor.language.vocabulary import FUNCTIONS

    for name in names:
        if not _NAME.match(name):
            raise ValueError(f"{name!r} is not a variable name (a letter, then letters, digits or _)")
        if name in FUNCTIONS or name == "pi":
            raise ValueError(f"{name!r} is a function or constant of the input language, not a variable")
    return names


def usage_variable_names(value, where: str = "--vars") -> list[str] | None:
    """``variable_names``, with a bad name a usage error (exit 2) that says where it was."""
    try:
        return variable_names(value)
    except ValueError as error:
        raise CommandUsageError(f"{where}: {error}") from None
