"""The grammar both readers share: tokens in, a parse tree out.

A recursive-descent parser, one method per level of precedence::

    sum      := product (('+' | '-') product)*
    product  := signed (('*' | '/') signed | implicit factor)*
    signed   := ('+' | '-')* power            -x^2 is -(x^2)
    power    := primary ('^' exponent)?       x^y^z is x^(y^z); 2^-1 is 2^(-1)
    primary  := number | name | constant | '(' sum ')' | '|' sum '|'
              | function [^n] [_base] argument | \\frac a b | \\sqrt[n] a

An implicit factor is what may follow a factor without a sign between:
``2x``, ``x y``, ``2 sin x``, ``(x+1)(x-1)``, ``2|x|``.  A function's
argument without brackets is the product of the factors that follow it up
to the next function, sign or operator: ``sin 2x`` is ``sin(2x)``,
``sin x^2`` is ``sin(x^2)``, ``sin x cos x`` is ``(sin x)(cos x)``,
``sin x / 2`` is ``(sin x)/2``; ``sin^2 x`` is ``(sin x)^2`` and
``sin^-1 x`` is ``arcsin x``.

Two kinds of input have two readings with no firm convention between them,
and are refused with both readings named: a division followed by an
implicit product (``1/2x``: ``(1/2)x`` or ``1/(2x)``), and, in plain text,
an exponent written without brackets followed directly by a factor
(``e^2x``: ``(e^2)x`` or ``e^(2x)``; ``x^2 y`` with a space is ``(x^2)y``,
and ``x^2sin x`` and ``e^2(x+1)`` have one reading).
In LaTeX, ``^`` takes one token or a braced group, as TeX does.

Nesting (brackets, bars, exponents, function arguments) is bounded by
:data:`~.text.MAX_DEPTH`, so the Python stack stays shallow; signs and
sums are loops.
"""
from __future__ import annotations

from .functions import INVERSES, canonical
from .text import MAX_DEPTH, fail, position, shown
from .tree import Node, Token, leaf, node

_CLOSING = {"(": ")", "[": "]", "{": "}", "|": "|"}
_ATOMS = ("num", "name", "const")


