"""Parse tokens of the student input language into a syntax tree (no evaluation).

Grammar, loosest binding first::

    answer   := sum END          ; exercise constraints may add: sum ('=='|'<'|...) sum
    sum      := term (('+' | '-') term)*
    term     := unary (('*' | '/') unary | <juxtaposition> power)*
    unary    := ('-' | '+') unary | power
    power    := primary (superscript | '^' exponent)?      ; ^ and ** are the same
    exponent := ('-' | '+') exponent | power                 ; so 2^3^2 = 2^(3^2)
    primary  := number | name | function '(' args ')' | '√' power
              | '(' sum ')' | '(' sum (',' sum)+ ')' | '[' items ']' | '{' items? '}'

So power binds tighter than unary minus (-x^2 = -(x^2)) and than implicit
multiplication (e^2x = e^2 * x), and implicit multiplication binds like * (x^1/2 = x/2).
"""

from __future__ import annotations

from tutor.errors import LimitError, ParseError
from tutor.language import nodes
from tutor.language.tokens import OPENING, Token, tokenize
from tutor.language.vocabulary import Vocabulary
from tutor.limits import DEFAULT_LIMITS, Limits

_STARTS_PRIMARY = {"number", "name", "sqrt"}


def parse_tree(text: str, vocabulary: Vocabulary | None = None, limits: Limits = DEFAULT_LIMITS):
    """Return the syntax tree of ``text``; raise ParseError (or LimitError)."""
    if not isinstance(text, str):
        raise ParseError("an answer must be text")
    if len(text) > limits.max_length:
        raise LimitError(f"the answer is {len(text)} characters long (limit {limits.max_length})")
    if not text.strip():
        raise ParseError("the answer is empty")
    return _Parser(tokenize(text), vocabulary or Vocabulary(), limits).parse()


