"""Hostile answers: code, templates, huge computations, odd characters.

Each must give an ``invalid`` verdict with a clear one-line message, cause no
side effect (the check runs in an empty temporary directory that must stay
empty), and come back at all under a 2-second limit. Nothing here measures
time: a hang would show as a test that never finishes, not as a slow one.
"""

from __future__ import annotations

import json
import os

import pytest

import tutor
from helpers import ROOT, invoke_tutor
from tutor.checking import Verdict
from tutor.errors import ParseError
from tutor.language import parse
from tutor.limits import Limits

LIMITS = Limits(seconds=2)
INVALID_METHODS = {"parse", "limit", "timeout", "kind"}
# files a payload below would create if any of it were ever run as Python or a shell command
PAYLOAD_FILES = ("pwned", "f", "owned.txt")


def factorial_like(n: int) -> str:
    return "*".join(str(i) for i in range(1, n + 1))


CODE = {
    "import-system": "__import__('os').system('touch pwned')",
    "import-system-call-only": "__import__('os').system",
    "eval": 'eval("1")',
    "eval-bare-name": "eval",
    "exec": "exec('open(\"pwned\", \"w\")')",
    "exec-compile": "exec(compile('1', '', 'eval'))",
    "os-system": "os.system('touch pwned')",
    "import-statement": "import os",
    "lambda": "lambda x: x",
    "lambda-no-args": "lambda: 0",
    "dunder-class": "x.__class__",
    "bases": "().__class__.__bases__",
    "subclasses": "().__class__.__bases__[0].__subclasses__()",
    "globals": "globals()",
    "locals": "locals()",
    "vars": "vars()",
    "builtins": "__builtins__",
    "getattr": "getattr(x, 'y')",
    "open-write": "open('f','w')",
    "open-write-chained": "open('owned.txt', 'w').write('x')",
    "list-comprehension": "[x for x in ()]",
    "generator": "(x for x in ())",
    "f-string": "f'{x}'",
    "f-string-double": 'f"{__import__(\'os\').system(\'touch pwned\')}"',
    "backticks": "`x`",
    "single-quotes": "'x'",
    "double-quotes": '"x"',
    "triple-quotes": '"""x"""',
    "jinja-expression": "{{ 7*7 }}",
    "jinja-config": "{{ config }}",
    "jinja-statement": "{% for %}",
    "jinja-loop": "{% for i in range(3) %}x{% endfor %}",
    "jinja-comment": "{# x #}",
    "shell-substitution": "${7*7}",
    "shell-command-substitution": "$(touch pwned)",
    "ruby-interpolation": "#{7*7}",
    "erb": "<%= 7*7 %>",
    "backslash": "x\\y",
    "lone-backslash": "\\",
    "latex": "\\(x^2\\)",
    "latex-frac": "\\frac{1}{2}",
    "semicolon": "x; x",
    "semicolon-import": "x^2; import os",
    "newline-import": "x^2\nimport os",
    "newline-dunder": "x^2\n__import__('os').system('touch pwned')",
    "newline-semicolon": "x^2;\nx",
    "indexing": "x[0]",
    "matmul": "x@x",
    "bitwise-and": "x&x",
    "bitwise-or": "x|x",
    "invert": "~x",
    "conditional": "x if x else x",
    "boolean-or": "x or x",
    "not": "not x",
    "comparison": "x == x",
    "assignment": "x = 1",
    "walrus": "x := 1",
    "print": "print(x)",
    "sympy-constructor": "Symbol('x')",
    "sympy-attribute": "sympy.sqrt(x)",
    "sympy-S": "S(1)",
    "comment": "x # x",
    "percent": "x % x",
    "question-mark": "x ? x",
    "dollar": "x$",
    "attribute-on-number": "1 .real",
    "keyword-argument": "sin(x=1)",
    "star-args": "sin(*[x])",
    "dict": "{'a': x}",
    "set-of-sets-injection": "{{x}}",
}

