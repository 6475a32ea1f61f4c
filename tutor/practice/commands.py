"""What a student may type at the quiz prompt besides an answer."""

from __future__ import annotations

COMMANDS = {
    "hint": "show the next hint",
    "steps": "show the worked solution: the method and the answer (steps all: every rule)",
    "more": "show the worked solution in more detail (again for more)",
    "skip": "give up on this problem and see the answer",
    "quit": "end the session (Ctrl-D and Ctrl-C do too); progress is saved",
    "help": "show this list",
}
# (no one-letter aliases: a one-letter answer is a variable, like q)
ALIASES = {"exit": "quit", ":q": "quit", "?": "help", "solution": "steps", "solution all": "steps all"}


def command_of(text: str) -> str:
    """The command ``text`` names, '' for a blank line, or the text itself (lower-cased) for an answer."""
    word = " ".join(text.strip().lower().split())
    return ALIASES.get(word, word)


def help_lines() -> list[str]:
    """The answer to ``help``."""
    return ["Type your answer in the input language (2x, x^2, sqrt(x), sigma(z), [a, b], ...),",
            "or one of these commands (a command wins over an answer of the same spelling):",
            *(f"  {name:<6} {text}" for name, text in COMMANDS.items())]
