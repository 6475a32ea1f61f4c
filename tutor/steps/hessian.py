"""Steps of a Hessian: the first partials, the second partials (mixed ones shown equal),
then at a point or when constant: det(H − λI), the eigenvalues, and the classification.
Without a point, a Hessian that depends on the variables is classified at every critical
point (∇f = 0 solved first)."""

from __future__ import annotations

import sympy

from tutor.calculus import characteristic_polynomial, classify_eigenvalues, eigenvalues
from tutor.language import variable
from tutor.language.values import Matrix, SetValue, free_symbols, with_variables
from tutor.steps.critical import partials_of, solve_system_step
from tutor.steps.derivative import derivative_steps
from tutor.steps.gradient import as_point, gradient_step
from tutor.steps.model import Step
from tutor.steps.numbers import WORKING_DIGITS, approximately, is_numeric, settle
from tutor.steps.substitution import substitute_step

MAX_CLASSIFIED = 20  # critical points classified one by one; more are listed, not classified

_VERDICTS = {
    "minimum": "so the point is a (local) minimum",
    "maximum": "so the point is a (local) maximum",
    "saddle": "so the point is a saddle point",
    "inconclusive": "so the test is inconclusive (a zero eigenvalue)",
}


def hessian_step(f, variables, first=None) -> Step:
    """H[i][j] = ∂²f/∂v_i∂v_j from the first partials; each mixed partial also computed the other way."""
    if first is None:
        first = [derivative_steps(f, v).after for v in variables]
    n = len(variables)
    entries = [[None] * n for _ in range(n)]
    substeps = []
    for i in range(n):
        for j in range(i, n):
            step = derivative_steps(first[i], variables[j], simplify=True)
            entries[i][j] = entries[j][i] = step.after
            substeps.append(step)
    for i in range(n):
        for j in range(i + 1, n):
            other = derivative_steps(first[j], variables[i], simplify=True)
            names = (_second_name(variables[i], variables[j]), _second_name(variables[j], variables[i]))
            substeps.append(Step("mixed_partials", entries[i][j], other.after, None,
                                 {"first": names[0], "second": names[1]},
                                 "mixed partial derivatives of a smooth function are equal", [other]))
    matrix = Matrix(tuple(tuple(row) for row in entries))
    return Step("hessian", f, matrix, None, {"variables": tuple(variables)},
                "H[i][j] = ∂²f/∂vᵢ∂vⱼ", substeps)


def _second_name(first, second) -> sympy.Symbol:
    return sympy.Symbol(f"f_{first.name}{second.name}")


def eigen_steps(matrix) -> list[Step]:
    """det(H − λI), its roots, and what their signs say about the critical point."""
    names = {s.name for e in matrix.entries for s in e.free_symbols}
    lam = variable("lambda" if "lambda" not in names else "mu")
    n = matrix.shape[0]
    shifted = Matrix(tuple(tuple(e - lam if i == j else e for j, e in enumerate(row))
                           for i, row in enumerate(matrix.rows)))
    polynomial = characteristic_polynomial(matrix, lam)
    values = eigenvalues(matrix)
    numeric = any(_unwieldy(v) for v in values.items)  # e.g. a cubic's roots through complex radicals
    if numeric:  # shown as decimals, so marked ≈
        values = SetValue(tuple(settle(sympy.re(v.evalf(WORKING_DIGITS))) for v in values.items))
    values = SetValue(tuple(sorted(values.items, key=_numeric_order)))
    decimals = None if all(v.is_Rational or v.is_Float for v in values.items) else approximately(values)
    verdict = classify_eigenvalues(values.items)
    return [
        Step("characteristic_polynomial", matrix, polynomial, None, {"lambda": lam, "shifted": shifted},
             f"the {n} eigenvalues λ are the roots of det(H − λI)"),
        Step("eigenvalues", polynomial, values, None, {"approximately": decimals, "numeric": numeric},
             "the roots of the characteristic polynomial"),
        Step("classify", values, verdict, None, {"signs": _signs(values.items), "numeric": numeric},
             _VERDICTS[verdict]),
    ]


def _numeric_order(value):
    """Smallest first, for a set of numeric eigenvalues; as given otherwise."""
    try:
        return float(sympy.re(value.evalf()))
    except TypeError:
        return 0.0


def _unwieldy(value) -> bool:
    return value.has(sympy.I, sympy.CRootOf) or sympy.count_ops(value) > 20


