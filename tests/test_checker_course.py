"""Checking answers to the worked examples of the course (COURSE.md), end to end.

Each row is (expected, answer, variables, status, score, method): score and method
are asserted when given. EXACT means "judged exactly" (symbolic or numeric, never
by tolerance); decimals in an answer are judged by tolerance.
"""

from __future__ import annotations

import pytest

import tutor
from tutor import check, prepare

EXACT = ("symbolic", "numeric")
C, I, V = "correct", "incorrect", "invalid"  # noqa: E741 -- the verdicts, short in the tables below


def row(expected, answer, variables, status, score=None, method=None, id=None):
    return pytest.param(expected, answer, variables, status, score, method,
                        id=id or f"{expected} <- {answer}")


def assert_verdict(verdict, status, score=None, method=None, context=""):
    assert verdict.status == status, f"{context}: {verdict.status} ({verdict.message})"
    if status == C:
        assert verdict.score == 1.0
    if status == V:
        assert verdict.score == 0.0
    if score is not None:
        assert verdict.score == pytest.approx(score), f"{context}: score {verdict.score} ({verdict.message})"
    if method is not None:
        allowed = method if isinstance(method, tuple) else (method,)
        assert verdict.method in allowed, f"{context}: method {verdict.method} ({verdict.message})"


SIG = "sigma(z)(1 - sigma(z))"
Z = ["z"]
DLDYHAT = "-(y - y_hat)/(y_hat (1 - y_hat))"
YY = ["y", "y_hat"]
NET = ["x1", "x2", "w1", "w2", "a1", "a2", "y", "y_hat"]
XY = ["x", "y"]
MB = ["m", "b"]
LAM = ["lambda"]
EIG = "{5 + sqrt(2), 5 - sqrt(2)}"
H = "[[4, -1], [-1, 6]]"