HUGE = {
    "tower-9": "9^9^9^9",
    "tower-9-stars": "9**9**9**9",
    "x-to-ten-billion": "x^(10^10)",
    "binomial-100000": "(x+1)^100000",
    "tower-2": "2^(2^(2^(2^2)))",
    "tower-2-flat": "2^2^2^2^2",
    "ten-to-million": "10^1000000",
    "ten-to-ten-to-ten": "10^10^10",
    "googolplex-ish": "(10^100)^(10^100)",
    "e-notation-huge": "1e999999",
    "e-notation-tiny": "1e-999999",
    "999-to-999": "999^999",
    "power-of-power": "(10^200)^2",
    "nested-powers": "(((x^10)^10)^10)^10",
    "x-to-million": "(x^1000)^1000",
    "negative-tower": "(-9)^9^9",
    "fraction-power": "(1/3)^1000",
    "product-of-huge-powers": "9^999*9^999*9^999",
    "product-of-big-numbers": "10^200*10^200",
    "product-of-big-powers": "2^600*2^600",
    "quotient-of-big-numbers": "1/10^200/10^200",
    "factorial-like-300": factorial_like(300),
    "factorial-like-long": factorial_like(1000)[:3990].rstrip("*"),
    "long-literal": "1" * 3000,
    "long-literal-with-point": "1" * 250 + ".5",
    "parens-1000": "(" * 1000 + "x" + ")" * 1000,
    "brackets-60": "[" * 60 + "x" + "]" * 60,
    "functions-60": "sin(" * 60 + "x" + ")" * 60,
    "power-chain-60": "^".join(["x"] * 60),
    "unary-minus-10000": "-" * 10000 + "x",
    "unary-minus-3000": "-" * 3000 + "x",
    "unary-minus-60": "-" * 60 + "x",
    "megabyte-x-plus": "x+" * 500_000 + "x",
    "megabyte-ones": "1" * 1_000_000,
    "implicit-x-run": "x" * 3999,
}

CHARACTERS = {
    "long-name": "a" * 3999,
    "long-name-10000": "a" * 10000,
    "long-function": "foo" * 1000 + "(x)",
    "nul": "x\x00",
    "nul-only": "\x00",
    "nul-inside": "x^2\x00 + 1",
    "emoji": "x😀",
    "emoji-only": "😀",
    "rtl-mark": "x\u200f+1",
    "rtl-override": "x\u202e+1",
    "zero-width-space": "x\u200b",
    "zero-width-joiner": "x\u200d^2",
    "bom": "\ufeffx",
    "line-separator": "\u2028x",
    "paragraph-separator": "x^2\u2029",
    "lone-surrogate": "x\ud800",
    "lone-surrogate-only": "\udcff",
    "escape-sequence": "x\x1b[31m",
    "delete": "\x7f",
    "fullwidth-x": "ｘ^2",
    "math-italic-x": "𝑥^2",
    "combining-accent": "x\u0301",
}

HOSTILE = {**{f"code/{k}": v for k, v in CODE.items()}, **{f"huge/{k}": v for k, v in HUGE.items()},
           **{f"char/{k}": v for k, v in CHARACTERS.items()}}


def assert_clear_invalid(verdict) -> None:
    assert isinstance(verdict, Verdict)
    assert verdict.status == "invalid", (verdict.status, verdict.message)
    assert verdict.method in INVALID_METHODS
    message = verdict.message
    assert isinstance(message, str) and message.strip()
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    # the verdict must survive being printed and written as UTF-8 JSON (the CLI does both)
    json.dumps(verdict.to_dict(), ensure_ascii=False).encode("utf-8")


def assert_no_side_effect(directory) -> None:
    assert sorted(os.listdir(directory)) == []
    for name in PAYLOAD_FILES:
        assert not (ROOT / name).exists(), f"{name} appeared in the repository"


