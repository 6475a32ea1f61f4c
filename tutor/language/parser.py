"""Parse tokens of the student input language into a syntax tree (no evaluation).

Grammar, loosest binding first::

    answer   := sum END          ; exercise constraints may add: sum ('=='|'<'|...) sum
    ; the answer kinds equation and interval read a statement instead:
    statement := conjunction (('or' | 'U' | '∪') conjunction)*
    conjunction := form ('and' | '∩') form)*
    form     := ('(' | '[') sum ',' sum (')' | ']')      ; an interval, ends may be -oo, oo, ∞
              | sum (('=' | '<' | '<=' | '>' | '>=') sum)*   ; a = b, or a < x <= b
    sum      := term (('+' | '-') term)*
    term     := unary (('*' | '/') unary | <juxtaposition> power)*
    unary    := ('-' | '+') unary | power
    power    := primary (superscript | '^' exponent)?      ; ^ and ** are the same
    exponent := ('-' | '+') exponent | power                 ; so 2^3^2 = 2^(3^2)
    primary  := number | name | function '(' args ')' | '√' power
              | '(' sum ')' | '(' sum (',' sum)+ ')' | '[' items ']' | '{' items? '}'

So power binds tighter than unary minus (-x^2 = -(x^2)) and than implicit
multiplication (x^2y = x^2 * y), and implicit multiplication binds like *.

Forms that readers take two ways are refused with both readings, never guessed
(DESIGN.md, rules a, b, c): e or a number raised to an unbracketed exponent that
an implicit product continues at once (e^2x, e^-3x^2, 2^3x); a division whose
unbracketed denominator an implicit product continues at once (1/2x, x/2y); an
exponent of 1 or -1 divided by a number (x^1/2). A space ends an exponent or a
denominator (e^2 x, 1/2 x); brackets or an explicit * decide.

With no declared variables, a run of letters that is not a function, pi, e, a
Greek letter's name or an indexed name (x1, w_11, y_hat) splits into one-letter
variables: 12mb is 12*m*b, xsin(x) is x*sin(x).
"""

from __future__ import annotations

import re

from tutor.errors import LimitError, ParseError
from tutor.language import nodes
from tutor.language.tokens import OPENING, SPACES, Token, tokenize
from tutor.language.vocabulary import CONNECTIVES, CONSTANTS, FUNCTIONS, GREEK_NAMES, INFINITY, Vocabulary
from tutor.limits import DEFAULT_LIMITS, Limits

_STARTS_PRIMARY = frozenset({"number", "name", "sqrt"})
_ADDITIVE = frozenset({"+", "-"})
_MULTIPLICATIVE = frozenset({"*", "/"})
_CLOSING = {")", "]", "}"}
_PLAIN = Vocabulary()  # when none is given: no declared variables
_INDEXED = re.compile(r"[A-Za-z][0-9]*")  # one letter and the digits of its index: x, x1, w11
# words that must not hide inside a run of letters when variables are inferred (sinx, 2pix, thetax)
# an undeclared run of this many letters or more right before ( names a function (relu(x)), not a product
UNKNOWN_FUNCTION_LETTERS = 3
_WORDS = tuple(sorted((w for w in (*FUNCTIONS, *GREEK_NAMES) if len(w) >= 3), key=len, reverse=True)) + ("pi",)


_REMEMBERED_LENGTH = 200  # texts up to this long are remembered with their trees
# texts remembered (the oldest is forgotten first): few, for a text read again soon (a check, then its
# diagnosis); ExpectedAnswer remembers its own answers' verdicts, and a long-lived cache of trees
# costs the garbage collector more work than it saves
_REMEMBERED = 64
_trees: dict = {}  # (text, id(vocabulary), id(limits)) -> (vocabulary, limits, tree)


