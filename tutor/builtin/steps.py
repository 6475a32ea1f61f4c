"""Built-in plugin: step-by-step solutions as named operations exercise files may call
in ``solution: - steps: "..."`` entries (see tutor.steps)."""

from tutor.hookspecs import hookimpl


def _derivative(f, variable):
    from tutor.steps import derivative_steps

    return derivative_steps(f, variable, simplify=True)


def _gradient(f, variables=None, point=None):
    from tutor.steps import gradient_steps

    return gradient_steps(f, variables, point)


def _hessian(f, variables=None, point=None):
    from tutor.steps import hessian_steps

    return hessian_steps(f, variables, point)


def _eigen(matrix):
    from tutor.steps.hessian import eigen_steps

    return eigen_steps(matrix)


def _critical(f, variables=None):
    from tutor.steps import critical_point_steps

    return critical_point_steps(f, variables)


def _gd(f, variables, start, rate, steps=1):
    from tutor.steps import gd_steps

    return gd_steps(f, start, rate, steps, variables)


def _newton(f, variables, start, steps=1):
    from tutor.steps import newton_steps

    return newton_steps(f, start, steps, variables)


def _model(name):
    def steps(*which):
        from tutor.steps import MODELS, backprop_steps
        from tutor.steps.backprop import parameter

        return backprop_steps(MODELS[name](), parameter(*which))

    return steps


# name: (function, fewest args, most args, what it gives)
STEP_OPERATIONS = {
    "derivative_steps": (_derivative, 2, 2, "derivative_steps(f, x): d/dx f, rule by rule"),
    "gradient_steps": (_gradient, 1, 3, "gradient_steps(f[, [x, y][, point]]): the partials, the gradient, "
                                        "its value at the point"),
    "hessian_steps": (_hessian, 1, 3, "hessian_steps(f[, [x, y][, point]]): second partials, H, det(H − λI), "
                                      "eigenvalues, classification"),
    "eigen_steps": (_eigen, 1, 1, "eigen_steps(H): det(H − λI), the eigenvalues and the classification"),
    "critical_point_steps": (_critical, 1, 2, "critical_point_steps(f[, [x, y]]): every partial = 0, solved"),
    "gd_steps": (_gd, 4, 5, "gd_steps(f, [x, y], start, rate[, n]): n gradient-descent steps with numbers"),
    "newton_steps": (_newton, 3, 4, "newton_steps(f, [x, y], start[, n]): n Newton steps (H d = ∇f)"),
    "perceptron_steps": (_model("perceptron"), 1, 1,
                         "perceptron_steps(k): ∂L/∂w_k (k = 0: ∂L/∂b) for σ(w_1 x_1 + w_2 x_2 + b), log loss"),
    "regression_steps": (_model("regression"), 1, 1,
                         "regression_steps(k): ∂L/∂w_k (k = 0: ∂L/∂b) for w_1 x_1 + w_2 x_2 + b, L = (y − ŷ)²/2"),
    "network_steps": (_model("2-2-1"), 1, 2,
                      "network_steps(i, j): ∂L/∂w_ij in the 2-2-1 network (i = 0: ∂L/∂b_j); "
                      "network_steps(j): ∂L/∂w_j (0: ∂L/∂b)"),
}


@hookimpl
def register_operations(register):
    for name, (function, fewest, most, doc) in STEP_OPERATIONS.items():
        register(name, function, fewest, most, doc)
