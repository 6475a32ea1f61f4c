"""Step-by-step solutions: a Step model, differentiation steps, and rendering.

    from tutor.steps import derivative_steps, render
    step = derivative_steps(x**2 * sin(x), x)
    step.after                # the derivative, built from the steps
    render(step, "unicode")   # numbered, indented steps with reasons

Plugins add rules for new functions with ``register_rule(cls, handler)`` (or the
``register_step_rules`` hook); ``function_rule`` builds a handler from F′.
"""

from tutor.steps.chain import chain_step, fresh_symbol
from tutor.steps.derivative import derivative_steps, no_rule
from tutor.steps.functions import function_rule
from tutor.steps.model import RULES, Rule, Step
from tutor.steps.registry import register_rule, registered_rules, unregister_rule
from tutor.steps.render import render  # the function, not the module of the same name

__all__ = ["Step", "Rule", "RULES", "derivative_steps", "register_rule", "unregister_rule",
           "registered_rules", "function_rule", "chain_step", "fresh_symbol", "no_rule", "render"]
