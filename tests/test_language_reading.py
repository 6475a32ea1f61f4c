"""Reading text as a maths book means it (DESIGN.md, "The student input language", revised):
variables inferred when none are declared, and forms read two ways asked about, never guessed.

Expected values are built with SymPy objects directly, never from text.
"""

from __future__ import annotations

import pytest
import sympy as sp

import tutor
from tutor.errors import ParseError
from tutor.language import infer_variables, parse


def R(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


x, y, z, m, b, a, t, p, i = (R(n) for n in "xyzmbatpi")
E, PI = sp.E, sp.pi


def parse_error(text: str, variables=None) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text, variables)
    return info.value


# ---------------------------------------------------------------------------------------
# no declared variables: runs of letters split into one-letter variables
# ---------------------------------------------------------------------------------------

INFERRED = [
    # text, value, inferred variables
    ("xy", x * y, ["x", "y"]),
    ("12mb", 12 * m * b, ["m", "b"]),
    ("3x^2y", 3 * x**2 * y, ["x", "y"]),
    ("xsin(x)", x * sp.sin(x), ["x"]),
    ("14m^2 + 3b^2 + 38 + 12mb - 42m - 20b", 14 * m**2 + 3 * b**2 + 38 + 12 * m * b - 42 * m - 20 * b, ["m", "b"]),
    ("2x^2 + 3y^2 - xy", 2 * x**2 + 3 * y**2 - x * y, ["x", "y"]),
    ("x^4 + 0.8y^4 + 4x^2 + 2y^2 - xy - 0.2x^2y",
     x**4 + sp.Float("0.8") * y**4 + 4 * x**2 + 2 * y**2 - x * y - sp.Float("0.2") * x**2 * y, ["x", "y"]),
    ("3x^2y + xy", 3 * x**2 * y + x * y, ["x", "y"]),
    ("xyz", x * y * z, ["x", "y", "z"]),
    ("yx", x * y, ["x", "y"]),
    ("xx", x**2, ["x"]),
    ("2ab^2", 2 * a * b**2, ["a", "b"]),
    ("xe^x", x * sp.exp(x), ["x"]),  # e is Euler's number unless declared
    ("ex", E * x, ["x"]),
    ("e^-x", sp.exp(-x), ["x"]),
    ("e^x - ln(x)", sp.exp(x) - sp.log(x), ["x"]),
    ("2pi", 2 * PI, []),
    ("pi x", PI * x, ["x"]),
    ("alpha x", R("alpha") * x, ["x", "alpha"]),
    ("lambda^2 - 10lambda + 23", R("lambda")**2 - 10 * R("lambda") + 23, ["lambda"]),
    ("theta + beta", R("theta") + R("beta"), ["theta", "beta"]),
    ("sigma(z)", tutor.parse("sigma(z)", ["z"]), ["z"]),  # sigma followed by ( is the function
    ("σ(z)(1 - σ(z))", tutor.parse("sigma(z)*(1 - sigma(z))", ["z"]), ["z"]),
    ("sigma^2 + mu", R("sigma")**2 + R("mu"), ["sigma", "mu"]),  # otherwise the Greek letter
    ("w11 x1 + w21 x2 + b1", R("w11") * R("x1") + R("w21") * R("x2") + R("b1"), ["w11", "x1", "w21", "x2", "b1"]),
    ("w_11 x_1 + b_1", R("w_11") * R("x_1") + R("b_1"), ["w_11", "x_1", "b_1"]),
    ("y_hat(1 - y_hat)", R("y_hat") * (1 - R("y_hat")), ["y_hat"]),
    ("-(y - y_hat)x1", -(y - R("y_hat")) * R("x1"), ["y", "y_hat", "x1"]),
    ("w1x1", R("w1") * R("x1"), ["w1", "x1"]),
    ("x10 + x2", R("x10") + R("x2"), ["x10", "x2"]),
    ("x₁ŷ", R("x_1") * R("y_hat"), ["x_1", "y_hat"]),
    ("xcos(x)sin(y)", x * sp.cos(x) * sp.sin(y), ["x", "y"]),
    ("xysin(x)", x * y * sp.sin(x), ["x", "y"]),
    ("sin^2(x) + cos(x)^2", sp.sin(x)**2 + sp.cos(x)**2, ["x"]),
    ("(m + b - 2)^2 + (2m + b - 5)^2", (m + b - 2)**2 + (2 * m + b - 5)**2, ["m", "b"]),
    ("-(1/90) x^2 (x - 6) y^2 (y - 6)", -sp.Rational(1, 90) * x**2 * (x - 6) * y**2 * (y - 6), ["x", "y"]),
    ("[2x, 2y]", tutor.parse("[2*x, 2*y]", ["x", "y"]), ["x", "y"]),
    ("{0, 4, 6}", tutor.parse("{0, 4, 6}", []), []),
]


