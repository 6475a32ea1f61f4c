"""Named operations for the optimisation exercises: optimizer and schedule steps,
KKT points, proximal steps, stable log-sum-exp, min-max steps, Jacobians.

They take and return SymPy values (or tutor's Vector / Matrix), as exercise files
pass them; a number start gives a number, a Vector start a Vector. Conventions
match tutor-optimizers (PyTorch's, ε = 0):

    Nesterov  v ← β·v + ∇f(x − η·β·v)    x ← x − η·v          (look-ahead form)
    AdaGrad   G ← G + g²                  x ← x − η·g/√G
    AdamW     Adam's m̂/√v̂ step, plus the decoupled decay: x ← x − η·(m̂/√v̂ + λ·x)
    GDA       x ← x − η·∂f/∂x,  y ← y + η·∂f/∂y   (descent on x, ascent on y)
"""

from __future__ import annotations

import itertools

import sympy

from tutor.calculus import to_sympy_matrix, whole_number
from tutor.language import Matrix, Vector

MAX_STEPS = 20


# ---- helpers --------------------------------------------------------------------------------

def _coordinates(variables, start) -> tuple[list, list]:
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    point = list(start.entries) if isinstance(start, Vector) else [start]
    if len(names) != len(point):
        raise ValueError(f"{len(names)} variables but a point with {len(point)} coordinates")
    if not all(isinstance(name, sympy.Symbol) for name in names):
        raise ValueError("the variables must be names, such as x or [x, y]")
    return names, point


def _entries(value, count: int) -> list:
    entries = list(value.entries) if isinstance(value, Vector) else [value] * count
    if len(entries) != count:
        raise ValueError(f"a state with {len(entries)} entries for {count} coordinates")
    return entries


def _gradient(f, names, point) -> list:
    mapping = dict(zip(names, point))
    return [sympy.diff(f, name).subs(mapping) for name in names]


def _pack(entries: list, like):
    return Vector(tuple(entries), like.bracket) if isinstance(like, Vector) else entries[0]


def _steps(steps) -> int:
    return whole_number(steps, "steps", 1, MAX_STEPS)


def _ratio(numerator, denominator):
    if numerator == 0:
        return sympy.Integer(0)
    if denominator == 0:
        raise ValueError("division by zero (ε = 0)")
    return numerator / denominator


# ---- module 07: Nesterov --------------------------------------------------------------------

def _nesterov(f, variables, start, velocity, rate, beta, steps):
    names, point = _coordinates(variables, start)
    velocities = _entries(velocity, len(point))
    for _ in range(_steps(steps)):
        ahead = [p - rate * beta * v for p, v in zip(point, velocities)]
        gradient = _gradient(f, names, ahead)
        velocities = [beta * v + g for v, g in zip(velocities, gradient)]
        point = [p - rate * v for p, v in zip(point, velocities)]
    return point, velocities


def nesterov_update(f, variables, start, velocity, rate, beta, steps=1):
    """The point after Nesterov steps (the gradient taken at the look-ahead x − η·β·v)."""
    return _pack(_nesterov(f, variables, start, velocity, rate, beta, steps)[0], start)


def nesterov_velocity(f, variables, start, velocity, rate, beta, steps=1):
    """The velocity after Nesterov steps."""
    return _pack(_nesterov(f, variables, start, velocity, rate, beta, steps)[1], start)


