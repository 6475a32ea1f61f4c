"""``tutor quiz``: practise in the terminal, with progress saved after every answer."""

from __future__ import annotations

import sys

import click

from tutor.cli.context import pass_session
from tutor.cli.options import db_option, default_user, seed_option, user_option

@click.command("quiz")
@click.option("--topic", "topics", multiple=True, metavar="T", help="Only this topic (repeatable).")
@click.option("--exercise", "exercises", multiple=True, metavar="ID",
              help="Only this exercise (repeatable); otherwise the adaptive scheme chooses.")
@click.option("--count", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Problems to ask.")
@seed_option("Make the sequence of problems reproducible (default: drawn, and printed).",
             type=click.IntRange(0, None), default=None, show_default=False)
@click.option("--retries", type=click.IntRange(0, 100), default=2, show_default=True,
              help="Extra tries after a wrong answer.")
@user_option
@db_option
@pass_session
def quiz_command(session, topics, exercises, count, seed, retries, user, db_path):
    """Practise: answer problems, with hints, worked solutions and feedback.

    Each problem is shown with its maths in unicode; type an answer and tutor says
    how it read it, then whether it is right, with feedback. At the prompt you can
    also type hint, steps (the worked solution), skip, quit or help. An answer that
    cannot be read costs no try. Every answer is saved at once in the progress
    database, so closing the terminal loses nothing; Ctrl-C or Ctrl-D end the
    session with a summary. Without --exercise, the next exercise favours topics
    you get wrong and spaces out those you have mastered (Leitner boxes). The same
    --seed with the same history and answers asks the same problems (a fresh --db
    replays a session exactly). Input may be piped: one answer or command per
    line. Exit codes: 0 the session ended (also by quit, Ctrl-C or end of input),
    1 the progress database failed or no exercise could be generated, 2 a usage
    error.

    \b
    Examples:
      tutor quiz
      tutor quiz --topic derivative-rules --count 5 --seed 42
      tutor quiz --exercise power-rule-integer --retries 0
      printf '2x\\nquit\\n' | tutor quiz --exercise power-rule-integer --seed 1
    """
    try:
        _run(session, topics, exercises, count, seed, retries, user, db_path)
    except KeyboardInterrupt:  # while loading, before the session began
        click.echo("\ninterrupted", err=True)
        sys.exit(0)


def _run(session, topics, exercises, count, seed, retries, user, db_path):
    import json
    import secrets

    from tutor.practice.session import Quiz
    from tutor.practice.store import StoreError, default_path, open_store
    from tutor.practice.terminal import terminal_io

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
    write(f"tutor quiz: {count} problem{'s' if count != 1 else ''} for {user} from {where}", "title")
    write(f"seed {seed} (replay this session with --seed {seed}); progress is saved in {path}")
    write("Type an answer, or help for the commands.", "note")
    settings = json.dumps({"topics": list(topics), "exercises": list(exercises), "count": count,
                           "retries": retries}, sort_keys=True)
    quiz = Quiz(candidates, make_problem, store, read=read, write=write, user=user, seed=seed, count=count,
                retries=retries, settings=settings)
    try:
        summary = quiz.run()
    finally:
        store.close()
    write(f"Replay: tutor quiz --seed {seed}" + "".join(f" --topic {t}" for t in topics)
          + "".join(f" --exercise {e}" for e in exercises) + f" --count {count}", "note")
    if summary.error:
        raise click.ClickException(summary.error)


def _candidates(session, topics, exercises) -> list:
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
    known = sorted({s.topic for s in library.values()})
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise click.UsageError(f"unknown topic {', '.join(map(repr, unknown))}; topics: {', '.join(known)}")
    return [s for s in library.values() if s.topic in topics]