COURSE_ROWS = [
    # ---- 4. sigmoid derivative: sigma'(z) = sigma(z)(1 - sigma(z)) ---------------------
    row(SIG, "sigma(z)(1 - sigma(z))", Z, C, method=EXACT),
    row(SIG, "σ(z)(1 − σ(z))", Z, C, method=EXACT),
    row(SIG, "sigmoid(z)*(1 - sigmoid(z))", Z, C, method=EXACT),
    row(SIG, "e^-z/(1 + e^-z)^2", Z, C, method=EXACT),
    row(SIG, "exp(-z)/(1 + exp(-z))^2", Z, C, method=EXACT),
    row(SIG, "e^(−z)/(1 + e^(−z))²", Z, C, method=EXACT),
    row(SIG, "sigma(z) - sigma(z)^2", Z, C, method=EXACT),
    row(SIG, "1/(1 + e^-z) - 1/(1 + e^-z)^2", Z, C, method=EXACT),
    row(SIG, "(1 + e^-z)^-1 (1 - (1 + e^-z)^-1)", Z, C, method=EXACT),
    row(SIG, "-(1 + e^-z)^-2 (-e^-z)", Z, C, method=EXACT, id="chain rule unsimplified"),
    row(SIG, "e^z/(1 + e^z)^2", Z, C, method=EXACT),
    row(SIG, "1/(e^z + 2 + e^-z)", Z, C, method=EXACT),
    row(SIG, "sigma(z) sigma(-z)", Z, C, method=EXACT),
    row(SIG, "(1 - tanh(z/2)^2)/4", Z, C, method=EXACT),
    row(SIG, "1/(4 cosh(z/2)^2)", Z, C, method=EXACT),
    row(SIG, "sigma(z)^2", Z, I, 0.0),
    row(SIG, "-e^-z/(1 + e^-z)^2", Z, I, 0.0, id="sign error"),
    row(SIG, "-(1 + e^-z)^-2", Z, I, 0.0, id="missing chain factor"),
    row(SIG, "1/(1 + e^-z)^2", Z, I, 0.0),
    row(SIG, "e^-z/(1 + e^-z)", Z, I, 0.0),
    row(SIG, "sigma(z)(1 + sigma(z))", Z, I, 0.0),
    row(SIG, "sigma(z)", Z, I, 0.0),
    row(SIG, "1 - sigma(z)", Z, I, 0.0),
    row(SIG, "e^z/(1 + e^-z)^2", Z, I, 0.0),
    row(SIG, "sigma(z)(1 - sigma(z)) + 10^-9 sin(1000z)", Z, I, 0.0, "numeric", id="sigma' + 1e-9 sin"),
    row(SIG, "sigma(x)(1 - sigma(x))", Z, V, method="parse"),
    row(SIG, "sigma(z)(1 - sigma(z)", Z, V, method="parse"),
    row(SIG, "[sigma(z), 1]", Z, V, method="kind"),
    row("1/4", "sigma(0)(1 - sigma(0))", None, C, method=EXACT),
    row("1/4", "0.25", None, C, method="tolerance"),
    row("1/4", "0.5", None, I, 0.0, method="tolerance"),

    # ---- 4. log loss and dL/dy_hat ------------------------------------------------------
    row(DLDYHAT, "-(y - y_hat)/(y_hat (1 - y_hat))", YY, C, method=EXACT),
    row(DLDYHAT, "-y/y_hat + (1 - y)/(1 - y_hat)", YY, C, method=EXACT),
    row(DLDYHAT, "(1 - y)/(1 - y_hat) - y/y_hat", YY, C, method=EXACT),
    row(DLDYHAT, "(y_hat - y)/(y_hat - y_hat^2)", YY, C, method=EXACT),
    row(DLDYHAT, "(y_hat - y)/(y_hat (1 - y_hat))", YY, C, method=EXACT),
    row(DLDYHAT, "-(y − ŷ)/(ŷ(1 − ŷ))", YY, C, method=EXACT),
    row(DLDYHAT, "(y - y_hat)/(y_hat (1 - y_hat))", YY, I, 0.0, id="dL/dy_hat sign error"),
    row(DLDYHAT, "-y/y_hat - (1 - y)/(1 - y_hat)", YY, I, 0.0, id="inner chain sign lost"),
    row(DLDYHAT, "-y/y_hat", YY, I, 0.0),
    row(DLDYHAT, "-(y - y_hat)", YY, I, 0.0),
    row(DLDYHAT, "-y/y_hat + (1 - y)/(1 + y_hat)", YY, I, 0.0),
    row(DLDYHAT, "-(y - y_hat)/(y_hat (1 - yhat))", YY, V, method="parse"),
    row("-y ln(y_hat) - (1 - y) ln(1 - y_hat)", "-(y ln(y_hat) + (1 - y) ln(1 - y_hat))", YY, C, method=EXACT),
    row("-y ln(y_hat) - (1 - y) ln(1 - y_hat)", "-y log(ŷ) − (1 − y) log(1 − ŷ)", YY, C, method=EXACT),
    row("-y ln(y_hat) - (1 - y) ln(1 - y_hat)", "-y ln(y_hat) + (1 - y) ln(1 - y_hat)", YY, I, 0.0),

    # ---- 4. perceptron (regression): L = 1/2 (y - y_hat)^2 ------------------------------
    row("-(y - y_hat)", "y_hat - y", YY, C, method=EXACT),
    row("-(y - y_hat)", "y - y_hat", YY, I, 0.0),
    row("-(y - y_hat) x1", "(y_hat - y) x1", ["y", "y_hat", "x1"], C, method=EXACT),
    row("-(y - y_hat) x1", "x1 y_hat - x1 y", ["y", "y_hat", "x1"], C, method=EXACT),
    row("-(y - y_hat) x1", "x1·(ŷ − y)", ["y", "y_hat", "x1"], C, method=EXACT),
    row("-(y - y_hat) x1", "(y - y_hat) x1", ["y", "y_hat", "x1"], I, 0.0),
    row("-(y - y_hat) x1", "-(y - y_hat)", ["y", "y_hat", "x1"], I, 0.0),
    row("-(y - y_hat) x1", "-(y - y_hat) x2", ["y", "y_hat", "x1", "x2"], I, 0.0),
    row("-(y - (w1 x1 + w2 x2 + b)) x1", "(w1 x1 + w2 x2 + b - y) x1", ["y", "w1", "w2", "x1", "x2", "b"],
        C, method=EXACT),
    row("-(y - (w1 x1 + w2 x2 + b)) x1", "(w1 x1 + w2 x2 + b - y) x2", ["y", "w1", "w2", "x1", "x2", "b"],
        I, 0.0),
    row("w1 + alpha (y - y_hat) x1", "w1 - alpha (-(y - y_hat) x1)", ["w1", "alpha", "y", "y_hat", "x1"],
        C, method=EXACT),
    row("w1 + alpha (y - y_hat) x1", "w1 - α(ŷ - y) x1", ["w1", "alpha", "y", "y_hat", "x1"], C, method=EXACT),
    row("w1 + alpha (y - y_hat) x1", "w1 - alpha (y - y_hat) x1", ["w1", "alpha", "y", "y_hat", "x1"], I, 0.0),

    # ---- 4. perceptron (classification): the factors cancel -----------------------------
    row("-(y - y_hat) x1", "x1 y_hat (1 - y_hat) (-(y - y_hat))/(y_hat (1 - y_hat))", ["y", "y_hat", "x1"],
        C, method=EXACT, id="cancellation through the sigmoid"),
    row("-(y - y_hat) x1", "-(y - y_hat) x1 y_hat (1 - y_hat)", ["y", "y_hat", "x1"], I, 0.0,
        id="sigmoid factor kept"),
    row("-(y - sigma(w1 x1 + w2 x2 + b)) x1",
        "x1 sigma(w1 x1 + w2 x2 + b)(1 - sigma(w1 x1 + w2 x2 + b)) (-(y - sigma(w1 x1 + w2 x2 + b)))"
        "/(sigma(w1 x1 + w2 x2 + b)(1 - sigma(w1 x1 + w2 x2 + b)))",
        ["y", "w1", "w2", "x1", "x2", "b"], C, method=EXACT, id="chain of factors through sigma"),
    row("-(y - sigma(w1 x1 + w2 x2 + b)) x1", "x1 (1/(1 + e^-(w1 x1 + w2 x2 + b)) - y)",
        ["y", "w1", "w2", "x1", "x2", "b"], C, method=EXACT),
    row("-(y - sigma(w1 x1 + w2 x2 + b)) x1", "x1 (sigma(w1 x1 + w2 x2 + b) + y)",
        ["y", "w1", "w2", "x1", "x2", "b"], I, 0.0),

    # ---- 5. 2-2-1 network, backpropagation ----------------------------------------------
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 a1 (1 - a1)(y - y_hat)", NET, C, method=EXACT),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "x1 w1 a1 (1 - a1)(y_hat - y)", NET, C, method=EXACT),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)",
        "x1 * a1 (1 - a1) * w1 * y_hat (1 - y_hat) * (-(y - y_hat)) / (y_hat (1 - y_hat))", NET, C,
        method=EXACT, id="dL/dw11 as the chain of five factors"),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "(x1 w1 a1 - x1 w1 a1^2)(y_hat - y)", NET, C, method=EXACT),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 a1 (1 - a1)(y - y_hat) y_hat (1 - y_hat)", NET, I, 0.0,
        id="dL/dw11 without the cancellation"),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 a1^2 (y - y_hat)", NET, I, 0.0),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x2 w1 a1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w2 a1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 a2 (1 - a2)(y - y_hat)", NET, I, 0.0),
    row("-x1 w1 a1 (1 - a1) (y - y_hat)", "x1 w1 a1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-x_1 w_1 a_1 (1 - a_1)(y - y_hat)", "-x₁ w₁ a₁ (1 − a₁)(y − ŷ)", ["x_1", "w_1", "a_1", "y", "y_hat"],
        C, method=EXACT),
    row("-x2 w1 a1 (1 - a1) (y - y_hat)", "x2 w1 a1 (1 - a1)(y_hat - y)", NET, C, method=EXACT),
    row("-x2 w1 a1 (1 - a1) (y - y_hat)", "-x1 w1 a1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-w1 a1 (1 - a1) (y - y_hat)", "w1 (a1 - a1^2)(y_hat - y)", NET, C, method=EXACT),
    row("-w1 a1 (1 - a1) (y - y_hat)", "-w1 a1 (1 - a1)(y - y_hat) x1", NET, I, 0.0),
    row("-a1 (y - y_hat)", "a1 (y_hat - y)", NET, C, method=EXACT),
    row("-a1 (y - y_hat)", "a1 y_hat - a1 y", NET, C, method=EXACT),
    row("-a1 (y - y_hat)", "-a1 (1 - a1)(y - y_hat)", NET, I, 0.0),
    row("-a1 (y - y_hat)", "-a2 (y - y_hat)", NET, I, 0.0),
    row("-(y - y_hat)", "y_hat - y", NET, C, method=EXACT),
    row("-(y - y_hat)", "-(y - y_hat) a1", NET, I, 0.0),
    row("-x1 w1 sigma(z1)(1 - sigma(z1))(y - y_hat)", "-x1 w1 e^-z1/(1 + e^-z1)^2 (y - y_hat)",
        ["x1", "w1", "z1", "y", "y_hat"], C, method=EXACT),
    row("-x1 w1 sigma(z1)(1 - sigma(z1))(y - y_hat)", "-x1 w1 sigma(z1)^2 (y - y_hat)",
        ["x1", "w1", "z1", "y", "y_hat"], I, 0.0),

    # ---- 2. partial derivatives: other variables are constants --------------------------
    row("6 x y^3", "6xy^3", XY, C, method=EXACT),
    row("6 x y^3", "6 x y³", XY, C, method=EXACT),
    row("6 x y^3", "3·2·x·y^3", XY, C, method=EXACT),
    row("6 x y^3", "6 x y^3 + 9 x^2 y^2", XY, I, 0.0, id="f_x: y differentiated too"),
    row("6 x y^3", "18 x y^2", XY, I, 0.0),
    row("6 x y^3", "6x", XY, I, 0.0),
    row("6 x y^3", "6x * 3y^2", XY, I, 0.0),
    row("6 x y^3", "6 x z^3", XY, V, method="parse"),
    row("9 x^2 y^2", "9x^2y^2", XY, C, method=EXACT),
    row("9 x^2 y^2", "3x^2 · 3y^2", XY, C, method=EXACT),
    row("9 x^2 y^2", "6 x y^3", XY, I, 0.0),
    row("9 x^2 y^2", "9 y^2", XY, I, 0.0),
    row("9 x^2 y^2", "18 x y^2", XY, I, 0.0, id="f_y: x differentiated too"),
    row("2x", "x + x", XY, C, method=EXACT),
    row("2x", "2x + 2y", XY, I, 0.0, id="f_x of x^2+y^2: y differentiated too"),
    row("2x", "2x + y^2", XY, I, 0.0),

    # ---- 2. gradients as vectors --------------------------------------------------------
    row("[2x, 2y]", "[2x, 2y]", XY, C, method=EXACT),
    row("[2x, 2y]", "(2x, 2y)", XY, C, method=EXACT),
    row("[2x, 2y]", "[[2x], [2y]]", XY, C, method=EXACT, id="column vector"),
    row("[2x, 2y]", "[x + x, 2y]", XY, C, method=EXACT),
    row("[2x, 2y]", "[2y, 2x]", XY, I, 0.0, id="gradient entries swapped"),
    row("[2x, 2y]", "[2x, 2x]", XY, I, 0.5),
    row("[2x, 2y]", "[2x]", XY, I, 0.0),
    row("[2x, 2y]", "[2x, 2y, 0]", XY, I, 0.0),
    row("[2x, 2y]", "2x + 2y", XY, V, method="kind"),
    row("[2x, 2y]", "{2x, 2y}", XY, V, method="kind"),
    row("[4, 6]", "[4, 6]", None, C, method=EXACT),
    row("[4, 6]", "(4, 6)", None, C, method=EXACT),
    row("[4, 6]", "[2*2, 2*3]", None, C, method=EXACT),
    row("[4, 6]", "[4.0, 6.0]", None, C, method="tolerance"),
    row("[4, 6]", "[4.001, 6]", None, C, method="tolerance"),
    row("[4, 6]", "[6, 4]", None, I, 0.0, id="gradient at (2,3) in the wrong order"),
    row("[4, 6]", "[4, 5]", None, I, 0.5),
    row("[4, 6]", "[4.01, 6]", None, I, 0.5),
    row("[4, 6]", "[4, 6", None, V, method="parse"),
    row("[4, 6]", "{4, 6}", None, V, method="kind"),
    row("[4, 6]", "[4, x]", None, V, method="parse"),
    row("[4x - y, 6y - x]", "[4x - y, -x + 6y]", XY, C, method=EXACT),
    row("[4x - y, 6y - x]", "[4x - y, 6y]", XY, I, 0.5),
    row("[4x - y, 6y - x]", "[4x, 6y]", XY, I, 0.0),

    # ---- 2. the Sauna ----------------------------------------------------------------
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "-x (x - 4) y^2 (y - 6)/30", XY, C, method=EXACT),
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "-(1/90)(3x^2 - 12x)(y^3 - 6y^2)", XY, C, method=EXACT),
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "-(1/90)(2x (x - 6) + x^2) y^2 (y - 6)", XY, C, method=EXACT,
        id="T_x by the product rule"),
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "(1/90) x (3x - 12) y^2 (y - 6)", XY, I, 0.0),
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "-(1/90) x (3x - 12) y (3y - 12)", XY, I, 0.0),
    row("-(1/90) x (3x - 12) y^2 (y - 6)", "-(1/90)(3x^2 - 12) y^2 (y - 6)", XY, I, 0.0),
    row("-(1/90) x^2 (x - 6) y (3y - 12)", "-x^2 (x - 6) y (y - 4)/30", XY, C, method=EXACT),
    row("-(1/90) x^2 (x - 6) y (3y - 12)", "-(1/90)(x^3 - 6x^2)(3y^2 - 12y)", XY, C, method=EXACT),
    row("-(1/90) x^2 (x - 6) y (3y - 12)", "-(1/90) x (3x - 12) y^2 (y - 6)", XY, I, 0.0, id="T_y given T_x"),
    row("85 - (1/90) x^2 (x - 6) y^2 (y - 6)", "85 - x^2 (x - 6) y^2 (y - 6)/90", XY, C, method=EXACT),
    row("{0, 4, 6}", "{6, 4, 0}", None, C, method=EXACT),
    row("{0, 4, 6}", "{0, 4, 6.0}", None, C, method="tolerance"),
    row("{0, 4, 6}", "{0, 4}", None, I, 2 / 3),
    row("(4, 4)", "(4, 4)", None, C, method=EXACT),
    row("(4, 4)", "[4, 4]", None, C, method=EXACT),
    row("(4, 4)", "(4.0, 4.0)", None, C, method="tolerance"),
    row("(4, 4)", "(4, 6)", None, I, 0.5),

    # ---- 2. least squares ----------------------------------------------------------------
    row("(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", "14m^2 + 3b^2 + 38 + 12mb - 42m - 20b", MB,
        C, method=EXACT, id="E(m,b) expanded"),
    row("(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", "14m² + 3b² + 38 + 12mb − 42m − 20b", MB,
        C, method=EXACT),
    row("(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", "14m^2 + 3b^2 + 38 + 12mb - 42m - 21b", MB, I, 0.0),
    row("(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", "14m^2 + 3b^2 + 12mb - 42m - 20b", MB, I, 0.0),
    row("28m + 12b - 42", "2(m + b - 2) + 4(2m + b - 5) + 6(3m + b - 3)", MB, C, method=EXACT),
    row("28m + 12b - 42", "14m + 6b - 21", MB, I, 0.0, id="E_m halved"),
    row("28m + 12b - 42", "28m + 12mb - 42", MB, I, 0.0),
    row("6b + 12m - 20", "2(m + b - 2) + 2(2m + b - 5) + 2(3m + b - 3)", MB, C, method=EXACT),
    row("6b + 12m - 20", "6b + 12m + 20", MB, I, 0.0),
    row("1/2", "0.5", None, C, method="tolerance"),
    row("1/2", ".5", None, C, method="tolerance"),
    row("1/2", "2/4", None, C, method=EXACT),
    row("1/2", "0.51", None, I, 0.0, method="tolerance"),
    row("7/3", "2.333", None, C, method="tolerance"),
    row("7/3", "2.33", None, C, method="tolerance", id="b = 2.33 correctly rounded"),
    row("7/3", "14/6", None, C, method=EXACT),
    row("7/3", "2 + 1/3", None, C, method=EXACT),
    row("7/3", "2.3", None, I, 0.0),
    row("7/3", "2.34", None, I, 0.0),
    row("25/6", "4.167", None, C, method="tolerance"),
    row("25/6", "4.1667", None, C, method="tolerance"),
    row("25/6", "4 + 1/6", None, C, method=EXACT),
    row("25/6", "4.2", None, I, 0.0, method="tolerance", id="E = 4.2 too coarse"),
    row("25/6", "4.16", None, I, 0.0),
    row("25/6", "4", None, I, 0.0),
    row("25/6", "x", None, V, method="parse"),
    row("(1/2, 7/3)", "(0.5, 2.333)", None, C, method="tolerance"),
    row("(1/2, 7/3)", "(7/3, 1/2)", None, I, 0.0),
    row("(1/2, 7/3)", "(0.5, 2.4)", None, I, 0.5),

    # ---- 7. Hessians -------------------------------------------------------------------
    row(H, "[[4, -1], [-1, 6]]", None, C, method=EXACT),
    row(H, "[[4.0, -1.0], [-1.0, 6.0]]", None, C, method="tolerance"),
    row(H, "[[4, 1], [1, 6]]", None, I, 0.5),
    row(H, "[[4, -1], [-1, 5]]", None, I, 0.75),
    row(H, "[[6, -1], [-1, 4]]", None, I, 0.5),
    row(H, "[[4, -1, 0], [-1, 6, 0]]", None, I, 0.0, id="Hessian 2x3 shape mismatch"),
    row(H, "[[4, -1]]", None, I, 0.0, id="Hessian 1x2 shape mismatch"),
    row(H, "[4, -1, -1, 6]", None, V, method="kind"),
    row(H, "{4, 6}", None, V, method="kind"),
    row(H, "[[4, -1], [-1]]", None, V, method="parse"),
    row(H, "[[4, -1], [-1, 6]]", XY, C, method=EXACT),
    row("[[6y^3, 18x y^2], [18x y^2, 18x^2 y]]", "[[6y^3, 18xy^2], [18xy^2, 18x^2y]]", XY, C, method=EXACT),
    row("[[6y^3, 18x y^2], [18x y^2, 18x^2 y]]", "[[6y^3, 18xy^2], [18xy^2, 18x^2]]", XY, I, 0.75),
    row("[[6y^3, 18x y^2], [18x y^2, 18x^2 y]]", "[[6y^3, 0], [0, 18x^2y]]", XY, I, 0.5),
    row("[[4, 0], [0, -4]]", "[[4, 0], [0, 4]]", None, I, 0.75),
    row("[[4, 0], [0, -4]]", "[[-4, 0], [0, 4]]", None, I, 0.5),

    # ---- 7. eigenvalues as sets ----------------------------------------------------------
    row(EIG, "{5 - sqrt(2), 5 + sqrt(2)}", None, C, method=EXACT),
    row(EIG, "{5 + √2, 5 − √2}", None, C, method=EXACT),
    row(EIG, "{(10 + sqrt(8))/2, (10 - sqrt(8))/2}", None, C, method=EXACT),
    row(EIG, "{6.41, 3.59}", None, C, method="tolerance"),
    row(EIG, "{3.59, 6.41}", None, C, method="tolerance"),
    row(EIG, "{6.414, 3.586}", None, C, method="tolerance"),
    row(EIG, "{5 + 1.414, 5 - 1.414}", None, C, method="tolerance"),
    row(EIG, "{6.4, 3.6}", None, I, 0.0),
    row(EIG, "{5 + sqrt(2)}", None, I, 0.5, id="one eigenvalue missing"),
    row(EIG, "{6.41}", None, I, 0.5),
    row(EIG, "{5 + sqrt(2), 5 - sqrt(2), 5}", None, I, 2 / 3, id="one eigenvalue too many"),
    row(EIG, "{5 + sqrt(2), 6.41}", None, I, 0.5, id="the same eigenvalue twice"),
    row(EIG, "{}", None, I, 0.0),
    row(EIG, "{5 + sqrt(3), 5 - sqrt(3)}", None, I, 0.0),
    row(EIG, "[5 + sqrt(2), 5 - sqrt(2)]", None, V, method="kind"),
    row(EIG, "5 + sqrt(2)", None, V, method="kind"),
    row("5 - sqrt(2)", "3.59", None, C, method="tolerance"),
    row("5 - sqrt(2)", "3.586", None, C, method="tolerance"),
    row("5 - sqrt(2)", "3.6", None, I, 0.0),
    row("5 - sqrt(2)", "3.58", None, I, 0.0, id="3.58 is not 5 - sqrt(2) = 3.5858 to 1e-3"),
    row("5 + sqrt(2)", "6.41", None, C, method="tolerance"),
    row("{4, -4}", "{-4, 4}", None, C, method=EXACT),
    row("{4, -4}", "{4}", None, I, 0.5),
    row("{4, -4}", "{4, 4}", None, I, 0.5),
    row("{(0, 0), (4, 4)}", "{(4, 4), (0, 0)}", None, C, method=EXACT),
    row("{(0, 0), (4, 4)}", "{(4, 4)}", None, I, 0.5),
    row("{(0, 0), (4, 4)}", "{(0, 0), (4, 4), (6, 6)}", None, I, 2 / 3),

    # ---- 7. characteristic polynomial ----------------------------------------------------
    row("lambda^2 - 10 lambda + 23", "(4 - lambda)(6 - lambda) - 1", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "(4 - lambda)(6 - lambda) - (-1)(-1)", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "(lambda - 5)^2 - 2", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "(lambda - 5 - sqrt(2))(lambda - 5 + sqrt(2))", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "λ² − 10λ + 23", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "(4 - λ)(6 - λ) - 1", LAM, C, method=EXACT),
    row("lambda^2 - 10 lambda + 23", "(4 - lambda)(6 - lambda) + 1", LAM, I, 0.0),
    row("lambda^2 - 10 lambda + 23", "lambda^2 - 10 lambda + 24", LAM, I, 0.0),
    row("lambda^2 - 10 lambda + 23", "lambda^2 + 10 lambda + 23", LAM, I, 0.0),
    row("lambda^2 - 10 lambda + 23", "-lambda^2 + 10 lambda - 23", LAM, I, 0.0),
    row("lambda^2 - 10 lambda + 23", "(lambda - 5 - sqrt(3))(lambda - 5 + sqrt(3))", LAM, I, 0.0),
    row("lambda^2 - 10 lambda + 23", "x^2 - 10x + 23", LAM, V, method="parse"),

    # ---- 3. gradient descent ---------------------------------------------------------------
    row("e^x - 1/x", "e^x - x^-1", ["x"], C, method=EXACT),
    row("e^x - 1/x", "(x e^x - 1)/x", ["x"], C, method=EXACT),
    row("e^x - 1/x", "e^x - ln(x)", ["x"], I, 0.0),
    row("e^x - 1/x", "e^x + 1/x", ["x"], I, 0.0),
    row("e^(1/20) - 20", "-18.9", None, C, method="tolerance", id="f'(0.05) = -18.9 (rounded)"),
    row("e^(1/20) - 20", "-18.95", None, C, method="tolerance"),
    row("e^(1/20) - 20", "-18.949", None, C, method="tolerance"),
    row("e^(1/20) - 20", "e^0.05 - 20", None, C, method="tolerance"),
    row("e^(1/20) - 20", "exp(1/20) - 1/0.05", None, C, method="tolerance"),
    row("e^(1/20) - 20", "e^(1/20) - 20", None, C, method=EXACT),
    row("e^(1/20) - 20", "-19", None, I, 0.0),
    row("e^(1/20) - 20", "-19.0", None, I, 0.0, method="tolerance"),
    row("e^(1/20) - 20", "-18.8", None, I, 0.0),
    row("e^(1/20) - 20", "18.9", None, I, 0.0, id="f'(0.05) sign error"),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.1447", None, C, method="tolerance", id="x1 = 0.1447"),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.14474", None, C, method="tolerance"),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.145", None, C, method="tolerance"),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.05 - 0.005(e^0.05 - 20)", None, C, method="tolerance"),
    row("1/20 - (1/200)(e^(1/20) - 20)", "1/20 - 1/200 (e^(1/20) - 1/(1/20))", None, C, method=EXACT),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.14", None, I, 0.0),
    row("1/20 - (1/200)(e^(1/20) - 20)", "0.15", None, I, 0.0),
    row("1/20 - (1/200)(e^(1/20) - 20)", "-0.0447", None, I, 0.0, id="x1 with the step added"),
    row("x - alpha (e^x - 1/x)", "x - alpha e^x + alpha/x", ["x", "alpha"], C, method=EXACT),
    row("x - alpha (e^x - 1/x)", "x + alpha (e^x - 1/x)", ["x", "alpha"], I, 0.0),
    row("[8/5, 12/5]", "(1.6, 2.4)", None, C, method="tolerance"),
    row("[8/5, 12/5]", "[2 - 0.1*4, 3 - 0.1*6]", None, C, method="tolerance"),
    row("[8/5, 12/5]", "(2.4, 3.6)", None, I, 0.0),
    row("[8/5, 12/5]", "(1.6, 3.6)", None, I, 0.5),
    row("[x - 2 alpha x, y - 2 alpha y]", "[(1 - 2alpha) x, (1 - 2α) y]", ["x", "y", "alpha"], C, method=EXACT),
    row("[x - 2 alpha x, y - 2 alpha y]", "[x + 2 alpha x, y + 2 alpha y]", ["x", "y", "alpha"], I, 0.0),
    row("[x - 2 alpha x, y - 2 alpha y]", "[x - alpha x, y - 2 alpha y]", ["x", "y", "alpha"], I, 0.5),

    # ---- 6. Newton's method -------------------------------------------------------------
    row("x/2 + 1/x", "(x^2 + 2)/(2x)", ["x"], C, method=EXACT, id="Newton step for x^2 - 2"),
    row("x/2 + 1/x", "x - (x^2 - 2)/(2x)", ["x"], C, method=EXACT),
    row("x/2 + 1/x", "x - 2x/(x^2 - 2)", ["x"], I, 0.0, id="Newton ratio inverted"),
    row("x/2 + 1/x", "x + (x^2 - 2)/(2x)", ["x"], I, 0.0),
    row("17/12", "1.4167", None, C, method="tolerance"),
    row("17/12", "1.417", None, C, method="tolerance"),
    row("17/12", "1.41", None, I, 0.0),
    row("17/12", "1.414", None, I, 0.0),
    row("17/12", "sqrt(2)", None, I, 0.0, EXACT, id="second Newton iterate is not sqrt(2)"),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x - (e^x - 1/x)/(e^x + x^-2)", ["x"], C, method=EXACT),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x - (x^2 e^x - x)/(x^2 e^x + 1)", ["x"], C, method=EXACT),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x - (e^x + 1/x^2)/(e^x - 1/x)", ["x"], I, 0.0),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x + (e^x - 1/x)/(e^x + 1/x^2)", ["x"], I, 0.0),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x - (e^x - ln(x))/(e^x - 1/x)", ["x"], I, 0.0,
        id="Newton root step on g instead of g'"),
    row("x - (e^x - 1/x)/(e^x + 1/x^2)", "x - (e^x - 1/x)/(e^x - 1/x^2)", ["x"], I, 0.0),
    row("1/20 - (e^(1/20) - 20)/(e^(1/20) + 400)", "0.0972", None, C, method="tolerance"),
    row("1/20 - (e^(1/20) - 20)/(e^(1/20) + 400)", "0.05 - (e^0.05 - 20)/(e^0.05 + 400)", None, C,
        method="tolerance"),
    row("1/20 - (e^(1/20) - 20)/(e^(1/20) + 400)", "0.097", None, I, 0.0),
    row("1/20 - (e^(1/20) - 20)/(e^(1/20) + 400)", "0.1447", None, I, 0.0, id="GD step given for Newton"),
    row("[x - (6(4x - y) + (6y - x))/23, y - ((4x - y) + 4(6y - x))/23]", "[0, 0]", XY, C, method=EXACT,
        id="Newton step lands on the minimum of a quadratic"),
    row("[x - (6(4x - y) + (6y - x))/23, y - ((4x - y) + 4(6y - x))/23]", "[x, y]", XY, I, 0.0),

    # ---- 1. derivatives of one variable -------------------------------------------------
    row("1/(2 sqrt(x))", "x^(-1/2)/2", ["x"], C, method=EXACT),
    row("1/(2 sqrt(x))", "sqrt(x)/(2x)", ["x"], C, method=EXACT),
    row("1/(2 sqrt(x))", "0.5 x^-0.5", ["x"], C, method="tolerance"),
    row("1/(2 sqrt(x))", "1/sqrt(x)", ["x"], I, 0.0),
    row("1/(2 sqrt(x))", "x^(1/2)/2", ["x"], I, 0.0),
    row("-2x^-3", "-2/x^3", ["x"], C, method=EXACT),
    row("-2x^-3", "-2x^-1", ["x"], I, 0.0),
    row("2x cos(x^2)", "cos(x^2) * 2x", ["x"], C, method=EXACT),
    row("2x cos(x^2)", "cos(x^2)", ["x"], I, 0.0, id="missing chain factor 2x"),
    row("2x cos(x^2)", "-2x cos(x^2)", ["x"], I, 0.0),
    row("2x cos(x^2)", "2x sin(x^2)", ["x"], I, 0.0),
    row("1/(x ln(2))", "1/(x*ln(2))", ["x"], C, method=EXACT),
    row("1/(x ln(2))", "log(e, 2)/x", ["x"], C, method=EXACT),
    row("1/(x ln(2))", "1/x", ["x"], I, 0.0),
    row("1/(x ln(2))", "ln(2)/x", ["x"], I, 0.0),
    row("1/cos(x)^2", "1 + tan(x)^2", ["x"], C, method=EXACT),
    row("1/cos(x)^2", "1/cos²(x)", ["x"], C, method=EXACT),
    row("1/cos(x)^2", "tan(x)^2", ["x"], I, 0.0),
    row("7/p - 3/(1 - p)", "(7 - 10p)/(p (1 - p))", ["p"], C, method=EXACT),
    row("7/p - 3/(1 - p)", "7/p + 3/(1 - p)", ["p"], I, 0.0),
    row("7/10", "0.7", None, C, method="tolerance"),
    row("7/10", "0.3", None, I, 0.0),
    row("(a1 + a2 + a3)/3", "a1/3 + a2/3 + a3/3", ["a1", "a2", "a3"], C, method=EXACT),
    row("(a1 + a2 + a3)/3", "(a1 + a2 + a3)/2", ["a1", "a2", "a3"], I, 0.0),
    row("2(x - a1) + 2(x - a2) + 2(x - a3)", "6x - 2(a1 + a2 + a3)", ["x", "a1", "a2", "a3"], C, method=EXACT),

    # ---- exact answers are compared exactly: tiny terms are not "close enough" ------------
    row("2x", "2x + 10^-9 sin(1000x)", ["x"], I, 0.0, "numeric"),
    row("x^2 + y^2", "x^2 + y^2 + 10^-9 sin(1000x)", XY, I, 0.0, "numeric"),
    row("e^x - 1/x", "e^x - 1/x + 10^-9 sin(1000x)", ["x"], I, 0.0, "numeric"),
    row("2x", "2x + 10^-12 x", ["x"], I, 0.0, EXACT),
    row("2x", "2.000x", ["x"], C, method="tolerance"),
    row("2x", "2.01x", ["x"], I, 0.0, method="tolerance"),
    # the relative tolerance is relative to the value, however the expected constant is written
    row("e^(1/20) - 1", "0.0513", None, C, method="tolerance"),
    row("e^(1/20) - 1", "0.05", None, I, 0.0, id="0.05 is 2.5% away from e^(1/20) - 1"),
    row("pi - 3", "0.1416", None, C, method="tolerance"),
    row("pi - 3", "0.14", None, I, 0.0, id="0.14 is 1.1% away from pi - 3"),

    # ---- answers are real functions of the declared variables (all signs) -----------------
    row("abs(x)", "sqrt(x^2)", ["x"], C, method=EXACT),
    row("x", "abs(x)", ["x"], I, 0.0, id="x is not abs(x) for negative x"),
    row("x", "sqrt(x^2)", ["x"], I, 0.0, id="sqrt(x^2) is not x for negative x"),
    row("x/abs(x)", "1", ["x"], I, 0.0, id="d|x|/dx is not 1"),
    row("1/x", "1/abs(x)", ["x"], I, 0.0, id="d ln|x|/dx is 1/x, not 1/|x|"),
    row("2x", "2 abs(x)", ["x"], I, 0.0),
]


