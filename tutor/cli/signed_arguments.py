"""A click command whose arguments may start with a minus sign: ``tutor solve hessian "-2x^2 + y"``.

click reads every token that starts with "-" as an option, so an expression such as
``-2x^2 - 3y^2`` fails with "No such option '-2'". ``SignedArgumentCommand`` looks at
the tokens before click does: a token that is not one of the command's options, nor the
value of one, and that starts with a single "-" followed by anything (``-2x``, ``-x^2``,
``-(x+1)``, ``-.5``) is an argument. Such arguments are moved behind a "--", which tells
click that what follows is positional; their order is kept. Real options (``--at``,
``--help``, ``-h``), option values that start with "-" (``--start -1``) and unknown
long options (``--atx``, still an error) are left as they are.
"""

from __future__ import annotations

import click


class SignedArgumentCommand(click.Command):
    """A click.Command that reads "-2x^2" as an argument, not as an unknown option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, arguments_last(self, ctx, args))


def arguments_last(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """``args`` with options first and, when an argument starts with "-", "--" then the arguments."""
    with_value, flags = _option_names(command, ctx)
    options, arguments = [], []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            arguments.extend(args[index + 1:])
            break
        if token in with_value:
            options.extend(args[index:index + 2])  # the option and its value, whatever it looks like
            index += 2
            continue
        name = token.split("=", 1)[0]
        if token in flags or (token.startswith("--") and (name in with_value or name in flags)):
            options.append(token)
        elif token.startswith("--") or not token.startswith("-") or token == "-":
            (options if token.startswith("--") else arguments).append(token)
        elif _is_cluster_of(token, flags):
            options.append(token)
        else:
            arguments.append(token)  # -2x^2, -x, -(x + 1): an expression with a leading minus
        index += 1
    if not any(a.startswith("-") for a in arguments):
        return list(args)
    return options + ["--"] + arguments


def _option_names(command: click.Command, ctx: click.Context) -> tuple[set, set]:
    """The names of options that take a value, and of flags (help included)."""
    with_value, flags = set(), set()
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option):
            continue
        names = set(param.opts) | set(param.secondary_opts)
        if param.is_flag or param.count:
            flags |= names
        else:
            with_value |= names
    return with_value, flags


def _is_cluster_of(token: str, flags: set) -> bool:
    """True for short flags written together (-hq), when every letter is a known short flag."""
    letters = token[1:]
    return len(letters) > 1 and all(f"-{c}" in flags for c in letters)
