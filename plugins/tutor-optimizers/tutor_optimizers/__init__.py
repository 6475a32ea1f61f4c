"""tutor-optimizers: momentum, RMSProp and Adam update steps as a tutor plugin.

It adds the topic ``optimizers`` through the public hooks alone: its exercise
files (exercise_dirs), the update steps those files call (register_operations)
and diagnoses an exercise file cannot state (diagnose).
"""

from __future__ import annotations

from importlib import resources

from tutor import hookimpl

__version__ = "0.1.0"

# name: (function in tutor_optimizers.updates, fewest args, most args, what it computes);
# updates (and SymPy) are imported only when the hooks are called, so `tutor --help` stays fast
OPERATIONS = {
    "momentum_update": ("momentum_update", 6, 7,
                        "momentum_update(f, x, x0, v0, eta, beta[, steps]): the point after heavy-ball "
                        "momentum steps (v ← β·v + ∇f, x ← x − η·v)"),
    "momentum_velocity": ("momentum_velocity", 6, 7,
                          "momentum_velocity(f, x, x0, v0, eta, beta[, steps]): the velocity after those steps"),
    "rmsprop_update": ("rmsprop_update", 6, 7,
                       "rmsprop_update(f, x, x0, s0, eta, rho[, steps]): the point after RMSProp steps "
                       "(s ← ρ·s + (1 − ρ)·g², x ← x − η·g/√s, ε = 0)"),
    "adam_update": ("adam_update", 6, 7,
                    "adam_update(f, x, x0, eta, beta1, beta2[, steps]): the point after Adam steps from zero "
                    "moments, with bias correction (ε = 0)"),
}


@hookimpl
def exercise_dirs():
    return [resources.files("tutor_optimizers") / "exercises"]


@hookimpl
def register_operations(register):
    from tutor_optimizers import updates

    for name, (function, fewest, most, doc) in OPERATIONS.items():
        register(name, getattr(updates, function), fewest, most, doc)


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor_optimizers.diagnosis import diagnose_update

    return diagnose_update(problem, answer)
