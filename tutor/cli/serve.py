"""``tutor serve``: practice in a browser, the exercise browser and the JSON API, served by uvicorn."""

from __future__ import annotations

import click

from tutor.cli.context import pass_session
from tutor.cli.options import db_option, default_user, plugins_dir_option, user_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but a loopback address needs --token or --users.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@db_option
@plugins_dir_option
@click.option("--token", envvar="TUTOR_SERVE_TOKEN", metavar="TOKEN", default=None,
              help="An access token (16+ characters; also TUTOR_SERVE_TOKEN): API calls send it as a bearer "
                   "token, a browser logs in with it. Its holder may see answer keys.")
@click.option("--users", "users_file", type=click.Path(dir_okay=False), metavar="FILE", default=None,
              help="A users file: one 'NAME ROLE HASH' per line (ROLE student or instructor).")
@user_option
@click.option("--count", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Problems per practice session.")
@click.option("--retries", type=click.IntRange(0, 100), default=2, show_default=True,
              help="Extra tries after a wrong answer.")
@click.option("--max-body", type=click.IntRange(1024, 16 * 2 ** 20), default=64 * 1024, show_default=True,
              help="Largest request body accepted, in bytes.")
@click.option("--hash-password", is_flag=True,
              help="Read a password (twice, not echoed) and print its hash for a users file, then exit.")
@pass_session
def serve_command(session, host, port, db_path, plugins_dir, token, users_file, user, count, retries, max_body,
                  hash_password):
    """Serve practice in a browser, an exercise browser and a JSON checking API.

    Students practise as in tutor quiz (the same adaptive choice of problems, the
    same progress database, so tutor stats shows one history), with the maths as
    MathML and a live preview of how an answer reads. Instructors browse the
    exercises with their answer keys (/exercises). Course sites call the JSON API
    (/api/openapi.json describes it). Nothing is fetched from outside: it works
    offline. It binds 127.0.0.1 unless told otherwise; on any other address it
    refuses to start without --token or --users. Exit codes: 0 stopped, 1 the
    server could not start, 2 a usage error.

    \b
    Examples:
      tutor serve                                 # then open http://127.0.0.1:8000
      tutor serve --host 0.0.0.0 --users class.users --db class.db
      tutor serve --hash-password                 # a hash for a users file line
    """
    if hash_password:
        from tutor.web.auth import hash_password as make_hash

        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        click.echo(make_hash(password))
        return
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise click.ClickException("tutor serve needs the web extra: pip install 'tutor[web]'") from None
    from tutor.errors import TutorError
    from tutor.practice.store import default_path
    from tutor.web.app import ServeConfig, create_app
    from tutor.web.auth import read_users

    try:
        users = read_users(users_file) if users_file else None
        config = ServeConfig(db_path=db_path or default_path(), host=host,
                             plugins_dir=plugins_dir or session.plugins_dir, token=token, users=users,
                             local_user=user or default_user(), count=count, retries=retries, max_body=max_body)
        app = create_app(config)
    except TutorError as error:
        raise click.UsageError(str(error)) from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"tutor serve: http://{shown}:{port}/ (progress in {config.db_path}; Ctrl-C stops)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False)
    finally:
        app.state.engine.close()