@pytest.mark.parametrize("text, value, variables", INFERRED, ids=[row[0] for row in INFERRED])
def test_inferred_reading(text, value, variables):
    assert parse(text) == value
    assert infer_variables(text) == variables


@pytest.mark.parametrize("text, word", [
    ("sinx", "sin"),
    ("2xcosx", "cos"),
    ("expx", "exp"),
    ("2pix", "pi"),
    ("thetax", "theta"),
    ("xlambda", "lambda"),
])
def test_a_word_hidden_in_a_run_is_asked_about_not_spelt_out(text, word):
    """sinx is not s*i*n*x: the message names the word and how to write it."""
    error = parse_error(text)
    assert word in str(error) and error.column is not None


@pytest.mark.parametrize("text, name, column", [
    ("relu(x)", "relu", 1),
    ("max(0, x)", "max", 1),
    ("2x + softmax(z)", "softmax", 6),
    ("abc(x + 1)", "abc", 1),
])
def test_a_run_of_three_letters_before_a_bracket_is_an_unknown_function(text, name, column):
    """relu(x) is a function a book would mean, not r*e*l*u*x: asked about, never multiplied out."""
    error = parse_error(text)
    assert f"unknown function {name}" in str(error) and "write * between the letters" in str(error)
    assert error.column == column
    assert parse("r*e*l*u*(x)") == sp.E * R("r") * R("l") * R("u") * x  # the product, when written so
    assert parse("xy(x + 1)") == x * y * (x + 1)  # two letters stay a product, as in 2xy(x + y)


def test_a_declared_reading_is_unchanged_by_inference():
    """With variables declared, an undeclared run must be a product of declared letters."""
    assert parse("12mb", ["m", "b"]) == 12 * m * b
    assert "unknown variable mb" in str(parse_error("mb", ["m"]))
    assert parse("xy", ["xy"]) == R("xy")
    assert parse("e^x", ["e", "x"]) == sp.Pow(R("e"), x)


def test_e_may_sit_in_a_run_of_declared_letters():
    assert parse("xe^x", ["x"]) == x * sp.exp(x)
    assert parse("2xe", ["x"]) == 2 * x * E


def test_infer_variables_raises_a_parse_error_for_unreadable_text():
    with pytest.raises(ParseError):
        infer_variables("2x +")
    with pytest.raises(ParseError):
        infer_variables("e^2x")


def test_the_python_api_infers_variables_from_the_expected_answer():
    assert tutor.check("14m^2 + 12mb", "12 m b + 14 m^2").status == "correct"
    expected = tutor.prepare("3x^2y + xy")
    assert expected.variable_names == ("x", "y") and expected.inferred
    assert expected.check("xy(3x + 1)").status == "correct"
    assert not tutor.prepare("x*y", ["x", "y"]).inferred


# ---------------------------------------------------------------------------------------
# ambiguity: asked about, never guessed (rules a, b, c)
# ---------------------------------------------------------------------------------------