def _signs(values) -> str:
    signs = [classify_eigenvalues([v]) for v in values]  # minimum: > 0, maximum: < 0, else 0
    positive, negative = signs.count("minimum"), signs.count("maximum")
    zero = len(signs) - positive - negative
    every = "both" if len(signs) == 2 else "all"
    if positive == len(signs):
        return f"{every} positive" if len(signs) > 1 else "positive"
    if negative == len(signs):
        return f"{every} negative" if len(signs) > 1 else "negative"
    if positive and negative:
        return "of opposite signs"
    if zero == len(signs):
        return "zero"
    return "zero and " + ("positive" if positive else "negative")


def second_derivative_steps(f, variable, point=None, at_critical_points: bool = False) -> list[Step]:
    """One variable: f′, f″, f″ at the point, and the second-derivative test (with
    ``at_critical_points`` and no point: the test at every critical point)."""
    first = derivative_steps(f, variable, simplify=True)
    second = derivative_steps(first.after, variable, simplify=True)
    steps = [first, second]
    value = second.after
    if point is not None:
        steps.append(substitute_step(value, (variable,), as_point(point, (variable,)), "second"))
        value = steps[-1].after
    if is_numeric(value):
        steps.append(second_derivative_test(value))
    elif at_critical_points and point is None:
        steps.extend(critical_point_tail(f, (variable,), steps))
    return steps


def second_derivative_test(value) -> Step:
    """The sign of f″ at a critical point, and what it says."""
    verdict = classify_eigenvalues([value])
    return Step("classify", value, verdict, None, {"signs": _signs([value]), "name": "second", "numeric": False},
                _VERDICTS[verdict].replace("a zero eigenvalue", "f″ = 0"))


def classify_critical_points(f, names, partials, hessian) -> list[Step]:
    """Every partial = 0 solved, then the Hessian (or f″) at each real critical point with its
    test: a substitute step whose substeps are the eigenvalues (or f″) and the classification."""
    solve = solve_system_step(f, names, partials, values=False)
    steps = [solve]
    for point in [p for p in solve.after.items if is_numeric(p)][:MAX_CLASSIFIED]:
        try:
            steps.append(_classified_at(hessian, names, point))
        except (ArithmeticError, ValueError, NotImplementedError):
            continue  # e.g. eigenvalues SymPy cannot place: the point stays listed, unclassified
    return steps


def _classified_at(hessian, names, point) -> Step:
    one = len(names) == 1
    at = substitute_step(hessian, names, as_point(point, names), "second" if one else "hessian")
    checks = [second_derivative_test(at.after)] if one else eigen_steps(at.after)
    at.substeps.extend(checks)
    at.parts["critical"] = point
    return at


def hessian_steps(f, variables=None, point=None, at_critical_points: bool = False) -> list[Step]:
    """The Hessian of ``f``; at ``point`` (or when constant) its eigenvalues and the classification.
    With ``at_critical_points`` and no point, a Hessian that depends on the variables is
    classified at every critical point. For one variable: f″ and the second-derivative test."""
    names = with_variables(f, variables)
    if len(names) == 1:
        return second_derivative_steps(f, names[0], point, at_critical_points)
    gradient = gradient_step(f, names)
    steps = [gradient, hessian_step(f, names, list(gradient.after.entries))]
    matrix = steps[-1].after
    if point is not None:
        steps.append(substitute_step(matrix, names, as_point(point, names), "hessian"))
        matrix = steps[-1].after
    if is_numeric(matrix):
        steps.extend(eigen_steps(matrix))
    elif at_critical_points and point is None:
        steps.extend(critical_point_tail(f, names, steps))
    return steps


def critical_point_tail(f, names, steps) -> list[Step]:
    """For hessian_steps without a point whose Hessian (or f″) depends on the variables: the
    critical points and the test at each; [] when there is nothing to add."""
    if len(steps) != 2:  # already classified, or at a point
        return []
    hessian = steps[1].after
    if not set(names) & free_symbols(hessian):
        return []
    return classify_critical_points(f, names, partials_of(steps[0]), hessian)


def critical_point_classes(steps) -> list[tuple]:
    """(point, eigenvalues or f″, classification) at each critical point hessian_steps classified."""
    found = []
    for step in steps:
        if step.rule == "substitute" and "critical" in step.parts:
            test = step.substeps[-1]
            values = test.before
            found.append((step.parts["critical"], values, test.after))
    return found


def classification(steps) -> str | None:
    """The classification word at the end of hessian_steps, if it got that far."""
    last = steps[-1]
    return last.after if last.rule == "classify" else None


def eigenvalue_set(steps) -> SetValue | None:
    """The eigenvalues found by hessian_steps, if any."""
    for step in steps:
        if step.rule == "eigenvalues":
            return step.after
        if step.rule == "classify" and step.parts.get("name") == "second":
            return SetValue((step.before,))
    return None