@pytest.mark.parametrize("expected, answer, variables, status, score, method", COURSE_ROWS)
def test_course_answers(expected, answer, variables, status, score, method):
    verdict = check(expected, answer, variables)
    assert_verdict(verdict, status, score, method, f"{expected!r} <- {answer!r}")


def test_the_table_is_broad():
    assert len(COURSE_ROWS) >= 120


# ---------------------------------------------------------------------------------------
# tolerance options: rtol, atol, places
# ---------------------------------------------------------------------------------------

OPTION_ROWS = [
    ("pi", "3.1416", dict(rtol=1e-4), C),
    ("pi", "3.14159", dict(rtol=1e-4), C),
    ("pi", "3.141", dict(rtol=1e-4), I),
    ("pi", "3.14", dict(rtol=1e-4), I),  # a tightened tolerance is not undone by "correctly rounded"
    ("pi", "3.15", dict(rtol=1e-2), C),
    ("pi", "3.2", dict(rtol=1e-2), I),
    ("pi", "3.1", dict(rtol=0.02), C),
    ("pi", "3.1416", dict(places=4), C),
    ("pi", "3.14159", dict(places=4), C),
    ("pi", "3.1415", dict(places=4), I),
    ("pi", "3.142", dict(places=4), I),
    ("pi", "3.14", dict(places=4), I),
    ("pi", "3.14", dict(places=2), C),
    ("pi", "3.13", dict(places=2), I),
    ("pi", "3.1", dict(places=2), I),
    ("pi", "3.0", dict(atol=0.2), C),
    ("pi", "3.0", dict(atol=0.1), I),
    ("0", "0.0001", {}, I),
    ("0", "0.0001", dict(atol=1e-3), C),
    ("0", "0.0", {}, C),
    ("25/6", "4.2", dict(rtol=0.01), C),
    ("25/6", "4.2", {}, I),
    ("[1/2, 7/3]", "[0.5, 2.3]", dict(rtol=0.05), C),
    ("[1/2, 7/3]", "[0.5, 2.3]", {}, I),
    ("1000", "1000.5", {}, C),
    ("1000", "1001.5", {}, I),
    ("pi", "22/7", dict(rtol=0.01), I),  # exact answers are compared exactly, whatever the tolerance
    ("pi", "3.142857", dict(rtol=0.01), C),
]