AMBIGUOUS = [
    # rule (a): e or a number to an unbracketed exponent, continued at once by a product
    ("e^2x", "e^(2x) or e^2·x", 1),
    ("e^-3x^2", "e^(-3x^2) or e^(-3)·x^2", 1),
    ("e^xy", "e^(xy) or e^x·y", 1),
    ("2^3x", "2^(3x) or 2^3·x", 1),
    ("e^xsin(x)", "e^(xsin(x)) or e^x·sin(x)", 1),
    ("-30xe^-3x^2", "e^(-3x^2) or e^(-3)·x^2", 5),
    ("10^-8x^2", "10^(-8x^2) or 10^(-8)·x^2", 1),
    ("e**2x", "e^(2x) or e^2·x", 1),
    ("1 + e^2x y", "e^(2x) or e^2·x", 5),
    # rule (b): an unbracketed denominator continued at once by a product
    ("1/2x", "1/(2x) or (1/2)·x", 2),
    ("1/xy", "1/(xy) or (1/x)·y", 2),
    ("3/4x^2", "3/(4x^2) or (3/4)·x^2", 2),
    ("x/2y", "x/(2y) or (x/2)·y", 2),
    ("1/2(x+1)", "1/(2(x+1)) or (1/2)·(x+1)", 2),
    ("y + 1/x^2y", "1/(x^2y) or (1/x^2)·y", 6),
    # rule (c): an exponent of 1 or -1 divided by a number
    ("x^1/2", "x^(1/2) or (x^1)/2", 4),
    ("x^-1/2", "x^(-1/2) or (x^-1)/2", 5),
    ("x^1/3", "x^(1/3) or (x^1)/3", 4),
    ("2x^1/2", "x^(1/2) or (x^1)/2", 5),
]


@pytest.mark.parametrize("text, readings, column", AMBIGUOUS, ids=[row[0] for row in AMBIGUOUS])
@pytest.mark.parametrize("variables", [None, ["x", "y"]], ids=["inferred", "declared"])
def test_ambiguous_forms_show_both_readings(text, readings, column, variables):
    error = parse_error(text, variables)
    assert str(error).startswith(f"ambiguous: write {readings}")
    assert error.column == column
    assert f"column {column}" in str(error) and "\n" not in str(error)


@pytest.mark.parametrize("text, readings", [(row[0], row[1]) for row in AMBIGUOUS])
def test_each_reading_offered_is_itself_unambiguous(text, readings):
    """The brackets the message suggests decide: both forms read without complaint."""
    for reading in readings.split(" or "):
        parse(reading, ["x", "y"])


DECIDED = [
    # a space ends an exponent or a denominator
    ("e^2 x", sp.exp(2) * x),
    ("e^x sin(x)", sp.exp(x) * sp.sin(x)),
    ("10^-8 x^2", x**2 / 10**8),
    ("1/2 x", x / 2),
    ("x/2 y", x * y / 2),
    ("e^-3 x^2", sp.exp(-3) * x**2),
    # brackets or an explicit * decide
    ("e^(2x)", sp.exp(2 * x)),
    ("e^2*x", sp.exp(2) * x),
    ("e^2·x", sp.exp(2) * x),
    ("e^(-3x^2)", sp.exp(-3 * x**2)),
    ("e^(-3)x^2", sp.exp(-3) * x**2),
    ("-30xe^(-3x^2)", -30 * x * sp.exp(-3 * x**2)),
    ("1/(2x)", 1 / (2 * x)),
    ("(1/2)x", x / 2),
    ("1/2*x", x / 2),
    ("x^(1/2)", sp.sqrt(x)),
    ("(x^1)/2", x / 2),
    ("x^(-1/2)", 1 / sp.sqrt(x)),
    # not ambiguous at all
    ("e^-x", sp.exp(-x)),
    ("e^-x^2", sp.exp(-x**2)),
    ("x^2y", x**2 * y),
    ("x^3/2", x**3 / 2),
    ("x^2/2", x**2 / 2),
    ("e^x/2", sp.exp(x) / 2),
    ("e²x", sp.exp(2) * x),
    ("2^x y", 2**x * y),
    ("(x+1)^2y", (x + 1)**2 * y),
    ("1/(x+1)(x-1)", (x - 1) / (x + 1)),  # a bracketed denominator decides
    ("sin(x)/2x", None),
]


@pytest.mark.parametrize("text, value", [row for row in DECIDED if row[1] is not None])
@pytest.mark.parametrize("variables", [None, ["x", "y"]], ids=["inferred", "declared"])
def test_spaces_brackets_and_operators_decide(text, value, variables):
    assert parse(text, variables) == value


def test_a_denominator_continued_after_a_function_is_asked_about_too():
    assert "ambiguous: write sin(x)/(2x) or (sin(x)/2)·x" in str(parse_error("sin(x)/2x", ["x"]))


