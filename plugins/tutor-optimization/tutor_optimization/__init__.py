"""tutor-optimization: the optimisation modules of the syllabus as a tutor plugin.

Modules 04 (computational graphs), 07 (SGD), 08 (adaptive methods), 09 (constrained
optimisation), 10 (convexity), 14 (numerical stability), 15 (non-smooth), 16 (loss
landscapes), 18 (min-max), and top-ups of 03, 06 and 13. Everything comes through the
public hooks: exercise files, named operations, the answer kinds ``parts`` and
``subset``, a step rule (softplus), a Jinja filter and diagnoses. SymPy is imported only
when a hook is called, so loading the plugin keeps ``tutor --help`` fast.
"""

from __future__ import annotations

from importlib import resources

from tutor import hookimpl
from tutor.deferred import Deferred

__version__ = "0.1.0"

# name: (function in tutor_optimization.operations, fewest args, most args, doc)
OPERATIONS = {
    "nesterov_update": ("nesterov_update", 6, 7, "nesterov_update(f, x, x0, v0, eta, beta[, steps]): the point "
                        "after Nesterov steps (v ← β·v + ∇f(x − η·β·v), x ← x − η·v)"),
    "nesterov_velocity": ("nesterov_velocity", 6, 7, "nesterov_velocity(f, x, x0, v0, eta, beta[, steps]): the "
                          "velocity after those steps"),
    "step_decay": ("step_decay", 4, 4, "step_decay(eta0, gamma, s, t): η₀·γ^⌊t/s⌋"),
    "adagrad_update": ("adagrad_update", 5, 6, "adagrad_update(f, x, x0, G0, eta[, steps]): the point after "
                       "AdaGrad steps (G ← G + g², x ← x − η·g/√G)"),
    "adamw_update": ("adamw_update", 7, 8, "adamw_update(f, x, x0, eta, beta1, beta2, lambda[, steps]): the point "
                     "after AdamW steps (Adam's step plus the decoupled decay η·λ·x)"),
    "kkt_point": ("kkt_point", 3, 3, "kkt_point(f, [x, y], [g1, g2]): the minimiser of f with every g_i ≤ 0"),
    "kkt_multipliers": ("kkt_multipliers", 3, 3, "kkt_multipliers(f, [x, y], [g1, g2]): the multipliers μ_i ≥ 0"),
    "kkt_active": ("kkt_active", 3, 3, "kkt_active(f, [x, y], [g1, g2]): the active constraints, as a subset"),
    "kkt_degenerate": ("kkt_degenerate", 3, 3, "kkt_degenerate(f, [x, y], [g1, g2]): 1 if an active constraint "
                       "has multiplier 0"),
    "gd_rate": ("gd_rate", 2, 2, "gd_rate(H, alpha): max |1 − α·λ| over the eigenvalues of H"),
    "largest_eigenvalue": ("largest_eigenvalue", 1, 1, "largest_eigenvalue(H)"),
    "smallest_eigenvalue": ("smallest_eigenvalue", 1, 1, "smallest_eigenvalue(H)"),
    "iterations_to": ("iterations_to", 3, 3, "iterations_to(rho, e0, tol): the fewest k with ρᵏ·e0 ≤ tol"),
    "convexity_on": ("convexity_on", 4, 4, "convexity_on(f, x, lo, hi): convex, concave or neither on [lo, hi]"),
    "quadratic_convexity": ("quadratic_convexity", 1, 1, "quadratic_convexity(H): convex, concave or neither"),
    "vector_max": ("vector_max", 1, 1, "vector_max(v): the largest entry"),
    "logsumexp": ("logsumexp", 1, 1, "logsumexp(v): m + ln Σ e^(v_i − m)"),
    "softmax": ("softmax", 1, 1, "softmax(v): e^(v_i − m)/Σ e^(v_j − m)"),
    "clip_by_norm": ("clip_by_norm", 2, 2, "clip_by_norm(g, c): g scaled to norm c when ‖g‖ > c"),
    "norm": ("norm", 1, 1, "norm(v): the Euclidean norm"),
    "lowest_of": ("lowest_of", 3, 3, "lowest_of(f, x, [c1, c2, ...]): the candidate where f is smallest"),
    "clip_by_value": ("clip_by_value", 2, 2, "clip_by_value(g, c): each entry clamped to [−c, c]"),
    "hinge_subgradient": ("hinge_subgradient", 3, 3, "hinge_subgradient(w, x, y): a subgradient of "
                          "max(0, 1 − y·(w·x)) in w"),
    "active_slope": ("active_slope", 3, 3, "active_slope([f1, f2], x, x0): the slope of the largest piece at x0"),
    "combine": ("combine", 4, 4, "combine(u, v, s, t): s·u + t·v"),
    "dot": ("dot", 2, 2, "dot(u, v): the dot product u·v"),
    "distance": ("distance", 2, 2, "distance(p, q): the Euclidean distance ‖p − q‖"),
    "soft_threshold": ("soft_threshold", 2, 2, "soft_threshold(v, t): sign(v)·max(|v| − t, 0)"),
    "ista_step": ("ista_step", 5, 5, "ista_step(g, x, x0, eta, lambda): soft-threshold x0 − η·∇g(x0) at η·λ"),
    "gda_step": ("gda_step", 4, 5, "gda_step(f, [x, y], start, eta[, alternating]): one descent-ascent step"),
    "jacobian": ("jacobian", 2, 2, "jacobian([f1, f2], [x, y]): the matrix ∂f_i/∂x_j"),
}


@hookimpl
def exercise_dirs():
    return [resources.files("tutor_optimization") / "exercises"]


@hookimpl
def register_operations(register):
    from tutor_optimization import operations
    from tutor_optimization.kinds import parts_text
    from tutor_optimization.softplus import softplus_value

    for name, (function, fewest, most, doc) in OPERATIONS.items():
        register(name, getattr(operations, function), fewest, most, doc)
    register("parts", parts_text, 2, 2, "parts([x, y, lambda], [1, 2, 3]): an expected answer of kind parts")
    register("softplus", softplus_value, 1, 1, "softplus(u): ln(1 + eᵘ), with the step rule softplus′ = σ")


@hookimpl
def register_answer_kinds(register):
    kinds = "tutor_optimization.kinds"  # imported on first use, so `tutor list` loads no SymPy
    register("parts", Deferred(kinds, "check_parts"), Deferred(kinds, "read_parts"))
    register("subset", Deferred(kinds, "check_subset"), Deferred(kinds, "read_subset"),
             Deferred(kinds, "wrong_labels"))


@hookimpl
def register_step_rules(register):
    from tutor_optimization.softplus import softplus, softplus_rule

    register(softplus, softplus_rule())


@hookimpl
def register_jinja_filters(register):
    from tutor_optimization.filters import fixed

    register("fixed", fixed)


@hookimpl
def diagnose(problem, answer, verdict):
    from tutor_optimization.diagnosis import diagnose_answer

    return diagnose_answer(problem, answer, verdict)