@pytest.mark.parametrize("expected, answer, options, status", OPTION_ROWS,
                         ids=[f"{e} <- {a} {o}" for e, a, o, _ in OPTION_ROWS])
def test_tolerance_options(expected, answer, options, status):
    verdict = check(expected, answer, **options)
    assert verdict.status == status, verdict.message


@pytest.mark.parametrize("expected, answer, variables, options, status", [
    ("2x", "2.001x", ["x"], dict(rtol=1e-2), C),
    ("2x", "2.1x", ["x"], dict(rtol=1e-2), I),
    ("2x", "2.001x", ["x"], {}, C),
    ("2x", "2.01x", ["x"], {}, I),
])
def test_tolerance_options_for_expressions(expected, answer, variables, options, status):
    assert check(expected, answer, variables, **options).status == status


# ---------------------------------------------------------------------------------------
# kinds, verdict details, reuse of a prepared expected answer
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("expected, answer, variables, kind, status", [
    ("2", "x", ["x"], "number", V),
    ("2", "[2]", None, "auto", V),
    ("1/2", "0.5", None, "expression", C),
    ("[4, 6]", "(4, 6)", None, "vector", C),
    (H, H, None, "matrix", C),
    (EIG, "{3.59, 6.41}", None, "set", C),
    ("minimum", "min", None, "choice", C),
    ("minimum", "Local minimum", None, "choice", C),
    ("saddle", "saddle point", None, "choice", C),
    ("saddle", "minimum", None, "choice", I),
])
def test_kinds(expected, answer, variables, kind, status):
    assert check(expected, answer, variables, kind=kind).status == status


