"""What the commands share: the plugin registry and the exercise library, loaded on first use."""

from __future__ import annotations

from functools import cached_property

import click


class Session:
    """Per-invocation state: the plugins directory, then the registry and library it yields.

    ``plugins_dir`` None means "as the environment says" (tutor.plugins.plugin_choice).
    """

    def __init__(self, plugins_dir=None):
        self.plugins_dir = plugins_dir

    @cached_property
    def registry(self):
        from tutor.errors import TutorError
        from tutor.registry import get_registry

        try:
            return get_registry(self.plugins_dir)
        except TutorError as error:
            raise click.ClickException(str(error)) from None

    @cached_property
    def library(self) -> dict:
        from tutor.errors import TutorError
        from tutor.exercises.loader import load_library

        try:
            return load_library(self.registry)
        except TutorError as error:
            raise click.ClickException(str(error)) from None

    def topics(self) -> list[str]:
        """Every topic of the library, sorted."""
        return sorted({spec.topic for spec in self.library.values()})

    def require_topics(self, topics) -> None:
        """A usage error (exit 2) naming every known topic when one of ``topics`` is unknown."""
        known = self.topics()
        unknown = [topic for topic in topics if topic not in known]
        if unknown:
            from tutor.cli.errors import CommandUsageError

            names = ", ".join(map(repr, unknown))
            raise CommandUsageError(f"unknown topic{'s' if len(unknown) > 1 else ''} {names}; "
                                    f"the topics are: {', '.join(known)}")

    def spec(self, exercise_id: str):
        if exercise_id not in self.library:
            close = [i for i in self.library if exercise_id in i or i in exercise_id][:5]
            hint = f"; did you mean {', '.join(close)}?" if close else "; `tutor list` shows them"
            raise click.UsageError(f"unknown exercise {exercise_id!r}{hint}")
        return self.library[exercise_id]

    def problem(self, exercise_id: str, seed: int):
        from tutor.errors import TutorError
        from tutor.exercises import instantiate

        try:
            return instantiate(self.spec(exercise_id), seed, self.registry)
        except TutorError as error:
            raise click.ClickException(str(error)) from None


pass_session = click.make_pass_decorator(Session, ensure=True)