@pytest.mark.parametrize("answer", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_answer_is_invalid_without_side_effects(answer, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verdict = tutor.check("x^2", answer, ["x"], limits=LIMITS)
    assert_clear_invalid(verdict)
    assert_no_side_effect(tmp_path)


@pytest.mark.parametrize("expected", ["[x, 2]", "[[x, 1], [1, x]]", "{1, 2}", "3", "sigma(x)"])
@pytest.mark.parametrize("key", ["code/import-system", "code/jinja-expression", "code/newline-import",
                                 "huge/tower-9", "huge/parens-1000", "huge/megabyte-x-plus", "char/nul",
                                 "char/lone-surrogate", "code/lambda"])
def test_hostile_answer_is_invalid_for_every_kind(expected, key, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verdict = tutor.check(expected, HOSTILE[key], ["x"], limits=LIMITS)
    assert_clear_invalid(verdict)
    assert_no_side_effect(tmp_path)


@pytest.mark.parametrize("answer", list(CODE.values()), ids=list(CODE))
def test_code_is_a_parse_error_for_the_parser(answer, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParseError):
        parse(answer, ["x"], LIMITS)
    assert_no_side_effect(tmp_path)


def test_prepared_expected_answer_survives_hostile_answers(tmp_path, monkeypatch):
    """One prepared expected answer, all hostile answers in a row, then a good one still works."""
    monkeypatch.chdir(tmp_path)
    expected = tutor.prepare("2*x*y", variables=["x", "y"], limits=LIMITS)
    for answer in HOSTILE.values():
        assert expected.check(answer).status in {"invalid", "incorrect"}
    assert expected.check("2xy").status == "correct"
    assert_no_side_effect(tmp_path)


def test_hostile_expected_answer_is_a_parse_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("code/import-system", "code/exec", "code/jinja-expression", "huge/tower-9", "huge/parens-1000"):
        with pytest.raises(ParseError):
            tutor.prepare(HOSTILE[key], variables=["x"], limits=LIMITS)
    assert_no_side_effect(tmp_path)


@pytest.mark.parametrize("answer", ["a" * 3999, "foo" * 1000 + "(x)", "x" * 2000 + "q"],
                         ids=["variable", "function", "undeclared-run"])
def test_message_for_a_long_unknown_name_stays_short(answer):
    """A message naming an unknown name should not echo thousands of characters of it."""
    verdict = tutor.check("x^2", answer, ["x"], limits=LIMITS)
    assert_clear_invalid(verdict)
    assert len(verdict.message) <= 300, len(verdict.message)


def test_newline_between_terms_is_not_silently_joined():
    """An answer broken over two lines is not read as an implicit product of the lines."""
    verdict = tutor.check("x^2", "x\nx", ["x"], limits=LIMITS)
    assert_clear_invalid(verdict)


EXPENSIVE = [
    "(x+1)^1000*(x-1)^1000*(x+2)^1000*(x-2)^1000*(x+3)^1000*(x-3)^1000*(x+4)^1000*(x-4)^1000",
    "x^2 + (x+1)^1000*(x-1)^1000 - (x^2-1)^1000",
    "x^2 + (x+1)^999*(x+2)^999*(x+3)^999 - ((x+1)*(x+2))^999*(x+3)^999",
    "x^2 + (x+1)^500*(x+2)^500*(x+3)^500*(x+4)^500 - ((x+1)*(x+2)*(x+3)*(x+4))^500",
    "(x+y+1)^1000*(x-y+1)^1000",
    "exp(exp(exp(exp(exp(x)))))",
    "sin(x)^1000*cos(x)^1000*tan(x)^1000",
    "x^2 + (sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7))^100"
    " - (sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7))^99*(sqrt(2)+sqrt(3)+sqrt(5)+sqrt(7))",
    "(x+1/3)^1000*(x+1/7)^1000 - (x+1/7)^1000*(x+1/3)^999*(3x+1)/3",
    "x^-1000 + (x+1)^-1000",
    "exp(10^200)",
    "1000^1000.0",
]


@pytest.mark.parametrize("answer", EXPENSIVE, ids=[f"expensive-{i}" for i in range(len(EXPENSIVE))])
def test_expensive_but_legal_answer_gets_a_verdict(answer, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verdict = tutor.check("x^2", answer, ["x", "y"], limits=LIMITS)
    assert isinstance(verdict, Verdict)
    assert verdict.status in {"correct", "incorrect", "invalid"}
    assert "\n" not in verdict.message and "Traceback" not in verdict.message
    assert_no_side_effect(tmp_path)


@pytest.mark.parametrize("n", [30, 100, 1000])
def test_large_but_cancelling_terms_are_still_correct(n):
    """x^2 + (x+1)^n - (x+1)^(n-1)*(2x+2)/2 is exactly x^2: big cancelling terms are not a difference."""
    verdict = tutor.check("x^2", f"x^2 + (x+1)^{n} - (x+1)^{n - 1}*(2x+2)/2", ["x"], limits=LIMITS)
    assert verdict.status == "correct", verdict.message


CLI_PAYLOADS = [
    "__import__('os').system('touch pwned')",
    "open('f','w')",
    "{{ 7*7 }}",
    "{% for %}",
    "${7*7}",
    "9^9^9^9",
    "x^(10^10)",
    "(" * 1000 + "x" + ")" * 1000,
    "-" * 10000 + "x",
    "x+" * 20000 + "x",
    "x😀",
    "x\u200b",
    "x\\y; x",
]


@pytest.mark.parametrize("answer", CLI_PAYLOADS, ids=[f"payload-{i}" for i in range(len(CLI_PAYLOADS))])
def test_cli_rejects_hostile_answer_without_traceback(answer, tmp_path):
    result = invoke_tutor("check", "--expected", "x^2", "--answer", answer, "--vars", "x", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    assert "invalid" in result.stdout
    assert_no_side_effect(tmp_path)


def test_cli_json_rejects_hostile_answer(tmp_path):
    result = invoke_tutor("check", "-e", "x^2", "-a", "__import__('os').system('touch pwned')", "--json",
                          cwd=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "invalid" and data["method"] == "parse"
    assert "Traceback" not in result.stderr
    assert_no_side_effect(tmp_path)
