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
from tutor.language.nodes import BinaryOp, Negate, Number, Variable
from tutor.language.tokens import OPENING, SPACES, Token, tokenize
from tutor.language.vocabulary import CONNECTIVES, CONSTANTS, FUNCTIONS, GREEK_NAMES, INFINITY, Vocabulary
from tutor.limits import DEFAULT_LIMITS, Limits

_STARTS_PRIMARY = frozenset({"number", "name", "sqrt"})
_ADDITIVE = frozenset({"+", "-"})
_MULTIPLICATIVE = frozenset({"*", "/"})
_CLOSING = frozenset({")", "]", "}"})
_COMPARISONS = frozenset({"=", "==", "<", ">", "<=", ">=", "!="})
_SEQUENCE_KINDS = {"(": "tuple", "[": "vector", "{": "set"}
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
    """One reading of one text. Tokens are plain tuples (kind, text, column): the rules
    unpack them or read token[0] (kind) and token[1] (text) in place."""

    def __init__(self, text: str, tokens: list[Token], vocabulary: Vocabulary, limits: Limits):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.vocabulary = vocabulary
        self.variables = vocabulary.variables  # None when they are inferred
        self.limits = limits
        self.depth = 0
        self.open_brackets: list[Token] = []
        # x^1 or x^-1 right before a '/': id of the '/' -> its (slash, base, caret, exponent) tokens
        self.unit_powers: dict = {}

    # -- helpers --------------------------------------------------------------
    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def is_op(self, *ops: str, token: Token | None = None) -> bool:
        token = token or self.tokens[self.pos]
        return token[0] == "op" and token[1] in ops

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise LimitError(f"the answer nests deeper than {self.limits.max_depth} levels", column)

    def unexpected(self, token: Token | None = None) -> ParseError:
        kind, text, column = token or self.tokens[self.pos]
        if kind == "end":
            if self.open_brackets:
                _, opening, opened = self.open_brackets[-1]
                return ParseError(f"missing '{OPENING[opening]}' to close the '{opening}' at column "
                                  f"{opened}", column, located=True)
            return ParseError("the answer ends too early", column)
        if kind == "op" and text in _CLOSING:
            if not self.open_brackets:
                return ParseError(f"unexpected '{text}' with no opening bracket", column)
            _, opening, opened = self.open_brackets[-1]
            if text != OPENING[opening]:
                return ParseError(f"'{text}' at column {column} does not match the "
                                  f"'{opening}' at column {opened}", column, located=True)
        if kind == "superscript":
            return ParseError("unexpected superscript; write ^ for a power of a power", column)
        if kind == "op" and text in _COMPARISONS:
            return ParseError(f"unexpected '{text}': write only the answer, not an equation", column)
        return ParseError(f"unexpected '{text}'", column)

    def expect(self, op: str) -> Token:
        token = self.tokens[self.pos]
        if token[0] != "op" or token[1] != op:
            raise self.unexpected()
        self.pos += 1
        return token

    # -- grammar --------------------------------------------------------------
    def parse(self):
        if self.vocabulary.forms:
            tree = self.statement()
            if self.tokens[self.pos][0] != "end":
                raise self.unexpected()
            return tree
        tree = self.sum()
        if self.vocabulary.relations and self.is_op("=", "==", "!=", "<", "<=", ">", ">="):
            _, op, column = self.advance()
            tree = BinaryOp(op, tree, self.sum(), column)
        if self.tokens[self.pos][0] != "end":
            raise self.unexpected()
        return tree

    # -- equations, inequalities, intervals (vocabulary.forms) ------------------------------
    def connective(self, token: Token | None = None) -> str | None:
        """'and' or 'or' when the token joins two inequalities or intervals."""
        if not self.vocabulary.forms:
            return None
        kind, text, _ = token or self.tokens[self.pos]
        if kind == "op" and text in ("∪", "∩"):
            return "or" if text == "∪" else "and"
        if kind == "name" and text in CONNECTIVES and not self.vocabulary.is_variable(text):
            return CONNECTIVES[text]
        return None

    def statement(self):
        return self._joined("or", self.conjunction)

    def conjunction(self):
        return self._joined("and", self.form)

    def _joined(self, op: str, part):
        column = self.tokens[self.pos][2]
        items = [part()]
        while self.connective() == op:
            self.pos += 1
            items.append(part())
        return items[0] if len(items) == 1 else nodes.Logic(op, tuple(items), column)

    def form(self):
        column = self.tokens[self.pos][2]
        interval = self.interval()
        if interval is not None:
            return interval
        operands, ops = [self.sum()], []
        while self.is_op("=", "==", "<", "<=", ">", ">="):
            op = self.advance()[1]
            ops.append("=" if op == "==" else op)
            operands.append(self.sum())
        if not ops:
            return operands[0]
        if "=" in ops and len(ops) > 1:
            raise ParseError("an equation has one '=' (and no < or >)", column)
        return nodes.Relation(tuple(ops), tuple(operands), column)

    def interval(self):
        """(a, b), [a, b], (a, b], [a, b) when the text here is one, else None (nothing read)."""
        if not self.is_op("(", "["):
            return None
        state = (self.pos, self.depth, list(self.open_brackets))
        opener = self.advance()
        self.enter(opener[2])
        self.open_brackets.append(opener)
        low = self.sum()
        if self.is_op(","):
            self.pos += 1
            high = self.sum()
            if self.is_op(")", "]"):
                closer = self.advance()
                if self.tokens[self.pos][0] == "end" or self.connective() or self.is_op(")"):
                    self.open_brackets.pop()
                    self.depth -= 1
                    return nodes.Interval(low, high, opener[1] == "[", closer[1] == "]", opener[2])
        self.pos, self.depth, self.open_brackets = state
        return None

    # The hot rules below read tokens in place rather than through a token property and is_op,
    # read a term in sum's own loop, and numbers and declared variables in power's: they
    # run for every token of every answer.
    def sum(self):
        """sum := term (('+' | '-') term)*; each term, unary (('*' | '/') unary | <juxtaposition> power)*,
        read in the inner loop."""
        tokens = self.tokens  # split_name changes this list in place, so it stays current
        forms = self.vocabulary.forms
        total = sign = None
        while True:
            start = tokens[self.pos]
            left = self.unary() if start[0] == "op" and start[1] in _ADDITIVE else self.power()
            while True:
                token = tokens[self.pos]
                kind, text, column = token
                if kind == "op":
                    if text in _MULTIPLICATIVE:
                        self.pos += 1
                        first = self.pos
                        operand = tokens[first]
                        right = self.unary() if operand[0] == "op" and operand[1] in _ADDITIVE else self.power()
                        if text == "/":
                            self._check_division(start, token, first, right)
                        left = BinaryOp(text, left, right, column)
                        continue
                    if text not in OPENING:
                        break
                elif kind not in _STARTS_PRIMARY or (forms and self.connective(token)):
                    break
                elif kind == "number":
                    raise ParseError(
                        f"a number cannot follow '{self._previous_text()}' without an operator; write * between them",
                        column)
                left = BinaryOp("*", left, self.power(), column)
            total = left if sign is None else BinaryOp(sign[1], total, left, sign[2])
            if kind != "op" or text not in _ADDITIVE:
                return total
            sign = token
            self.pos += 1

    def unary(self):
        sign = self.tokens[self.pos]
        if sign[0] == "op" and sign[1] in _ADDITIVE:
            self.pos += 1
            self.enter(sign[2])
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, sign[2]) if sign[1] == "-" else operand
        return self.power()

    def power(self):
        tokens = self.tokens
        start = tokens[self.pos]
        kind, text, column = start
        variables = self.variables
        if kind == "number":  # primary's commonest cases, read here
            self.pos += 1
            base = Number(text, column)
        elif kind == "name" and variables is not None and text in variables:
            self.pos += 1
            base = Variable(text, column)
        elif kind == "op" and text in OPENING:
            base = self.bracketed()
        else:
            base = self.primary()
        caret = tokens[self.pos]
        kind = caret[0]
        if kind == "op":
            if caret[1] != "^":
                return base
            self.pos += 1
            self.enter(caret[2])
            first = self.pos
            exponent = tokens[first]
            after = tokens[first + 1] if exponent[0] == "number" else None
            if after is not None and after[0] != "superscript" and (after[0] != "op" or after[1] != "^"):
                self.pos += 1  # a number, the commonest exponent (exponent's last case, read here)
                exponent = Number(exponent[1], exponent[2])
            else:
                exponent = self.exponent()
            self.depth -= 1
            node = BinaryOp("^", base, exponent, caret[2])
            if _is_e_or_number(start, base) and self._continues_product() and not self._one_group(first):
                raise self._ambiguous_exponent(start, caret, first)
            slash = tokens[self.pos]
            if slash[0] == "op" and slash[1] == "/" and _is_unit(exponent) and not self._one_group(first):
                self.unit_powers[id(slash)] = (slash, start, caret, tokens[first])
            return node
        if kind == "superscript":
            self.pos += 1
            return BinaryOp("^", base, self._superscript_node(caret), caret[2])
        return base

    def exponent(self):
        kind, text, column = self.tokens[self.pos]
        if kind == "op" and text in _ADDITIVE:
            self.pos += 1
            self.enter(column)
            operand = self.exponent()
            self.depth -= 1
            return Negate(operand, column) if text == "-" else operand
        if kind == "end":
            raise ParseError("'^' needs an exponent after it", column)
        return self.power()

    def primary(self):
        kind, text, column = self.tokens[self.pos]
        if kind == "number":
            self.pos += 1
            return Number(text, column)
        if kind == "name":
            return self.name()
        if kind == "sqrt":
            self.pos += 1
            self.enter(column)
            operand = self.power()
            self.depth -= 1
            return nodes.Call("sqrt", (operand,), column)
        if kind == "op" and text in OPENING:
            return self.bracketed()
        raise self.unexpected()

    def bracketed(self):
        tokens = self.tokens
        opener = tokens[self.pos]
        self.pos += 1
        _, opening, column = opener
        closer = OPENING[opening]
        self.enter(column)
        self.open_brackets.append(opener)
        items = []
        token = tokens[self.pos]
        if token[0] == "op" and token[1] == closer:
            if opening != "{":
                raise ParseError(f"empty brackets '{opening}{closer}'", column)
        else:
            items.append(self.sum())
            token = tokens[self.pos]
            while token[0] == "op" and token[1] == ",":
                self.pos += 1
                items.append(self.sum())
                token = tokens[self.pos]
        if token[0] != "op" or token[1] != closer:
            raise self.unexpected()
        self.pos += 1
        self.open_brackets.pop()
        self.depth -= 1
        if opening == "(" and len(items) == 1:
            return items[0]
        return nodes.Sequence(_SEQUENCE_KINDS[opening], tuple(items), column)

    def name(self):
        token = self.tokens[self.pos]
        self.pos += 1
        vocabulary = self.vocabulary
        _, name, column = token
        variables = self.variables  # vocabulary.is_variable(name), inline: most names are variables
        if variables is not None and name in variables:
            return Variable(name, column)
        if name == INFINITY:
            if not vocabulary.forms:
                raise ParseError("∞ (oo) can only be an end of an interval", column)
            return nodes.Constant(name, column)
        if vocabulary.infers:
            return self.inferred_name(token)
        if vocabulary.is_function(name):
            return self.call(name, column)
        if vocabulary.is_constant(name):
            return nodes.Constant(name, column)
        return self.split_name(token)

    def inferred_name(self, token: Token):
        """A name when no variables were declared: a function, pi, e, a Greek letter's name
        or an indexed name (x1, w_11, y_hat) stands whole; any other run of letters splits."""
        _, name, column = token
        if name in self.vocabulary.functions and not (name in GREEK_NAMES and not self._calls()):
            return self.call(name, column)  # sigma(z) is the function, sigma^2 a variable
        if name in CONSTANTS:
            return nodes.Constant(name, column)
        if name in GREEK_NAMES or "_" in name or _INDEXED.fullmatch(name):
            return Variable(name, column)
        return self.split_name(token)

    def _calls(self) -> bool:
        """The tokens after a function's name call it: (, or a power then ( as in sin^2(x)."""
        if self.is_op("("):
            return True
        if self.tokens[self.pos][0] == "superscript":
            return self.is_op("(", token=self.peek())
        return self.is_op("^") and self.peek()[0] == "number" and self.is_op("(", token=self.peek(2))

    def call(self, function: str, column: int):
        tokens = self.tokens
        power = None
        if tokens[self.pos][0] == "superscript" or (self.is_op("^") and self.peek()[0] == "number"):
            # sin^2(x) and sin²(x) mean sin(x)^2
            marker = self.advance()
            exponent = marker[1] if marker[0] == "superscript" else self.advance()[1]
            if not exponent.isdigit() or not self.is_op("("):
                raise ParseError(f"write {function}(x)^n for a power of {function}", marker[2])
            power = int(exponent)
            if power > self.limits.max_degree:
                raise LimitError(f"exponent {power} is too large (limit {self.limits.max_degree})", marker[2])
        opener = tokens[self.pos]
        if opener[0] != "op" or opener[1] != "(":
            raise ParseError(f"{function} needs its argument in parentheses, as in {function}(x)", column)
        self.pos += 1
        self.enter(opener[2])
        self.open_brackets.append(opener)
        args = [self.sum()]
        token = tokens[self.pos]
        while token[0] == "op" and token[1] == ",":
            self.pos += 1
            args.append(self.sum())
            token = tokens[self.pos]
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
        _, name, column = token
        parts = self._inferred_parts(name, column) if self.vocabulary.infers else self._declared_parts(name, column)
        split = [("name", part, column + offset)
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
        return token[2] >= 2 and self.text[token[2] - 2] in SPACES

    def _continues_product(self) -> bool:
        """The current token multiplies implicitly and is written at once, with no space."""
        token = self.tokens[self.pos]
        return (token[0] in ("name", "sqrt") or self.is_op("(", "[", "{")) and not self._spaced(token)

    def _one_group(self, first: int) -> bool:
        """True when the tokens from index ``first`` to the current one are one bracketed group."""
        if not self.is_op("(", "[", "{", token=self.tokens[first]):
            return False
        depth = 0
        for index in range(first, self.pos):
            token = self.tokens[index]
            if token[0] == "op" and token[1] in OPENING:
                depth += 1
            elif token[0] == "op" and token[1] in _CLOSING:
                depth -= 1
                if depth == 0:
                    return index == self.pos - 1
        return False

    def _source(self, start: Token, stop: Token) -> str:
        """The text as written from ``start`` up to (not including) ``stop``."""
        return self.text[start[2] - 1:stop[2] - 1].strip()

    def _end_of_product(self) -> Token:
        """The token after the implicit product that starts at the current token (x^2 in e^-3x^2 + 1)."""
        depth = 0
        index = self.pos
        tokens = self.tokens
        while True:
            token = tokens[index]
            if token[0] == "end":
                return token
            if token[0] == "op":
                if token[1] in OPENING:
                    depth += 1
                elif token[1] in _CLOSING:
                    if depth == 0:
                        return token
                    depth -= 1
                elif depth == 0 and token[1] != "^":
                    return token
                elif token[1] == "^" and self.is_op("+", "-", token=tokens[index + 1]):
                    index += 1
            elif depth == 0 and index > self.pos and self._spaced(token):
                return token
            index += 1

    def _ambiguous_exponent(self, start: Token, caret: Token, first: int) -> ParseError:
        """Rule (a): e^2x is e^(2x) to some readers and e^2·x to others."""
        base = self._source(start, caret)
        exponent = self._source(self.tokens[first], self.tokens[self.pos])
        rest = self._source(self.tokens[self.pos], self._end_of_product())
        return _ambiguity(f"{base}^({exponent}{rest})", f"{base}^{_grouped(exponent)}·{rest}", start[2])

    def _check_division(self, start: Token, slash: Token, first: int, denominator) -> None:
        """Rules (c) x^1/2 and (b) 1/2x, checked just after a denominator is read."""
        if id(slash) in self.unit_powers and isinstance(denominator, nodes.Number) \
                and self.tokens[first][0] == "number":
            _, base_start, caret, exponent_start = self.unit_powers[id(slash)]
            base, exponent = self._source(base_start, caret), self._source(exponent_start, slash)
            number = self._source(self.tokens[first], self.tokens[self.pos])
            raise _ambiguity(f"{base}^({exponent}/{number})", f"({base}^{exponent})/{number}", slash[2])
        if self._continues_product() and not self._one_group(first):
            above = self._source(start, slash)
            below = self._source(self.tokens[first], self.tokens[self.pos])
            rest = self._source(self.tokens[self.pos], self._end_of_product())
            raise _ambiguity(f"{above}/({below}{rest})", f"({above}/{below})·{rest}", slash[2])

    def _superscript_node(self, token: Token):
        digits = token[1]
        if digits[0] in "+-":
            number = nodes.Number(digits[1:], token[2])
            return nodes.Negate(number, token[2]) if digits[0] == "-" else number
        return nodes.Number(digits, token[2])

    def _previous_text(self) -> str:
        return self.tokens[self.pos - 1][1] if self.pos else ""


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
    return start[0] == "number" or (start[0] == "name" and isinstance(base, nodes.Constant)
                                    and base.name == "e")


def _is_unit(exponent) -> bool:
    """An exponent of 1 or -1, as in x^1/2 and x^-1/2 (rule c)."""
    if isinstance(exponent, nodes.Negate):
        exponent = exponent.operand
    return isinstance(exponent, nodes.Number) and exponent.text == "1"

