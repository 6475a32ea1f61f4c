"""Method step rules added by plugins (the ``register_method_rules`` hook): each becomes a rule
of the step model (tutor.steps.model.ADDED_RULES) with its wording (tutor.steps.templates.
ADDED_TEMPLATES), so its steps render in every style and at every level of detail through the
same machinery as the built-in method rules.

A rule's template is written like the built-in method templates (tutor.steps.templates): one
Jinja template for every style using ``o``/``c``, ``m(value)``, ``group``, ``parts``, ``items``,
``raw``, ``before``, ``after`` and ``reason``; or a dict with one template per style.
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError

from tutor.errors import TutorError
from tutor.steps.model import ADDED_RULES, DETAIL_LEVELS, RULES, Rule
from tutor.steps.templates import ADDED_TEMPLATES, STEP_STYLES

DEFAULT_TEMPLATE = "{{ reason }}: {{ o }}{{ m(before) }} = {{ m(after) }}{{ c }}"

_OWNERS: dict[str, str] = {}  # rule name -> the plugin that added it


def add_method_rule(name: str, description: str, parts=(), example: str = "", template=None, *,
                    kind: str = "method", level: int = 2, top_level: int = 1, owner: str = "") -> Rule:
    """Add the method rule ``name`` for ``owner`` (a plugin's name); see register_method_rules.
    A built-in rule's name, or one another plugin added, is a TutorError naming both."""
    if not isinstance(name, str) or not name.isidentifier():
        raise TutorError(f"a step rule's name is a word such as integral_power, not {name!r}")
    if name in RULES:
        raise TutorError(f"the plugin {owner} registers the step rule {name!r}, a built-in rule of tutor")
    if name in _OWNERS and _OWNERS[name] != owner:
        raise TutorError(f"two plugins register the step rule {name!r}: {_OWNERS[name]} and {owner}")
    if kind != "method":
        raise TutorError(f"the step rule {name!r} has kind {kind!r}: plugins add method rules here "
                         "(derivative rules for a function class through register_step_rules)")
    for what, value in (("level", level), ("top_level", top_level)):
        if value not in DETAIL_LEVELS or isinstance(value, bool):
            raise TutorError(f"the step rule {name!r} has {what} {value!r}; levels are "
                             f"{', '.join(map(str, DETAIL_LEVELS))}")
    if not description or not isinstance(description, str):
        raise TutorError(f"the step rule {name!r} needs a description")
    if isinstance(parts, str) or not all(isinstance(p, str) for p in parts):
        raise TutorError(f"the parts of the step rule {name!r} are a list of names")
    rule = Rule(description, tuple(parts), example, kind, level, top_level)
    ADDED_TEMPLATES[name] = _templates(name, DEFAULT_TEMPLATE if template is None else template)
    ADDED_RULES[name], _OWNERS[name] = rule, owner
    return rule


def remove_method_rule(name: str) -> None:
    """Forget a rule added with add_method_rule (built-in rules stay)."""
    ADDED_RULES.pop(name, None)
    ADDED_TEMPLATES.pop(name, None)
    _OWNERS.pop(name, None)


def added_rules() -> dict[str, str]:
    """The added rules' names and the plugins that added them."""
    return dict(_OWNERS)


def _templates(name: str, template) -> dict[str, str]:
    """One template per style, each checked to compile."""
    from tutor.steps.lines import _ENV

    if isinstance(template, str):
        templates = dict.fromkeys(STEP_STYLES, template)
    elif isinstance(template, dict) and set(template) == set(STEP_STYLES):
        templates = dict(template)
    else:
        raise TutorError(f"the template of the step rule {name!r} is one string, or one per style "
                         f"({', '.join(STEP_STYLES)})")
    for style, source in templates.items():
        try:
            _ENV.from_string(source)
        except (TemplateSyntaxError, TypeError) as error:
            raise TutorError(f"the {style} template of the step rule {name!r} does not compile: {error}") from None
    return templates