def test_e_declared_as_a_variable_is_not_eulers_number_so_e_2x_is_a_product():
    assert parse("e^2x", ["e", "x"]) == R("e")**2 * x


@pytest.mark.parametrize("text", ["e^2x", "-30xe^-3x^2", "1/2x", "x^1/2"])
def test_check_gives_an_invalid_verdict_with_the_message(text):
    verdict = tutor.check("-30*x*exp(-3*x^2)", text, ["x"])
    assert verdict.status == "invalid" and verdict.method == "parse"
    assert verdict.message.startswith("ambiguous: write ") and verdict.column is not None


# ---------------------------------------------------------------------------------------
# the course's expressions (COURSE.md), typed as printed there, without declared variables
# ---------------------------------------------------------------------------------------

y_hat, w1, x1, a1 = R("y_hat"), R("w1"), R("x1"), R("a1")
COURSE = [
    ("14m^2 + 3b^2 + 38 + 12mb - 42m - 20b", ["m", "b"]),
    ("(m + b - 2)^2 + (2m + b - 5)^2 + (3m + b - 3)^2", ["m", "b"]),
    ("28m + 12b - 42", ["m", "b"]),
    ("85 - (1/90) x^2 (x - 6) y^2 (y - 6)", ["x", "y"]),
    ("-(1/90) x (3x - 12) y^2 (y - 6)", ["x", "y"]),
    ("3x^2 y^3", ["x", "y"]),
    ("6 x y^3", ["x", "y"]),
    ("2x^2 + 3y^2 - xy", ["x", "y"]),
    ("2x^2 - 2y^2", ["x", "y"]),
    ("x^4 + 0.8y^4 + 4x^2 + 2y^2 - xy - 0.2x^2y", ["x", "y"]),
    ("lambda^2 - 10 lambda + 23", ["lambda"]),
    ("p^7 (1-p)^3", ["p"]),
    ("1 / (1 + e^-z)", ["z"]),
    ("e^-z / (1 + e^-z)^2", ["z"]),
    ("sigma(z) (1 - sigma(z))", ["z"]),
    ("w1 x1 + w2 x2 + b", ["w1", "x1", "w2", "x2", "b"]),
    ("1/2 (y - y_hat)^2", ["y", "y_hat"]),
    ("-(y - y_hat) / (y_hat (1 - y_hat))", ["y", "y_hat"]),
    ("-x1 w1 a1 (1 - a1) (y - y_hat)", ["y", "x1", "w1", "a1", "y_hat"]),
    ("w11 x1 + w21 x2 + b1", ["w11", "x1", "w21", "x2", "b1"]),
]


@pytest.mark.parametrize("text, variables", COURSE, ids=[row[0] for row in COURSE])
def test_the_course_expressions_read_with_the_variables_they_name(text, variables):
    assert infer_variables(text) == variables
    assert sorted(str(s) for s in parse(text).free_symbols) == sorted(variables)


def test_course_values_as_printed():
    assert parse("14m^2 + 3b^2 + 38 + 12mb - 42m - 20b") == sp.expand(
        (m + b - 2)**2 + (2 * m + b - 5)**2 + (3 * m + b - 3)**2)
    assert parse("1/2 (y - y_hat)^2") == (y - y_hat)**2 / 2
    assert parse("-x1 w1 a1 (1 - a1) (y - y_hat)") == -x1 * w1 * a1 * (1 - a1) * (y - y_hat)


@pytest.mark.parametrize("text, column", [("σ'(z)", 2), ("f′(x)", 2), ("2x’", 3)])
def test_a_prime_asks_for_the_derivative_written_out(text, column):
    """σ'(z) is notation for a derivative, not something to read: the message says what to write."""
    error = parse_error(text, ["z", "f", "x"])
    assert "prime" in str(error) and "write the derivative itself" in str(error)
    assert error.column == column


@pytest.mark.parametrize("text, column", [("|x|", 1), ("2|x - 1|", 2)])
def test_bars_ask_for_abs(text, column):
    """|x| is the textbook's absolute value; the language writes abs(x), and the message says so."""
    error = parse_error(text, ["x"])
    assert "write abs(x)" in str(error) and error.column == column
