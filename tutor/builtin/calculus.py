"""Built-in plugin: the named operations of the course's exercises (see tutor.calculus).

Each is imported on its first call (tutor.deferred), so registering them loads no SymPy.
"""

from tutor.hookspecs import hookimpl

# name: (function name in tutor.calculus, fewest args, most args, what it computes)
OPERATIONS = {
    "diff": ("diff", 2, 3, "diff(f, x[, n]): the n-th derivative of f with respect to x"),
    "gradient": ("gradient", 1, 2, "gradient(f[, [x, y]]): the vector of partial derivatives"),
    "hessian": ("hessian", 1, 2, "hessian(f[, [x, y]]): the matrix of second partial derivatives"),
    "at": ("at", 3, 3, "at(value, [x, y], [2, 3]): value at a point"),
    "eigenvals": ("eigenvalues", 1, 1, "eigenvals(M): the set of distinct eigenvalues"),
    "charpoly": ("characteristic_polynomial", 2, 2, "charpoly(M, lambda): det(M - lambda I)"),
    "det": ("determinant", 1, 1, "det(M): the determinant"),
    "inverse": ("inverse", 1, 1, "inverse(M): the inverse matrix"),
    "transpose": ("transpose", 1, 1, "transpose(M): rows become columns"),
    "matmul": ("matmul", 2, 2, "matmul(A, B): matrix product; a vector B gives a vector"),
    "classify": ("classify", 1, 1, "classify(H): minimum, maximum, saddle or inconclusive"),
    "critical_points": ("critical_points", 1, 2, "critical_points(f[, [x, y]]): the set of points"),
    "gd_step": ("gd_step", 4, 4, "gd_step(f, [x, y], start, rate): one gradient-descent step"),
    "newton_step": ("newton_step", 3, 3, "newton_step(f, [x, y], start): start - H^-1 grad f"),
    "newton_root_step": ("newton_root_step", 3, 3, "newton_root_step(f, x, x0): x0 - f(x0)/f'(x0)"),
    "decimal": ("decimal", 1, 2, "decimal(value[, digits]): a decimal with that many significant digits"),
    "expand": ("expand", 1, 1, "expand(e): multiply out"),
    "factor": ("factor", 1, 1, "factor(e): factor a polynomial"),
}


FROM_SYMPY = {"factor"}  # the others are in tutor.calculus


@hookimpl
def register_operations(register):
    from tutor.deferred import Deferred

    for name, (function_name, fewest, most, doc) in OPERATIONS.items():
        module = "sympy" if function_name in FROM_SYMPY else "tutor.calculus"
        register(name, Deferred(module, function_name), fewest, most, doc)