class Grammar:
    """Parse ``tokens`` (ending with an ``end`` token) of ``text``."""

    def __init__(self, text: str, tokens: list, latex: bool):
        self.text = text
        self.tokens = tokens
        self.latex = latex
        self.pos = 0
        self.depth = 0
        self.contexts = []  # 'group' or 'bar', innermost last

    # -- the token stream ------------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def at_op(self, chars: str) -> bool:
        token = self.tokens[self.pos]
        return token.kind == "op" and token.value in chars

    def describe(self, token: Token) -> str:
        if token.kind == "end":
            return "the end of the formula"
        return shown(self.text[token.start:token.end])

    def fail(self, index: int, message: str):
        fail(self.text, index, message)

    def deeper(self, index: int):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(index, f"the formula nests deeper than {MAX_DEPTH} levels")

    # -- the levels of precedence ------------------------------------------------------
    def formula(self) -> Node:
        tree = self.sum()
        token = self.peek()
        if token.kind == "end":
            return tree
        if token.kind in ("close", "bar"):
            self.fail(token.start, f"unmatched {self.describe(token)}")
        if token.kind == "comma":
            self.fail(token.start, "unexpected ','; only log(x, b) takes two arguments")
        self.fail(token.start, f"expected an operator before {self.describe(token)}")

    def sum(self) -> Node:
        tree = self.product()
        while self.at_op("+-"):
            sign = self.take()
            tree = node("add" if sign.value == "+" else "sub", [tree, self.product()])
        return tree

    def product(self, bare=False) -> Node:
        """Factors joined by '*', '/' or nothing; only implicit ones when ``bare``."""
        tree = last = self.signed()
        division = None  # the quotient just built, while no factor follows it
        while True:
            token = self.peek()
            if not bare and self.at_op("*/"):
                self.take()
                last = self.signed()
                tree = node("mul" if token.value == "*" else "div", [tree, last])
                division = tree if token.value == "/" else None
            elif self.starts_implicit(token, bare):
                if token.kind == "num":
                    before = shown(self.text[last.start:last.end])
                    self.fail(token.start,
                              f"a number after {before} needs an explicit '*' before it")
                factor = self.power()
                self.check_implicit(division, last, factor)
                tree, last, division = node("mul", [tree, factor]), factor, None
            else:
                return tree

    def signed(self) -> Node:
        signs = []
        while self.at_op("+-"):
            signs.append(self.take())
        operand = self.power()
        if sum(sign.value == "-" for sign in signs) % 2:  # --x is x
            operand = node("neg", [operand], start=signs[0].start)
        return operand

    def power(self) -> Node:
        base = self.primary()
        if not self.at_op("^"):
            return base
        if self.latex:
            return self.tex_power(base)
        caret = self.take()
        self.deeper(caret.start)
        exponent = self.signed()
        self.depth -= 1
        return node("pow", [base, exponent], loose=self.unbracketed(exponent))

    def tex_power(self, base: Node) -> Node:
        self.take()
        exponent = self.tex_argument("'^'")
        if self.at_op("^"):
            self.fail(self.peek().start, "a second '^' (a double exponent): write "
                                         "{x^{a}}^{b} or x^{a^{b}}")
        return node("pow", [base, exponent])

    def primary(self) -> Node:
        token = self.peek()
        if token.kind in _ATOMS:
            self.take()
            return self.number(token) if token.kind == "num" else leaf(token)
        if token.kind == "open":
            return self.group()
        if token.kind == "bar":
            return self.bars()
        if token.kind == "func":
            return self.function()
        if token.kind == "frac":
            return self.frac()
        if token.kind == "sqrt":
            return self.sqrt()
        self.missing_operand(token)

    # -- the pieces of a primary -------------------------------------------------------
    def number(self, token: Token) -> Node:
        """A number; LaTeX digits come one token each (TeX's ``\\frac12``) and join here."""
        if not self.latex:
            return leaf(token)
        start, end = token.start, token.end
        while self.peek().kind == "num" and self.peek().start == end:
            end = self.take().end
        digits = self.text[start:end]
        if digits.startswith(".") or digits.endswith(".") or digits.count(".") > 1:
            self.fail(start, f"{shown(digits)} is not a number")
        return Node("num", digits, (), start, end)

    def group(self) -> Node:
        opening = self.take()
        self.deeper(opening.start)
        self.contexts.append("bar" if opening.value == "|" else "group")
        inner = self.sum()
        closing = self.peek()
        wanted = _CLOSING[opening.value]
        if not (closing.kind == "close" and closing.value == wanted
                or closing.kind == "bar" and wanted == "|"):
            self.unclosed(opening, wanted, closing)
        self.take()
        self.contexts.pop()
        self.depth -= 1
        if opening.value == "|":
            return node("abs", [inner], opening.start, closing.end)
        inner.start, inner.end = opening.start, closing.end  # the span shows the brackets
        inner.bracketed = True
        return inner

    def bars(self) -> Node:
        opening = self.take()
        self.deeper(opening.start)
        self.contexts.append("bar")
        inner = self.sum()
        closing = self.peek()
        if not (closing.kind == "bar" or closing.kind == "close" and closing.value == "|"):
            self.unclosed(opening, "|", closing)
        self.take()
        self.contexts.pop()
        self.depth -= 1
        return node("abs", [inner], opening.start, closing.end)

    def function(self) -> Node:
        head = self.take()
        name = canonical(head.value)
        power = None
        if self.at_op("^"):
            self.take()
            power = self.function_exponent(head)
            if self.is_minus_one(power):
                if name not in INVERSES:
                    self.fail(power.start, f"{shown(head.value)} has no inverse written "
                                           f"{head.value}^-1")
                name, power = INVERSES[name], None
        base = None
        if self.peek().kind == "sub":
            underscore = self.take()
            if head.value != "log":
                self.fail(underscore.start, "only log takes a base after '_' (log_2 x)")
            if power is not None:
                self.fail(underscore.start, "write the base before the power: (log_2 x)^2")
            base = self.log_base(underscore)
        argument, base = self.function_argument(head, base)
        args = [argument] if base is None else [argument, base]
        tree = node("call", args, start=head.start, value=name)
        if power is not None:
            tree = node("pow", [tree, power], start=head.start)
        return tree

    def function_exponent(self, head: Token) -> Node:
        """The n of ``sin^n x``: a number, possibly signed or bracketed."""
        if self.latex:
            exponent = self.tex_argument("'^'")
        elif self.peek().kind == "open":
            exponent = self.group()
        else:
            start = self.peek().start
            negative = False
            while self.at_op("+-"):
                negative ^= self.take().value == "-"
            token = self.peek()
            if token.kind != "num":
                self.bad_function_exponent(head, token.start)
            exponent = leaf(self.take())
            if negative:
                exponent = node("neg", [exponent], start=start)
        core = exponent.args[0] if exponent.kind == "neg" else exponent
        if core.kind != "num":
            self.bad_function_exponent(head, exponent.start)
        return exponent

    def bad_function_exponent(self, head: Token, index: int):
        self.fail(index, f"expected a number after {shown(self.text[head.start:head.end] + '^')}; "
                         f"write ({head.value} x)^n for other powers")

    def is_minus_one(self, exponent: Node) -> bool:
        return (exponent.kind == "neg" and exponent.args[0].kind == "num"
                and float(exponent.args[0].value) == 1.0)

    def log_base(self, underscore: Token) -> Node:
        if self.latex:
            return self.tex_argument("'_'")
        token = self.peek()
        if token.kind in _ATOMS:
            return leaf(self.take())
        if token.kind == "open":
            return self.group()
        self.fail(token.start, f"expected the base after 'log_', found {self.describe(token)}")

    def function_argument(self, head: Token, base):
        """The argument of a function, and its base when written ``log(x, b)``."""
        token = self.peek()
        if self.latex and token.kind == "open" and token.value == "{":
            argument = self.group()  # TeX: an exponent after the braces binds to them
            return (self.tex_power(argument) if self.at_op("^") else argument), base
        if token.kind == "open" and token.value != "|":
            if not self.latex and head.value == "log" and base is None:
                return self.call_brackets()
            return self.group(), base
        if token.kind in _ATOMS + ("func", "frac", "sqrt", "bar", "open") or self.at_op("+-"):
            self.deeper(token.start)
            argument = self.product(bare=True)
            self.depth -= 1
            return argument, base
        self.fail(token.start, f"expected the argument of {shown(head.value)}, "
                               f"found {self.describe(token)}")

    def call_brackets(self):
        """``(x)`` or ``(x, b)`` after a plain ``log``."""
        opening = self.take()
        self.deeper(opening.start)
        self.contexts.append("group")
        argument, base = self.sum(), None
        if self.peek().kind == "comma":
            self.take()
            base = self.sum()
        closing = self.peek()
        wanted = _CLOSING[opening.value]
        if not (closing.kind == "close" and closing.value == wanted):
            self.unclosed(opening, wanted, closing)
        self.take()
        self.contexts.pop()
        self.depth -= 1
        argument.start, argument.end = opening.start, closing.end
        argument.bracketed = True
        return argument, base

    def frac(self) -> Node:
        head = self.take()
        numerator = self.tex_argument(shown(self.text[head.start:head.end]))
        denominator = self.tex_argument(shown(self.text[head.start:head.end]))
        return node("div", [numerator, denominator], start=head.start)

    def sqrt(self) -> Node:
        head = self.take()
        index = None
        if self.peek().kind == "open" and self.peek().value == "[":
            index = self.group()
        radicand = self.tex_argument("'\\sqrt'")
        if index is None:
            return node("call", [radicand], start=head.start, value="sqrt")
        return node("root", [radicand, index], start=head.start)

    def tex_argument(self, what: str) -> Node:
        """What a TeX command or '^' takes: a braced group or one token."""
        token = self.peek()
        if token.kind == "open" and token.value == "{":
            return self.group()
        if token.kind in _ATOMS:
            if token.value == ".":
                self.fail(token.start, f"expected a digit, a name or '{{' after {what}, found '.'")
            self.take()
            following = self.peek()
            if what == "'^'" and token.kind == "num" and following.kind == "num" \
                    and following.start == token.end:
                self.tex_exponent_digits(token)
            return leaf(token)
        if token.kind in ("frac", "sqrt"):
            return self.primary()
        hint = "; write e^{-x}, with braces" if token.kind == "op" and token.value in "+-" else ""
        self.fail(token.start, f"expected '{{' or one character after {what}, "
                               f"found {self.describe(token)}{hint}")

    def tex_exponent_digits(self, first: Token):
        end = first.end
        while self.tokens[self.pos].kind == "num" and self.tokens[self.pos].start == end:
            end = self.tokens[self.pos].end
            self.pos += 1
        digits = self.text[first.start:end]
        self.fail(first.start - 1, f"'^{digits}' is ambiguous: TeX reads it as ^{{{digits[0]}}}"
                                   f"{digits[1:]}, which may be meant as ^{{{digits}}}; "
                                   "write one of them")

    # -- implicit products and their ambiguities ------------------------------------
    def starts_implicit(self, token: Token, bare: bool) -> bool:
        kind = token.kind
        if kind in _ATOMS or kind in ("open", "frac", "sqrt"):
            return True
        if kind == "func":
            return not bare
        if kind == "bar":  # inside |...| a bar after a factor closes it
            return not (self.contexts and self.contexts[-1] == "bar")
        return False

    def check_implicit(self, division, last: Node, factor: Node):
        text = self.text
        if division is not None:
            whole = text[division.start:factor.end]
            first = f"({text[division.start:division.end]}){text[division.end:factor.end]}"
            second = f"{text[division.start:last.start]}({text[last.start:factor.end]})"
            self.ambiguous(factor.start, whole, first, second)
        tail = None if self.latex else self.loose_tail(last)
        if tail is not None and tail.end == factor.start and self.starts_with_letter(factor):
            exponent = tail.args[1]
            whole = text[tail.start:factor.end]
            first = f"({text[tail.start:tail.end]}){text[tail.end:factor.end]}"
            second = f"{text[tail.start:exponent.start]}({text[exponent.start:factor.end]})"
            self.ambiguous(factor.start, whole, first, second)

    def ambiguous(self, index: int, whole: str, first: str, second: str):
        # long readings keep their ends, where the two differ
        first, second = (r if len(r) <= 60 else f"{r[:25]}...{r[-30:]}" for r in (first, second))
        self.fail(index, f"{shown(whole)} is ambiguous: it reads as {first} or as {second}; "
                         "write one of them")

    def loose_tail(self, tree: Node):
        """The innermost power ending ``tree`` whose exponent has no brackets."""
        found = None
        while True:
            while tree.kind == "neg":
                tree = tree.args[0]
            if tree.kind != "pow" or not tree.loose:
                return found
            found, tree = tree, tree.args[1]

    def starts_with_letter(self, factor: Node) -> bool:
        """Whether ``factor`` begins with a name or constant (``y`` in ``x^2y``), not
        with a function or a bracket (``x^2sin x`` and ``e^2(x+1)`` have one reading)."""
        while factor.kind == "pow":
            factor = factor.args[0]
        return factor.kind in ("name", "const") and not factor.bracketed

    def unbracketed(self, exponent: Node) -> bool:
        while exponent.kind == "neg":
            exponent = exponent.args[0]
        if exponent.kind == "pow":
            return exponent.loose
        return exponent.kind in _ATOMS and not exponent.bracketed

    # -- errors -------------------------------------------------------------------------
    def unclosed(self, opening: Token, wanted: str, found: Token):
        where = position(self.text, opening.start)
        found_text = "" if found.kind == "end" else f", found {self.describe(found)}"
        self.fail(found.start, f"expected {wanted!r} to close the "
                               f"{shown(self.text[opening.start:opening.end])} at {where}"
                               f"{found_text}")

    def missing_operand(self, token: Token):
        wanted = "expected a number, a name or '('"
        if token.kind == "end":
            before = self.tokens[self.pos - 1] if self.pos else None
            after = f" after {self.describe(before)}" if before is not None else ""
            self.fail(token.start, f"the formula ends{after}; {wanted}")
        self.fail(token.start, f"{wanted}, found {self.describe(token)}")


def read(text: str, tokens: list, latex: bool) -> Node:
    """The parse tree of ``tokens``; a ParseError if they are not a formula."""
    try:
        return Grammar(text, tokens, latex).formula()
    except RecursionError:  # only when the caller's own stack is already deep
        fail(text, 0, "the formula nests too deeply to be read here")