@pytest.mark.parametrize("expected, answer, noun", [
    ("[4, 6]", "4", "an expression"),
    (H, "4", "an expression"),
    (EIG, "5 + sqrt(2)", "an expression"),
    ("4", "[4, 6]", "a vector"),
    ("[4, 6]", "{4, 6}", "a set"),
    (H, "[4, 6]", "a vector"),
])
def test_kind_mismatch_messages(expected, answer, noun):
    verdict = check(expected, answer)
    assert verdict.status == V and verdict.method == "kind"
    assert f"not {noun}" in verdict.message


def test_interpreted_and_pretty_forms():
    verdict = check("2*x*y", "2xy", ["x", "y"])
    assert verdict.status == C
    assert verdict.interpreted == "2*x*y"
    assert verdict.pretty == "2·x·y"
    verdict = check(SIG, "σ(z)(1 − σ(z))", Z)
    assert tutor.parse(verdict.interpreted, Z) == tutor.parse(SIG, Z)


def test_invalid_answers_point_at_the_column():
    verdict = check("2x", "sin(x))", ["x"])
    assert verdict.status == V and verdict.method == "parse"
    assert verdict.column == 7
    assert "unexpected ')'" in verdict.message
    verdict = check("2x", "2 * z", ["x"])
    assert verdict.column == 5
    assert "unknown variable z" in verdict.message and "x" in verdict.message