def step_decay(rate, gamma, every, t):
    """η₀·γ^⌊t/s⌋: the rate multiplied by γ every s epochs."""
    every, t = whole_number(every, "the step size of the schedule", 1, 10**6), whole_number(t, "t", 0, 10**6)
    return rate * gamma ** (t // every)


# ---- module 08: AdaGrad and AdamW -----------------------------------------------------------

def adagrad_update(f, variables, start, accumulated, rate, steps=1):
    """The point after AdaGrad steps: G ← G + g², x ← x − η·g/√G (ε = 0)."""
    names, point = _coordinates(variables, start)
    sums = _entries(accumulated, len(point))
    for _ in range(_steps(steps)):
        gradient = _gradient(f, names, point)
        sums = [s + g**2 for s, g in zip(sums, gradient)]
        point = [p - rate * _ratio(g, sympy.sqrt(s)) for p, g, s in zip(point, gradient, sums)]
    return _pack(point, start)


def adamw_update(f, variables, start, rate, beta1, beta2, decay, steps=1):
    """The point after AdamW steps from zero moments: Adam's bias-corrected step plus η·λ·x."""
    names, point = _coordinates(variables, start)
    first, second = [sympy.Integer(0)] * len(point), [sympy.Integer(0)] * len(point)
    for t in range(1, _steps(steps) + 1):
        gradient = _gradient(f, names, point)
        first = [beta1 * m + (1 - beta1) * g for m, g in zip(first, gradient)]
        second = [beta2 * v + (1 - beta2) * g**2 for v, g in zip(second, gradient)]
        point = [p - rate * (_ratio(m / (1 - beta1**t), sympy.sqrt(v / (1 - beta2**t))) + decay * p)
                 for p, m, v in zip(point, first, second)]
    return _pack(point, start)


# ---- module 09: KKT -------------------------------------------------------------------------

REMEMBERED_KKT = 256  # KKT solutions kept (kkt_point, kkt_multipliers, ... of one problem solve it once)
_SOLVED: dict = {}  # exact key of (f, variables, constraints) -> (point, multipliers, active indices)


def _exact_key(value):
    """A key that tells values apart exactly, a decimal's precision included (== ignores it)."""
    if isinstance(value, Vector):
        return ("vector", value.bracket, tuple(_exact_key(e) for e in value.entries))
    if isinstance(value, sympy.Basic):
        return sympy.srepr(value)
    return (type(value).__name__, repr(value))


def _kkt(f, variables, constraints):
    """(point, multipliers, active indices) of min f s.t. every g_i ≤ 0, for a convex
    problem with at most as many active constraints as variables; solved once for the
    same problem (the operations below each ask for it)."""
    key = (_exact_key(f), _exact_key(variables), _exact_key(constraints))
    found = _SOLVED.get(key)
    if found is None:
        found = _solved_kkt(f, variables, constraints)
        if len(_SOLVED) >= REMEMBERED_KKT:
            _SOLVED.pop(next(iter(_SOLVED), None), None)  # the oldest
        _SOLVED[key] = found
    point, multipliers, active = found
    return list(point), list(multipliers), active


def _solved_kkt(f, variables, constraints):
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    gs = list(constraints.entries) if isinstance(constraints, Vector) else [constraints]
    if len(gs) > 4:
        raise ValueError("at most 4 constraints")
    found = []
    for size in range(0, min(len(gs), len(names)) + 1):
        for active in itertools.combinations(range(len(gs)), size):
            mus = sympy.symbols(f"kkt_mu0:{len(active)}")
            lagrangian = f + sum(mu * gs[i] for mu, i in zip(mus, active))
            equations = [sympy.diff(lagrangian, v) for v in names] + [gs[i] for i in active]
            for solution in sympy.solve(equations, names + list(mus), dict=True):
                point = [sympy.nsimplify(solution.get(v, v)) for v in names]
                multipliers = [solution.get(mu, mu) for mu in mus]
                if any(value.free_symbols for value in point + multipliers):
                    continue
                if all(m >= 0 for m in multipliers) and all(g.subs(dict(zip(names, point))) <= 0 for g in gs):
                    all_mu = [sympy.Integer(0)] * len(gs)
                    for mu, i in zip(multipliers, active):
                        all_mu[i] = mu
                    found.append((tuple(point), tuple(all_mu), active))
    if not found:
        raise ValueError("no KKT point found")
    return found[0]


def kkt_point(f, variables, constraints):
    """The minimiser of f subject to every entry of ``constraints`` ≤ 0."""
    point, _, _ = _kkt(f, variables, constraints)
    return Vector(tuple(point), "(") if len(point) > 1 else point[0]


def kkt_multipliers(f, variables, constraints):
    """The KKT multipliers μ_i ≥ 0 (0 for an inactive constraint): a Vector for a Vector of
    constraints, a number for one constraint."""
    _, multipliers, _ = _kkt(f, variables, constraints)
    return Vector(tuple(multipliers)) if isinstance(constraints, Vector) else multipliers[0]


def kkt_active(f, variables, constraints):
    """Which constraints hold with equality at the minimiser: the words g1, g2, ... or none."""
    from tutor_optimization.kinds import Subset

    point, _, _ = _kkt(f, variables, constraints)
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    gs = list(constraints.entries) if isinstance(constraints, Vector) else [constraints]
    mapping = dict(zip(names, point))
    return Subset(f"g{i + 1}" for i, g in enumerate(gs) if g.subs(mapping) == 0)


def kkt_degenerate(f, variables, constraints):
    """1 when a constraint is active with multiplier 0 (weakly active), else 0."""
    point, multipliers, _ = _kkt(f, variables, constraints)
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    gs = list(constraints.entries) if isinstance(constraints, Vector) else [constraints]
    mapping = dict(zip(names, point))
    weak = any(g.subs(mapping) == 0 and mu == 0 for g, mu in zip(gs, multipliers))
    return sympy.Integer(1 if weak else 0)


# ---- modules 06 and 10: rates ----------------------------------------------------------------

def gd_rate(matrix, rate):
    """max |1 − α·λ| over the eigenvalues λ of H: GD's contraction factor on a quadratic."""
    values = to_sympy_matrix(matrix).eigenvals()
    return max((sympy.Abs(1 - rate * value) for value in values), key=lambda v: float(v))


def largest_eigenvalue(matrix):
    """The largest eigenvalue of a symmetric matrix (L, or the sharpness of a minimum)."""
    return max(to_sympy_matrix(matrix).eigenvals(), key=lambda v: float(v))


def smallest_eigenvalue(matrix):
    """The smallest eigenvalue of a symmetric matrix (the strong-convexity constant m)."""
    return min(to_sympy_matrix(matrix).eigenvals(), key=lambda v: float(v))


def iterations_to(factor, start_error, tolerance):
    """The fewest k ≥ 0 with factor^k · start_error ≤ tolerance (0 < factor < 1)."""
    factor, start_error, tolerance = (sympy.nsimplify(v) for v in (factor, start_error, tolerance))
    if not (0 < factor < 1) or start_error <= 0 or tolerance <= 0:
        raise ValueError("need 0 < factor < 1 and positive errors")
    k = 0
    while factor**k * start_error > tolerance:
        k += 1
        if k > 10**5:
            raise ValueError("more than 100000 iterations")
    return sympy.Integer(k)


def convexity_on(f, variable, low, high):
    """convex / concave / neither: the sign of f″ on [low, high] (f″ a polynomial)."""
    second = sympy.diff(f, variable, 2)
    points = [low, high] + [r for r in sympy.real_roots(sympy.Poly(second, variable)) if low < r < high] \
        if second.free_symbols else [low, high]
    samples = points + [(a + b) / 2 for a, b in itertools.pairwise(sorted(points, key=float))]
    values = [second.subs(variable, p) for p in samples]
    if all(v >= 0 for v in values):
        return "convex"
    if all(v <= 0 for v in values):
        return "concave"
    return "neither"


def quadratic_convexity(matrix):
    """convex / concave / neither for a quadratic with this (constant) Hessian."""
    values = list(to_sympy_matrix(matrix).eigenvals())
    if all(v >= 0 for v in values):
        return "convex"
    if all(v <= 0 for v in values):
        return "concave"
    return "neither"


# ---- module 14: stability -------------------------------------------------------------------

def _values(vector) -> list:
    return list(vector.entries) if isinstance(vector, Vector) else [vector]


def vector_max(vector):
    """The largest entry."""
    return max(_values(vector), key=lambda v: float(v))


def logsumexp(vector):
    """ln Σ e^(x_i), in the stable form m + ln Σ e^(x_i − m) with m the largest entry."""
    values = _values(vector)
    m = vector_max(vector)
    return m + sympy.log(sum(sympy.exp(v - m) for v in values))


def softmax(vector):
    """e^(x_i − m) / Σ e^(x_j − m), entry by entry."""
    values = _values(vector)
    m = vector_max(vector)
    total = sum(sympy.exp(v - m) for v in values)
    return Vector(tuple(sympy.exp(v - m) / total for v in values))


def clip_by_norm(vector, threshold):
    """g scaled to norm c when ‖g‖ > c, else g unchanged."""
    values = _values(vector)
    norm = sympy.sqrt(sum(v**2 for v in values))
    if norm <= threshold:
        return Vector(tuple(values))
    return Vector(tuple(threshold * v / norm for v in values))


def norm(vector):
    """The Euclidean norm."""
    return sympy.sqrt(sum(v**2 for v in _values(vector)))


# ---- module 15: non-smooth ------------------------------------------------------------------

def soft_threshold(value, threshold):
    """prox of t·|x|: sign(v)·max(|v| − t, 0), entry by entry."""
    if isinstance(value, Vector):
        return Vector(tuple(soft_threshold(v, threshold) for v in value.entries), value.bracket)
    if value > threshold:
        return value - threshold
    if value < -threshold:
        return value + threshold
    return sympy.Integer(0)


def ista_step(g, variables, start, rate, weight):
    """One proximal-gradient step on g + λ‖x‖₁: soft-threshold x − η·∇g(x) at η·λ."""
    names, point = _coordinates(variables, start)
    gradient = _gradient(g, names, point)
    moved = [p - rate * d for p, d in zip(point, gradient)]
    return _pack([soft_threshold(m, rate * weight) for m in moved], start)


# ---- module 18: min-max ---------------------------------------------------------------------

def gda_step(f, variables, start, rate, alternating=0):
    """One gradient descent-ascent step on f(x, y): x descends, y ascends; simultaneous,
    or alternating (y uses the new x) when the last argument is 1."""
    names, point = _coordinates(variables, start)
    if len(names) != 2:
        raise ValueError("gda_step takes f(x, y) with [x, y]")
    x, y = names
    new_x = point[0] - rate * sympy.diff(f, x).subs({x: point[0], y: point[1]})
    y_at = new_x if alternating else point[0]
    new_y = point[1] + rate * sympy.diff(f, y).subs({x: y_at, y: point[1]})
    return Vector((new_x, new_y), start.bracket if isinstance(start, Vector) else "(")


# ---- module 03: Jacobian --------------------------------------------------------------------

def jacobian(vector_function, variables):
    """The matrix of partial derivatives ∂F_i/∂x_j (one row per component)."""
    components = _values(vector_function)
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    return Matrix(tuple(tuple(sympy.diff(c, v) for v in names) for c in components))


def distance(left, right):
    """‖left − right‖: the Euclidean distance between two points (or numbers)."""
    a, b = _values(left), _values(right)
    if len(a) != len(b):
        raise ValueError(f"points with {len(a)} and {len(b)} coordinates")
    return sympy.sqrt(sum((p - q) ** 2 for p, q in zip(a, b)))


def lowest_of(f, variables, candidates):
    """The candidate point where f is smallest (the first one on a tie)."""
    names = list(variables.entries) if isinstance(variables, Vector) else [variables]
    points = list(candidates.entries) if isinstance(candidates, Vector) else [candidates]

    def value(point):
        coordinates = list(point.entries) if isinstance(point, Vector) else [point]
        return float(f.subs(dict(zip(names, coordinates))))

    return min(points, key=value)


def clip_by_value(vector, threshold):
    """Each entry clamped to [−c, c] (what clipping by norm is not)."""
    return Vector(tuple(sympy.Max(-threshold, sympy.Min(threshold, v)) for v in _values(vector)))


def hinge_subgradient(weights, inputs, label):
    """A subgradient of max(0, 1 − y·(w·x)) with respect to w: −y·x when the margin is below 1,
    0 above it (the margin exactly 1 is a kink: refused)."""
    w, x = _values(weights), _values(inputs)
    margin = label * sum(a * b for a, b in zip(w, x))
    if margin == 1:
        raise ValueError("the margin is exactly 1: the hinge has a kink there")
    return Vector(tuple(-label * v if margin < 1 else sympy.Integer(0) for v in x))


def active_slope(pieces, variable, point):
    """The derivative of max(f1, f2, ...) at a point where exactly one piece is the largest."""
    functions = _values(pieces)
    values = [f.subs(variable, point) for f in functions]
    top = max(values, key=float)
    if sum(1 for v in values if v == top) > 1:
        raise ValueError("two pieces tie: a kink, where the subdifferential is an interval")
    return sympy.diff(functions[values.index(top)], variable).subs(variable, point)


def combine(left, right, s, t):
    """s·left + t·right for two vectors (or numbers) of the same length."""
    a, b = _values(left), _values(right)
    if len(a) != len(b):
        raise ValueError(f"vectors with {len(a)} and {len(b)} entries")
    entries = [s * p + t * q for p, q in zip(a, b)]
    return Vector(tuple(entries)) if isinstance(left, Vector) else entries[0]


def dot(left, right):
    """u·v, the sum of the products of the entries."""
    a, b = _values(left), _values(right)
    if len(a) != len(b):
        raise ValueError(f"vectors with {len(a)} and {len(b)} entries")
    return sum((p * q for p, q in zip(a, b)), sympy.Integer(0))
