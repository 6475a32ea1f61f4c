"""HTML for the pages: the page templates, prompts with their maths as MathML, answers as
read, and worked solutions as nested collapsible steps.

Exercise text is untrusted: a prompt is rendered by the exercise sandbox with each bare
value printed as MathML into a slot only this rendering knows (a random nonce), the text
around it is HTML-escaped, then the slots are filled. Page templates autoescape.
"""

from __future__ import annotations

import contextvars
import html
import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from tutor.errors import TutorError

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_SLOTS: contextvars.ContextVar = contextvars.ContextVar("mathml_slots")


@lru_cache(maxsize=1)
def pages() -> Environment:
    """The environment of the page templates (trusted files of this package), autoescaping."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                       trim_blocks=True, lstrip_blocks=True)


def page(name: str, **values) -> str:
    return pages().get_template(name).render(**values)


# -- maths ------------------------------------------------------------------------------

def mathml(value, e_is_variable: bool = False, display: bool = False) -> Markup:
    """An engine value as a <math> element (text values escaped)."""
    from tutor.web.mathml import to_mathml

    if isinstance(value, str):
        return Markup("<code>{}</code>").format(value)
    return Markup(to_mathml(value, display, e_is_variable))


class _Slots:
    def __init__(self, e_is_variable: bool):
        self.nonce, self.values, self.e_is_variable = secrets.token_hex(8), [], e_is_variable

    def show(self, value) -> str:
        from tutor.web.mathml import to_mathml

        self.values.append(to_mathml(value, e_is_variable=self.e_is_variable))
        return f"\ue000{self.nonce}:{len(self.values) - 1}\ue001"


def _show_in_slot(value) -> str:
    return _SLOTS.get().show(value)


_ENVIRONMENTS: dict = {}


def _pretty_in_slot(value) -> str:
    """The ``pretty`` filter on a page: maths as MathML too (anything else as text)."""
    from tutor.exercises.templates import MATH_TYPES

    return _show_in_slot(value) if isinstance(value, MATH_TYPES) else str(value)


def _prompt_environment(registry):
    """The exercise sandbox with the registry's filters, printing values (bare or ``| pretty``) as MathML."""
    from tutor.exercises.templates import environment_showing

    key = id(registry)
    if key not in _ENVIRONMENTS:
        filters = {**registry.filters, "pretty": _pretty_in_slot}
        _ENVIRONMENTS[key] = (registry, environment_showing(filters, _show_in_slot))
    return _ENVIRONMENTS[key][1]


def prompt_html(problem) -> Markup:
    """The prompt with every value as MathML; the unicode prompt, escaped, if that fails."""
    from tutor.exercises.evaluate import time_limited
    from tutor.exercises.templates import render

    slots = _Slots("e" in problem.spec.variables)
    token = _SLOTS.set(slots)
    try:
        with time_limited(problem.spec, "prompt", f"rendering the prompt of seed {problem.seed}"):
            text = render(_prompt_environment(problem.registry), problem.spec.prompt, problem.template_values())
    except TutorError:
        return Markup.escape(problem.prompt)
    finally:
        _SLOTS.reset(token)
    pattern = re.compile("\ue000" + slots.nonce + r":(\d+)\ue001")
    return Markup(pattern.sub(lambda match: slots.values[int(match.group(1))], html.escape(text, quote=False)))


def expected_html(problem) -> Markup:
    value = getattr(problem.expected, "value", None)
    if value is None or isinstance(value, str):
        return Markup("<code>{}</code>").format(problem.answer_text)
    return mathml(value, problem.expected.e_is_variable)