@pytest.mark.parametrize("answer", ["9^9^9^9", "x^100000", "(" * 60 + "x" + ")" * 60, "x + " * 1500 + "x"])
def test_limits_give_invalid_verdicts(answer):
    verdict = check("2x", answer, ["x"])
    assert verdict.status == V
    assert verdict.method == "limit"


def test_per_entry_verdicts_of_a_hessian():
    verdict = check(H, "[[4, 1], [1, 6]]")
    assert [entry.status for entry in verdict.entries] == [C, I, I, C]
    assert verdict.score == pytest.approx(0.5)


def test_per_item_verdicts_of_an_eigenvalue_set():
    verdict = check(EIG, "{3.59, 7}")
    assert verdict.status == I
    assert verdict.score == pytest.approx(0.5)
    assert [item.status for item in verdict.entries] == [C, I]


def test_prepared_answer_is_reused_across_many_submissions():
    expected = prepare(SIG, Z)
    answers = [
        ("e^-z/(1 + e^-z)^2", C),
        ("sigma(z)^2", I),
        ("sigma(z)(1 - sigma(z)", V),
        ("sigma(z) - sigma(z)^2", C),
        ("-e^-z/(1 + e^-z)^2", I),
        ("σ(z)(1 − σ(z))", C),
        ("sigma(x)", V),
    ] * 3
    for answer, status in answers:
        verdict = expected.check(answer)
        assert verdict.status == status, answer
        assert verdict.status == check(SIG, answer, Z).status


def test_checks_are_deterministic():
    first = [check(EIG, a).to_dict() for a in ("{6.41, 3.59}", "{6.41}", "{1, 2, 3}")]
    second = [check(EIG, a).to_dict() for a in ("{6.41, 3.59}", "{6.41}", "{1, 2, 3}")]
    assert first == second


def test_two_constants_are_not_said_to_differ_at_a_point_of_the_variables():
    import tutor

    verdict = tutor.check("0.5176", "0.6", variables=["x"])
    assert verdict.status == "incorrect" and "differ at" not in verdict.message
    assert tutor.check("1/3", "0.3333", variables=["x"]).status == "correct"