class _Parser:
    def __init__(self, tokens: list[Token], vocabulary: Vocabulary, limits: Limits):
        self.tokens = tokens
        self.pos = 0
        self.vocabulary = vocabulary
        self.limits = limits
        self.depth = 0
        self.open_brackets: list[Token] = []

    # -- helpers --------------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def is_op(self, *ops: str, token: Token | None = None) -> bool:
        token = token or self.token
        return token.kind == "op" and token.text in ops

    def advance(self) -> Token:
        token = self.token
        self.pos += 1
        return token

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise LimitError(f"the answer nests deeper than {self.limits.max_depth} levels", column)

    def unexpected(self, token: Token | None = None) -> ParseError:
        token = token or self.token
        if token.kind == "end":
            if self.open_brackets:
                opener = self.open_brackets[-1]
                return ParseError(f"missing '{OPENING[opener.text]}' to close the '{opener.text}' at column "
                                  f"{opener.column}", token.column, located=True)
            return ParseError("the answer ends too early", token.column)
        if self.is_op(")", "]", "}", token=token):
            if not self.open_brackets:
                return ParseError(f"unexpected '{token.text}' with no opening bracket", token.column)
            opener = self.open_brackets[-1]
            if token.text != OPENING[opener.text]:
                return ParseError(f"'{token.text}' at column {token.column} does not match the "
                                  f"'{opener.text}' at column {opener.column}", token.column, located=True)
        if token.kind == "superscript":
            return ParseError("unexpected superscript; write ^ for a power of a power", token.column)
        if self.is_op("=", "==", "<", ">", "<=", ">=", "!=", token=token):
            return ParseError(f"unexpected '{token.text}': write only the answer, not an equation",
                              token.column)
        return ParseError(f"unexpected '{token.text}'", token.column)

    def expect(self, op: str) -> Token:
        if not self.is_op(op):
            raise self.unexpected()
        return self.advance()

    # -- grammar --------------------------------------------------------------
    def parse(self):
        tree = self.sum()
        if self.vocabulary.relations and self.is_op("=", "==", "!=", "<", "<=", ">", ">="):
            op = self.advance()
            tree = nodes.BinaryOp(op.text, tree, self.sum(), op.column)
        if self.token.kind != "end":
            raise self.unexpected()
        return tree

    def sum(self):
        left = self.term()
        while self.is_op("+", "-"):
            op = self.advance()
            left = nodes.BinaryOp(op.text, left, self.term(), op.column)
        return left

    def term(self):
        left = self.unary()
        while True:
            token = self.token
            if self.is_op("*", "/"):
                self.advance()
                left = nodes.BinaryOp(token.text, left, self.unary(), token.column)
            elif token.kind in _STARTS_PRIMARY or self.is_op("(", "[", "{"):
                if token.kind == "number":
                    raise ParseError(
                        f"a number cannot follow '{self._previous_text()}' without an operator; write * between them",
                        token.column)
                left = nodes.BinaryOp("*", left, self.power(), token.column)
            else:
                return left

    def unary(self):
        if self.is_op("-", "+"):
            sign = self.advance()
            self.enter(sign.column)
            operand = self.unary()
            self.depth -= 1
            return nodes.Negate(operand, sign.column) if sign.text == "-" else operand
        return self.power()

    def power(self):
        base = self.primary()
        token = self.token
        if token.kind == "superscript":
            self.advance()
            return nodes.BinaryOp("^", base, self._superscript_node(token), token.column)
        if self.is_op("^"):
            self.advance()
            self.enter(token.column)
            exponent = self.exponent()
            self.depth -= 1
            return nodes.BinaryOp("^", base, exponent, token.column)
        return base

    def exponent(self):
        if self.is_op("-", "+"):
            sign = self.advance()
            self.enter(sign.column)
            operand = self.exponent()
            self.depth -= 1
            return nodes.Negate(operand, sign.column) if sign.text == "-" else operand
        if self.token.kind == "end":
            raise ParseError("'^' needs an exponent after it", self.token.column)
        return self.power()

    def primary(self):
        token = self.token
        if token.kind == "number":
            self.advance()
            return nodes.Number(token.text, token.column)
        if token.kind == "name":
            return self.name()
        if token.kind == "sqrt":
            self.advance()
            self.enter(token.column)
            operand = self.power()
            self.depth -= 1
            return nodes.Call("sqrt", (operand,), token.column)
        if self.is_op("(", "[", "{"):
            return self.bracketed()
        raise self.unexpected()

    def bracketed(self):
        opener = self.advance()
        closer = OPENING[opener.text]
        self.enter(opener.column)
        self.open_brackets.append(opener)
        items = []
        if self.is_op(closer):
            if opener.text != "{":
                raise ParseError(f"empty brackets '{opener.text}{closer}'", opener.column)
        else:
            items.append(self.sum())
            while self.is_op(","):
                self.advance()
                items.append(self.sum())
        self.expect(closer)
        self.open_brackets.pop()
        self.depth -= 1
        if opener.text == "(" and len(items) == 1:
            return items[0]
        kind = {"(": "tuple", "[": "vector", "{": "set"}[opener.text]
        return nodes.Sequence(kind, tuple(items), opener.column)

    def name(self):
        token = self.advance()
        vocabulary = self.vocabulary
        name = token.text
        if vocabulary.is_variable(name):
            return nodes.Variable(name, token.column)
        if vocabulary.is_function(name):
            return self.call(name, token.column)
        if vocabulary.is_constant(name):
            return nodes.Constant(name, token.column)
        if vocabulary.variables is None:
            return nodes.Variable(name, token.column)
        return self.split_name(token)

    def call(self, function: str, column: int):
        power = None
        if self.token.kind == "superscript" or (self.is_op("^") and self.peek().kind == "number"):
            # sin^2(x) and sin²(x) mean sin(x)^2
            marker = self.advance()
            exponent = marker.text if marker.kind == "superscript" else self.advance().text
            if not exponent.isdigit() or not self.is_op("("):
                raise ParseError(f"write {function}(x)^n for a power of {function}", marker.column)
            power = int(exponent)
            if power > self.limits.max_exponent:
                raise LimitError(f"exponent {power} is too large (limit {self.limits.max_exponent})", marker.column)
        if not self.is_op("("):
            raise ParseError(f"{function} needs its argument in parentheses, as in {function}(x)", column)
        opener = self.advance()
        self.enter(opener.column)
        self.open_brackets.append(opener)
        args = [self.sum()]
        while self.is_op(","):
            self.advance()
            args.append(self.sum())
        self.expect(")")
        self.open_brackets.pop()
        self.depth -= 1
        fewest, most = self.vocabulary.functions[function]
        if not fewest <= len(args) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise ParseError(f"{function} takes {wanted} argument{'s' if most > 1 else ''}, not {len(args)}", column)
        return nodes.Call(function, tuple(args), column, power)

    def split_name(self, token: Token):
        """Read an undeclared run of letters as a product: 2xy is 2*x*y, xsin(x) is x*sin(x).

        The run is replaced by one token per factor, so each binds as written:
        xy^2 is x*y^2.
        """
        name, column = token.text, token.column
        vocabulary = self.vocabulary
        letters_declared = [vocabulary.is_variable(c) for c in name]
        parts = None
        if self.is_op("("):
            for cut in range(1, len(name)):
                if vocabulary.is_function(name[cut:]) and all(letters_declared[:cut]):
                    parts = list(name[:cut]) + [name[cut:]]
                    break
            else:
                if not all(letters_declared):
                    raise ParseError(f"unknown function {_shortened(name)}", column)
        if parts is None and all(letters_declared):
            parts = list(name)
        if parts is None:
            raise ParseError(f"unknown variable {_shortened(name)}: {vocabulary.describe_variables()}", column)
        split = [Token("name", part, column + offset)
                 for part, offset in zip(parts, [0] + [len("".join(parts[:k])) for k in range(1, len(parts))])]
        self.pos -= 1
        self.tokens[self.pos:self.pos + 1] = split
        return self.primary()

    def _superscript_node(self, token: Token):
        digits = token.text
        if digits[0] in "+-":
            number = nodes.Number(digits[1:], token.column)
            return nodes.Negate(number, token.column) if digits[0] == "-" else number
        return nodes.Number(digits, token.column)

    def _previous_text(self) -> str:
        return self.tokens[self.pos - 1].text if self.pos else ""


def _shortened(name: str, limit: int = 40) -> str:
    """A name as echoed in a message: long ones are cut, so the message stays one short line."""
    return name if len(name) <= limit else name[:limit - 1] + "…"
