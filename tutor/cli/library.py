"""``tutor list`` and ``tutor show``: browse the exercise library."""

from __future__ import annotations

import json

import click

from tutor.cli.context import pass_session
from tutor.cli.options import detail_option, json_option, seed_option


@click.command("list")
@click.option("--topic", help="Only exercises of this topic.")
@click.option("--by-module", is_flag=True,
              help="Group by syllabus module (an exercise's module-NN tag), with a count per module.")
@json_option("Print a JSON list.")
@pass_session
def list_command(session, topic, by_module, as_json):
    """List the exercises of the library and of installed plugins.

    \b
    Examples:
      tutor list
      tutor list --by-module
      tutor list --topic hessian --json
    """
    if topic is not None:
        session.require_topics([topic])
    specs = [s for s in session.library.values() if topic is None or s.topic == topic]
    specs.sort(key=lambda s: (module_of(s) or "~", s.topic, s.difficulty, s.id) if by_module
               else (s.topic, s.difficulty, s.id))
    if as_json:
        click.echo(json.dumps([{"id": s.id, "title": s.title, "topic": s.topic, "module": module_of(s),
                                "difficulty": s.difficulty, "source": s.source} for s in specs],
                              ensure_ascii=False, indent=2))
        return
    if not specs:
        click.echo(f"no exercises{' in topic ' + topic if topic else ''}")
        return
    width = max(len(s.id) for s in specs)
    topic_width = max(len(s.topic) for s in specs)
    heading = None
    for s in specs:
        if by_module and module_of(s) != heading:
            heading = module_of(s)
            count = sum(1 for other in specs if module_of(other) == heading)
            if s is not specs[0]:
                click.echo()
            label = f"module {heading}" if heading else "no module"
            click.echo(f"{label} ({count} exercise{'s' if count != 1 else ''})")
        click.echo(f"{s.id:<{width}}  {s.topic:<{topic_width}}  {'*' * s.difficulty:<5}  {s.title}")
    topics = len({s.topic for s in specs})
    click.echo(f"\n{len(specs)} exercises in {topics} topic{'s' if topics != 1 else ''}")


def module_of(spec) -> str | None:
    """The syllabus module an exercise drills, from its tag module-NN (e.g. "02"), or None."""
    for tag in spec.tags:
        if len(tag) == 9 and tag.startswith("module-") and tag[7:].isdigit():
            return tag[7:]
    return None


@click.command("show")
@click.argument("exercise_id", metavar="ID")
@seed_option("Which variant.")
@detail_option(3, "The worked solution's detail: 1 the method; 2 and each rule applied to a non-trivial "
                  "part; 3 every step, then the exercise's going-further note.")
@json_option("Print the problem as JSON (the solution at --detail, and its whole step trees in "
             "\"solution_steps\", each step with its level).")
@pass_session
def show_command(session, exercise_id, seed, detail, as_json):
    """Show one variant of an exercise: prompt, expected answer, hints and solution.

    \b
    Examples:
      tutor show sigmoid-derivative --seed 3
      tutor show hessian-course-example --detail 1
    """
    from tutor.errors import TutorError
    from tutor.solutions import render_solution, solution_data

    problem = session.problem(exercise_id, seed)
    try:
        solution = render_solution(problem, "unicode", detail)
        data = solution_data(problem) if as_json else None
    except TutorError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        data = {**problem.to_dict(), "detail": detail, "solution": solution, "solution_steps": data}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from tutor.neutralise import terminal

    spec = problem.spec
    lines = [f"{spec.title}  [{spec.id}, seed {seed}, topic {spec.topic}, difficulty {spec.difficulty}]", "",
             problem.prompt, "", f"Answer ({problem.expected.kind}): {problem.answer_text}",
             *(f"Hint {number}: {hint}" for number, hint in enumerate(problem.hints, 1)),
             *(["", "Solution:", solution] if solution else [])]
    click.echo(terminal("\n".join(lines)))  # the exercise's rendered text may hold control characters
