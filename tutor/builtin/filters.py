"""Built-in plugin: Jinja filters for prompts and worksheets (pretty, text, latex)."""

from tutor.hookspecs import hookimpl


@hookimpl
def register_jinja_filters(register):
    from tutor.exercises.templates import latex, pretty, text

    register("pretty", pretty)
    register("text", text)
    register("latex", latex)