def parse_tree(text: str, vocabulary: Vocabulary | None = None, limits: Limits = DEFAULT_LIMITS):
    """Return the syntax tree of ``text``; raise ParseError (or LimitError).

    Trees are immutable, so a short text read again with the same vocabulary and limits
    (the same answer from another student) gets the tree it got before."""
    if not isinstance(text, str):
        raise ParseError("an answer must be text")
    if len(text) > limits.max_length:
        raise LimitError(f"the answer is {len(text)} characters long (limit {limits.max_length})")
    if vocabulary is None:
        vocabulary = _PLAIN
    key = (text, id(vocabulary), id(limits))  # both are long-lived: known by identity, not hashed
    found = _trees.get(key)
    if found is not None and found[0] is vocabulary and found[1] is limits:
        return found[2]
    if not text.strip():
        raise ParseError("the answer is empty")
    tree = _Parser(text, tokenize(text), vocabulary, limits).parse()
    if len(text) <= _REMEMBERED_LENGTH:
        if len(_trees) >= _REMEMBERED:
            del _trees[next(iter(_trees))]
        _trees[key] = (vocabulary, limits, tree)
    return tree


class _Parser:
    def __init__(self, text: str, tokens: list[Token], vocabulary: Vocabulary, limits: Limits):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.vocabulary = vocabulary
        self.limits = limits
        self.depth = 0
        self.open_brackets: list[Token] = []
        # x^1 or x^-1 right before a '/': id of the '/' -> its (slash, base, caret, exponent) tokens
        self.unit_powers: dict = {}

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
        if self.vocabulary.forms:
            tree = self.statement()
            if self.token.kind != "end":
                raise self.unexpected()
            return tree
        tree = self.sum()
        if self.vocabulary.relations and self.is_op("=", "==", "!=", "<", "<=", ">", ">="):
            op = self.advance()
            tree = nodes.BinaryOp(op.text, tree, self.sum(), op.column)
        if self.token.kind != "end":
            raise self.unexpected()
        return tree

    # -- equations, inequalities, intervals (vocabulary.forms) ------------------------------
    def connective(self, token: Token | None = None) -> str | None:
        """'and' or 'or' when the token joins two inequalities or intervals."""
        token = token or self.token
        if not self.vocabulary.forms:
            return None
        if token.kind == "op" and token.text in ("∪", "∩"):
            return "or" if token.text == "∪" else "and"
        if token.kind == "name" and token.text in CONNECTIVES and not self.vocabulary.is_variable(token.text):
            return CONNECTIVES[token.text]
        return None

    def statement(self):
        return self._joined("or", self.conjunction)

    def conjunction(self):
        return self._joined("and", self.form)

    def _joined(self, op: str, part):
        start = self.token
        items = [part()]
        while self.connective() == op:
            self.advance()
            items.append(part())
        return items[0] if len(items) == 1 else nodes.Logic(op, tuple(items), start.column)

    def form(self):
        start = self.token
        interval = self.interval()
        if interval is not None:
            return interval
        operands, ops = [self.sum()], []
        while self.is_op("=", "==", "<", "<=", ">", ">="):
            op = self.advance()
            ops.append("=" if op.text == "==" else op.text)
            operands.append(self.sum())
        if not ops:
            return operands[0]
        if "=" in ops and len(ops) > 1:
            raise ParseError("an equation has one '=' (and no < or >)", start.column)
        return nodes.Relation(tuple(ops), tuple(operands), start.column)

    def interval(self):
        """(a, b), [a, b], (a, b], [a, b) when the text here is one, else None (nothing read)."""
        if not self.is_op("(", "["):
            return None
        state = (self.pos, self.depth, list(self.open_brackets))
        opener = self.advance()
        self.enter(opener.column)
        self.open_brackets.append(opener)
        low = self.sum()
        if self.is_op(","):
            self.advance()
            high = self.sum()
            if self.is_op(")", "]"):
                closer = self.advance()
                if self.token.kind == "end" or self.connective() or self.is_op(")"):
                    self.open_brackets.pop()
                    self.depth -= 1
                    return nodes.Interval(low, high, opener.text == "[", closer.text == "]", opener.column)
        self.pos, self.depth, self.open_brackets = state
        return None

    # The hot rules below read self.tokens[self.pos] directly rather than through
    # self.token and is_op: they run for every token of every answer.
    def sum(self):
        tokens = self.tokens  # split_name changes this list in place, so it stays current
        left = self.term()
        while True:
            op = tokens[self.pos]
            if op.kind != "op" or op.text not in _ADDITIVE:
                return left
            self.pos += 1
            left = nodes.BinaryOp(op.text, left, self.term(), op.column)

    def term(self):
        tokens = self.tokens
        start = tokens[self.pos]
        # unary, called only for a sign: most operands go straight to power
        left = self.unary() if start.kind == "op" and start.text in _ADDITIVE else self.power()
        while True:
            token = tokens[self.pos]
            kind = token.kind
            if kind == "op":
                text = token.text
                if text in _MULTIPLICATIVE:
                    self.pos += 1
                    first = self.pos
                    operand = tokens[first]
                    right = self.unary() if operand.kind == "op" and operand.text in _ADDITIVE else self.power()
                    if text == "/":
                        self._check_division(start, token, first, right)
                    left = nodes.BinaryOp(text, left, right, token.column)
                    continue
                if text not in OPENING or self.connective(token):
                    return left
            elif kind not in _STARTS_PRIMARY or self.connective(token):
                return left
            elif kind == "number":
                raise ParseError(
                    f"a number cannot follow '{self._previous_text()}' without an operator; write * between them",
                    token.column)
            left = nodes.BinaryOp("*", left, self.power(), token.column)

    def unary(self):
        sign = self.tokens[self.pos]
        if sign.kind == "op" and sign.text in _ADDITIVE:
            self.pos += 1
            self.enter(sign.column)
            operand = self.unary()
            self.depth -= 1
            return nodes.Negate(operand, sign.column) if sign.text == "-" else operand
        return self.power()

    def power(self):
        tokens = self.tokens
        start = tokens[self.pos]
        if start.kind == "number":  # primary's first case, the commonest, read here
            self.pos += 1
            base = nodes.Number(start.text, start.column)
        else:
            base = self.primary()
        token = tokens[self.pos]
        kind = token.kind
        if kind == "superscript":
            self.pos += 1
            return nodes.BinaryOp("^", base, self._superscript_node(token), token.column)
        if kind == "op" and token.text == "^":
            self.pos += 1
            self.enter(token.column)
            first = self.pos
            exponent = self.exponent()
            self.depth -= 1
            node = nodes.BinaryOp("^", base, exponent, token.column)
            if self._continues_product() and _is_e_or_number(start, base) and not self._one_group(first):
                raise self._ambiguous_exponent(start, token, first)
            if _is_unit(exponent) and self.is_op("/") and not self._one_group(first):
                self.unit_powers[id(self.token)] = (self.token, start, token, self.tokens[first])
            return node
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
        token = self.tokens[self.pos]
        kind = token.kind
        if kind == "number":
            self.pos += 1
            return nodes.Number(token.text, token.column)
        if kind == "name":
            return self.name()
        if kind == "sqrt":
            self.advance()
            self.enter(token.column)
            operand = self.power()
            self.depth -= 1
            return nodes.Call("sqrt", (operand,), token.column)
        if kind == "op" and token.text in OPENING:
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
        token = self.tokens[self.pos]
        self.pos += 1
        vocabulary = self.vocabulary
        name = token.text
        variables = vocabulary.variables  # vocabulary.is_variable(name), inline: most names are variables
        if variables is not None and name in variables:
            return nodes.Variable(name, token.column)
        if name == INFINITY:
            if not vocabulary.forms:
                raise ParseError("∞ (oo) can only be an end of an interval", token.column)
            return nodes.Constant(name, token.column)
        if vocabulary.infers:
            return self.inferred_name(token)
        if vocabulary.is_function(name):
            return self.call(name, token.column)
        if vocabulary.is_constant(name):
            return nodes.Constant(name, token.column)
        return self.split_name(token)

    def inferred_name(self, token: Token):
        """A name when no variables were declared: a function, pi, e, a Greek letter's name
        or an indexed name (x1, w_11, y_hat) stands whole; any other run of letters splits."""
        name = token.text
        if name in self.vocabulary.functions and not (name in GREEK_NAMES and not self._calls()):
            return self.call(name, token.column)  # sigma(z) is the function, sigma^2 a variable
        if name in CONSTANTS:
            return nodes.Constant(name, token.column)
        if name in GREEK_NAMES or "_" in name or _INDEXED.fullmatch(name):
            return nodes.Variable(name, token.column)
        return self.split_name(token)

    def _calls(self) -> bool:
        """The tokens after a function's name call it: (, or a power then ( as in sin^2(x)."""
        if self.is_op("("):
            return True
        if self.token.kind == "superscript":
            return self.is_op("(", token=self.peek())
        return self.is_op("^") and self.peek().kind == "number" and self.is_op("(", token=self.peek(2))

    def call(self, function: str, column: int):
        power = None
        if self.token.kind == "superscript" or (self.is_op("^") and self.peek().kind == "number"):
            # sin^2(x) and sin²(x) mean sin(x)^2
            marker = self.advance()
            exponent = marker.text if marker.kind == "superscript" else self.advance().text
            if not exponent.isdigit() or not self.is_op("("):
                raise ParseError(f"write {function}(x)^n for a power of {function}", marker.column)
            power = int(exponent)
            if power > self.limits.max_degree:
                raise LimitError(f"exponent {power} is too large (limit {self.limits.max_degree})", marker.column)
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
        parts = self._inferred_parts(name, column) if self.vocabulary.infers else self._declared_parts(name, column)
        split = [Token("name", part, column + offset)
                 for part, offset in zip(parts, [0] + [len("".join(parts[:k])) for k in range(1, len(parts))])]
        self.pos -= 1
        self.tokens[self.pos:self.pos + 1] = split
        return self.primary()

    def _declared_parts(self, name: str, column: int) -> list[str]:
        """The declared one-letter variables (and e, unless declared) that a run is a product of."""
        vocabulary = self.vocabulary
        calls = self.is_op("(")
        letters_known = [vocabulary.is_variable(c) or (c == "e" and not calls and vocabulary.is_constant(c))
                         for c in name]
        if calls:
            for cut in range(1, len(name)):
                if vocabulary.is_function(name[cut:]) and all(letters_known[:cut]):
                    return list(name[:cut]) + [name[cut:]]
            if not all(letters_known):
                raise ParseError(f"unknown function {_shortened(name)}", column)
        if all(letters_known):
            return list(name)
        raise ParseError(f"unknown variable {_shortened(name)}: {vocabulary.describe_variables()}", column)

    def _inferred_parts(self, name: str, column: int) -> list[str]:
        """A run of letters read as a maths book means it: one variable per letter (with the
        digits of its index), a function before ( kept whole: xsin(x) is x*sin(x); a run of three
        or more letters before ( that ends in no function (relu(x)) is an unknown function."""
        prefix, function = name, []
        if self.is_op("("):
            for cut in range(1, len(name)):
                if name[cut:] in self.vocabulary.functions:
                    prefix, function = name[:cut], [name[cut:]]
                    break
        for word in _WORDS:
            if word in prefix:
                shown = _shortened(name)
                if word in FUNCTIONS:
                    raise ParseError(f"cannot read '{shown}': write {word}(...) with brackets for the "
                                     f"function, or * between the letters", column)
                raise ParseError(f"cannot read '{shown}': put a space or * around {word}", column)
        if not function and self.is_op("(") and len(name) >= UNKNOWN_FUNCTION_LETTERS and name.isalpha():
            # relu(x), max(0, x): a book means a function here, not r·e·l·u·x
            raise ParseError(f"unknown function {_shortened(name)} (for a product, write * between the letters)",
                             column)
        return _INDEXED.findall(prefix) + function

    # -- ambiguity: asked about, never guessed ------------------------------------------
    def _spaced(self, token: Token) -> bool:
        """True when whitespace comes right before ``token`` in the text."""
        return token.column >= 2 and self.text[token.column - 2] in SPACES

    def _continues_product(self) -> bool:
        """The current token multiplies implicitly and is written at once, with no space."""
        token = self.token
        return (token.kind in ("name", "sqrt") or self.is_op("(", "[", "{")) and not self._spaced(token)

    def _one_group(self, first: int) -> bool:
        """True when the tokens from index ``first`` to the current one are one bracketed group."""
        if not self.is_op("(", "[", "{", token=self.tokens[first]):
            return False
        depth = 0
        for index in range(first, self.pos):
            token = self.tokens[index]
            if token.kind == "op" and token.text in OPENING:
                depth += 1
            elif token.kind == "op" and token.text in _CLOSING:
                depth -= 1
                if depth == 0:
                    return index == self.pos - 1
        return False

    def _source(self, start: Token, stop: Token) -> str:
        """The text as written from ``start`` up to (not including) ``stop``."""
        return self.text[start.column - 1:stop.column - 1].strip()

    def _end_of_product(self) -> Token:
        """The token after the implicit product that starts at the current token (x^2 in e^-3x^2 + 1)."""
        depth = 0
        index = self.pos
        tokens = self.tokens
        while True:
            token = tokens[index]
            if token.kind == "end":
                return token
            if token.kind == "op":
                if token.text in OPENING:
                    depth += 1
                elif token.text in _CLOSING:
                    if depth == 0:
                        return token
                    depth -= 1
                elif depth == 0 and token.text != "^":
                    return token
                elif token.text == "^" and self.is_op("+", "-", token=tokens[index + 1]):
                    index += 1
            elif depth == 0 and index > self.pos and self._spaced(token):
                return token
            index += 1

    def _ambiguous_exponent(self, start: Token, caret: Token, first: int) -> ParseError:
        """Rule (a): e^2x is e^(2x) to some readers and e^2·x to others."""
        base = self._source(start, caret)
        exponent = self._source(self.tokens[first], self.token)
        rest = self._source(self.token, self._end_of_product())
        return _ambiguity(f"{base}^({exponent}{rest})", f"{base}^{_grouped(exponent)}·{rest}", start.column)

    def _check_division(self, start: Token, slash: Token, first: int, denominator) -> None:
        """Rules (c) x^1/2 and (b) 1/2x, checked just after a denominator is read."""
        if id(slash) in self.unit_powers and isinstance(denominator, nodes.Number) \
                and self.tokens[first].kind == "number":
            _, base_start, caret, exponent_start = self.unit_powers[id(slash)]
            base, exponent = self._source(base_start, caret), self._source(exponent_start, slash)
            number = self._source(self.tokens[first], self.token)
            raise _ambiguity(f"{base}^({exponent}/{number})", f"({base}^{exponent})/{number}", slash.column)
        if self._continues_product() and not self._one_group(first):
            above = self._source(start, slash)
            below = self._source(self.tokens[first], self.token)
            rest = self._source(self.token, self._end_of_product())
            raise _ambiguity(f"{above}/({below}{rest})", f"({above}/{below})·{rest}", slash.column)

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


def _ambiguity(one: str, other: str, column: int) -> ParseError:
    return ParseError(f"ambiguous: write {one} or {other} (at column {column})", column, located=True)


def _grouped(text: str) -> str:
    """An exponent as written after ^ on its own: 2 and x stay bare, -3 becomes (-3)."""
    return text if all(c.isalnum() or c in "_." for c in text) else f"({text})"


def _is_e_or_number(start: Token, base) -> bool:
    """The base of rule (a): a number, or e (Euler's number), written as such."""
    return start.kind == "number" or (start.kind == "name" and isinstance(base, nodes.Constant)
                                      and base.name == "e")


def _is_unit(exponent) -> bool:
    """An exponent of 1 or -1, as in x^1/2 and x^-1/2 (rule c)."""
    if isinstance(exponent, nodes.Negate):
        exponent = exponent.operand
    return isinstance(exponent, nodes.Number) and exponent.text == "1"

