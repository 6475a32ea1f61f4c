"""``tutor quiz`` and ``tutor review``: practise in the terminal, with progress saved after every answer."""

from __future__ import annotations

import sys

import click

from tutor.cli.context import pass_session
from tutor.cli.errors import CommandUsageError
from tutor.cli.options import db_option, default_user, seed_option, user_option


def _practice_options(function):
    """The options quiz and review share."""
    for option in reversed([
        click.option("--topic", "topics", multiple=True, metavar="T", help="Only this topic (repeatable)."),
        seed_option("Make the sequence of problems reproducible (default: drawn, and printed).",
                    type=click.IntRange(0, None), default=None, show_default=False),
        click.option("--retries", type=click.IntRange(0, 100), default=2, show_default=True,
                     help="Extra tries after a wrong answer."),
        user_option,
        db_option,
    ]):
        function = option(function)
    return function


@click.command("quiz")
@click.option("--exercise", "exercises", multiple=True, metavar="ID",
              help="Only this exercise (repeatable); otherwise the spaced-repetition scheduler chooses.")
@click.option("--count", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Problems to ask.")
@_practice_options
@pass_session
def quiz_command(session, exercises, count, topics, seed, retries, user, db_path):
    """Practise: answer problems, with hints, worked solutions and feedback.

    Each problem is shown with its maths in unicode; type an answer and tutor says
    how it read it, then whether it is right, with feedback. At the prompt you can
    also type hint, steps (the worked solution), skip, quit or help. An answer that
    cannot be read costs no try. Every answer is saved at once in the progress
    database, so closing the terminal loses nothing; Ctrl-C or Ctrl-D end the
    session with a summary. Without --exercise, exercises due for review come first,
    then new ones, then those due soonest, interleaving topics (spaced repetition
    with FSRS; see tutor review). The same --seed with the same history, answers and
    clock asks the same problems (a fresh --db replays a session; the line printed
    at the end says how). Input may be piped: one answer or command per line.
    TUTOR_CLOCK=2026-03-02T09:00:00+00:00 fixes the clock (for testing). Exit codes:
    0 the session ended (also by quit, Ctrl-C or end of input), 1 the progress
    database failed or no exercise could be generated, 2 a usage error (an unknown
    topic or exercise).

    \b
    Examples:
      tutor quiz
      tutor quiz --topic derivative-rules --count 5 --seed 42
      tutor quiz --exercise power-rule-integer --retries 0
      printf '2x\\nquit\\n' | tutor quiz --exercise power-rule-integer --seed 1
    """
    _practise(session, topics, exercises, count, seed, retries, user, db_path, review=False, new=None)


@click.command("review")
@click.option("--new", "new", type=click.IntRange(0, 1000), default=5, show_default=True,
              help="New exercises to learn after the due ones.")
@click.option("--count", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="At most this many problems.")
@_practice_options
@pass_session
def review_command(session, new, count, topics, seed, retries, user, db_path):
    """Review what is due today, then learn a few new exercises (spaced repetition).

    Every exercise you have met is a card (FSRS, the scheduler Anki uses): right the
    first time without help, it comes back after longer and longer gaps (days, then
    weeks); right after a hint or a retry, sooner; wrong, skipped or right only after
    the worked solution, within minutes. tutor review asks the due ones first, those
    you are most likely to have forgotten first, then at most --new exercises you
    have never met, interleaving topics, and stops. The quiz's commands (hint, steps,
    skip, quit, help) work here too. TUTOR_CLOCK=2026-03-02T09:00:00+00:00 fixes the
    clock (for testing). Exit codes as for tutor quiz.

    \b
    Examples:
      tutor review
      tutor review --topic hessian --new 0
      tutor stats
    """
    _practise(session, topics, (), count, seed, retries, user, db_path, review=True, new=new)


def _practise(session, topics, exercises, count, seed, retries, user, db_path, *, review, new):
    try:
        _run(session, topics, exercises, count, seed, retries, user, db_path, review, new)
    except KeyboardInterrupt:  # while loading, before the session began
        click.echo("\ninterrupted", err=True)
        sys.exit(0)


def _run(session, topics, exercises, count, seed, retries, user, db_path, review, new):
    import json
    import secrets

    from tutor.practice.clock import ClockError, clock_from_env
    from tutor.practice.session import Quiz
    from tutor.practice.store import StoreError, default_path, open_store
    from tutor.practice.terminal import terminal_io

    try:
        now = clock_from_env()
    except ClockError as error:
        raise CommandUsageError(str(error)) from None
    user = user or default_user()
    if seed is None:
        seed = secrets.randbelow(100_000)
    candidates = _candidates(session, topics, exercises)
    path = db_path or default_path()
    try:
        store = open_store(path)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    read, write = terminal_io()

    def make_problem(spec, problem_seed):
        from tutor.exercises import instantiate

        return instantiate(spec, problem_seed, session.registry)

    where = (f"exercise{'s' if len(exercises) > 1 else ''} {', '.join(exercises)}" if exercises else
             f"topic{'s' if len(topics) > 1 else ''} {', '.join(topics)}" if topics else "all topics")
    command = "review" if review else "quiz"
    amount = f"what is due, then up to {new} new" if review else f"{count} problem{'s' if count != 1 else ''}"
    write(f"tutor {command}: {amount} for {user} from {where}", "title")
    write(f"seed {seed} (replay this session with --seed {seed}); progress is saved in {path}")
    write("Type an answer, or help for the commands.", "note")
    settings = json.dumps({"command": command, "topics": list(topics), "exercises": list(exercises),
                           "count": count, "retries": retries, "new": new}, sort_keys=True)
    quiz = Quiz(candidates, make_problem, store, read=read, write=write, user=user, seed=seed, count=count,
                retries=retries, settings=settings, now=now, review=review, new_limit=new)
    try:
        summary = quiz.run()
    finally:
        store.close()
    write("Replay: " + replay_line(session, command, seed, topics, exercises, count, retries, new), "command")
    if summary.error:
        raise click.ClickException(summary.error)


def replay_line(session, command, seed, topics, exercises, count, retries, new=None) -> str:
    """The command that asks the same problems again: every option that changes them, the
    plugins (directories and TUTOR_LOAD_PLUGINS) and a fixed TUTOR_CLOCK included."""
    import os
    import shlex

    from tutor.plugins import LOAD_PLUGINS_VARIABLE, plugin_choice
    from tutor.practice.clock import CLOCK_VARIABLE

    choice = plugin_choice(session.plugins_dir)
    words = [f"{name}={shlex.quote(os.environ[name])}" for name in (CLOCK_VARIABLE,) if os.environ.get(name)]
    if choice.installed is not None:
        words.append(f"{LOAD_PLUGINS_VARIABLE}={shlex.quote(','.join(choice.installed))}")
    words.append("tutor")
    if choice.directories:
        words += ["--plugins-dir", shlex.quote(os.pathsep.join(choice.directories))]
    words += [command, "--seed", str(seed)]
    words += [part for topic in topics for part in ("--topic", shlex.quote(topic))]
    words += [part for exercise in exercises for part in ("--exercise", shlex.quote(exercise))]
    words += ["--count", str(count), "--retries", str(retries)]
    if new is not None:
        words += ["--new", str(new)]
    return " ".join(words)


def _candidates(session, topics, exercises) -> list:
    if topics:
        session.require_topics(topics)
    if exercises:
        specs = [session.spec(exercise_id) for exercise_id in exercises]
        if topics:
            specs = [s for s in specs if s.topic in topics]
            if not specs:
                raise click.UsageError("none of the --exercise ids is in the --topic given")
        return specs
    library = session.library
    if not topics:
        if not library:
            raise click.ClickException("the exercise library is empty")
        return list(library.values())
    return [s for s in library.values() if s.topic in topics]