def preview(engine, problem, answer: str) -> dict:
    """How ``answer`` reads, for the live preview: ``{"ok", "mathml", "text", "message", "column"}``.
    Reading only: nothing is checked, nothing about the expected answer is sent."""
    from tutor.language import to_text
    from tutor.limits import time_limit
    from tutor.web.mathml import to_mathml
    from tutor.errors import CheckTimeout

    if not answer.strip():
        return {"ok": False, "mathml": "", "text": "", "message": "", "column": None}
    value, error = engine.read(problem, answer)
    if error is not None:
        return {"ok": False, "mathml": "", "text": "", "message": str(error), "column": error.column}
    e_is_variable = problem.expected.e_is_variable
    try:
        with time_limit(problem.expected.options.limits.seconds):
            if isinstance(value, str):
                return {"ok": True, "mathml": "", "text": value, "message": "", "column": None}
            return {"ok": True, "mathml": to_mathml(value, e_is_variable=e_is_variable),
                    "text": to_text(value, e_is_variable), "message": "", "column": None}
    except (CheckTimeout, RecursionError, MemoryError):
        return {"ok": False, "mathml": "", "text": "", "message": "this answer is too large to show", "column": None}


# -- worked solutions ------------------------------------------------------------------------

@dataclass
class StepNode:
    """One step of a worked solution as the page shows it: a <details> with its substeps.

    ``depth`` is 1 for a top-level step; ``kind`` is 'derivative' or 'method'; ``level`` the
    level of detail the step belongs to. Which steps are open by default is ``opened``'s
    choice (e.g. those at or below a chosen level).
    """

    number: str
    line: str
    rule: str
    kind: str
    description: str
    depth: int
    level: int  # the level of detail it belongs to (tutor.steps: 1 the method, 2 the rules, 3 everything)
    children: list = field(default_factory=list)
    open: bool = False


def opened_to(detail: int):
    """Which steps start open so that the page shows level ``detail`` (tutor.steps: 1 the method,
    2 each rule on a non-trivial part, 3 everything): a step opens when a substep belongs there."""
    def opened(node: StepNode) -> bool:
        return any(child.level <= detail for child in node.children)

    return opened


default_opened = opened_to(1)  # as the quiz's ``steps``: the method and the answer; the rest a click away


def step_tree(steps, opened=default_opened, digits: int = 4) -> list[StepNode]:
    """The step tree as nested StepNodes, in the order and numbering of ``tutor solve``."""
    from tutor.steps.model import rule_named
    from tutor.steps.render import step_lines

    roots: list[StepNode] = []
    by_path: dict = {}
    for shown in step_lines(steps, "unicode", digits):
        path, step = shown.number, shown.step
        rule = rule_named(step.rule)
        node = StepNode(".".join(map(str, path)), shown.text, step.rule, rule.kind, rule.description, len(path),
                        shown.level)
        by_path[path] = node
        (by_path[path[:-1]].children if len(path) > 1 and path[:-1] in by_path else roots).append(node)
    for node in _walk(roots):
        node.open = bool(opened(node))
    return roots


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def solution_blocks(problem, opened=default_opened) -> list[dict]:
    """The worked solution: ``{"text": line}`` and ``{"steps": [StepNode]}`` blocks, in order.
    Raises TutorError when the solution cannot be computed."""
    from tutor.steps import using_rules

    with using_rules(getattr(problem.registry, "step_rules", None)):
        entries = problem.solution
    from tutor.steps.model import Step

    blocks = []
    for entry in entries:
        steps = [entry] if isinstance(entry, Step) else entry if isinstance(entry, (list, tuple)) else None
        if steps and all(isinstance(step, Step) for step in steps):
            blocks.append({"steps": step_tree(steps, opened)})
        elif entry not in ("", None):
            blocks.append({"text": str(entry)})
    return blocks


def solution_view(problem, opened=default_opened) -> tuple[list | None, str | None]:
    """(blocks, None), or (None, why) when the solution cannot be computed: a solution is a
    help, and its failure must not take the rest of the page with it."""
    try:
        return solution_blocks(problem, opened), None
    except Exception as error:  # a plugin's step rule or an exercise's solution: any failure
        return None, str(error) or type(error).__name__
