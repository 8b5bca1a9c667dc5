"""Reductions → nodes: a method per grammar rule (or alias), given the rule's children.

Runs inline while the LALR parser reduces (no intermediate tree), so it must be cheap.
Spans come from the tokens themselves (`keep_all_tokens` keeps the brackets and keywords
that start and end a construct).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from . import nodes as n
from ..speed.fast_lexer import Token
from ..speed.frozen import constructor
from .newlines import NestingTooDeep
from .parse_errors import ParseError
from ..span import Span, make_span
from .string_tokens import gstring_parts, offset_span, string_value, unescape

_SEPARATORS = frozenset({"_NL", "SEMICOLON", "COMMA"})

# Binding strength of binary operators, reference §1.2 (all left-associative).
_PRECEDENCE = {
    "OROR": 1, "ANDAND": 2, "PIPE": 3, "CARET": 4, "AMP": 5, "REGEX_OP": 6, "EQ_OP": 7,
    "REL_OP": 8, "IN": 8, "NOT_IN": 8, "AS": 8, "INSTANCEOF": 8, "NOT_INSTANCEOF": 8,
    "SHIFT_OP": 9, "RANGE_OP": 9, "ADD_OP": 10, "MUL_OP": 11, "POW": 12,
}

_TYPE_OPERATORS = frozenset({"AS", "INSTANCEOF", "NOT_INSTANCEOF"})



def error_offset(error: ParseError, text: str) -> int:
    """Where in `text` a parse error is. An unexpected end of input is placed just after
    the last token (the `$END` token has the last token's position), or at the newline
    that ended it."""
    token = getattr(error, "token", None)
    if token is not None and token.type == "$END":
        start, end = token.start_pos, token.end_pos
        if start is None or end is None:
            return len(text)
        return start if text[start : start + 1] in ("\r", "\n") else end
    return error.pos_in_stream if error.pos_in_stream is not None else len(text)


# Constructors of the nodes made most often, three times faster than calling the class
# (frozen.py); their arguments are in `dataclasses.fields` order: span first.
_name = constructor(n.Name)  # (span, name)
_literal = constructor(n.Literal)  # (span, value, kind, raw)
_property = constructor(n.Property)  # (span, obj, name, op)
_call = constructor(n.Call)  # (span, callee, args)
_binary = constructor(n.Binary)  # (span, op, left, right)
_path_segment = constructor(n.PathSegment)  # (span, name, quoted)
_config_path = constructor(n.ConfigPath)  # (span, segments)
_assignment = constructor(n.Assignment)  # (span, target, value, op)
_block = constructor(n.Block)  # (span, name, body)
_named_arg = constructor(n.NamedArg)  # (span, key, value)
_expr_stmt = constructor(n.ExprStmt)  # (span, expr)
_selector = constructor(n.Selector)  # (span, kind, pattern, pattern_span, body)
_include = constructor(n.Include)  # (span, expr)
_command_stmt = constructor(n.CommandStmt)  # (span, name, args)
_ternary = constructor(n.Ternary)  # (span, condition, then, otherwise)
_elvis = constructor(n.Elvis)  # (span, value, fallback)
_gstring = constructor(n.GString)  # (span, parts)
_list_expr = constructor(n.ListExpr)  # (span, items)
_map_expr = constructor(n.MapExpr)  # (span, entries)
_closure = constructor(n.Closure)  # (span, params, body, has_arrow)


class _Carrier:
    """Small carriers for pieces that are not nodes of their own (plain classes: they live
    for one reduction, so a dataclass's cost buys nothing)."""

    __slots__ = ("span",)

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values}, span={self.span})"


class _Body(_Carrier):
    __slots__ = ("stmts",)

    def __init__(self, stmts: tuple[n.Stmt, ...], span: Span) -> None:
        self.stmts, self.span = stmts, span


class _Member(_Carrier):
    __slots__ = ("op", "name")

    def __init__(self, op: str, name: str, span: Span) -> None:
        self.op, self.name, self.span = op, name, span


class _CallArgs(_Carrier):
    __slots__ = ("args",)

    def __init__(self, args: tuple[Any, ...], span: Span) -> None:
        self.args, self.span = args, span


class _Trailing(_Carrier):
    __slots__ = ("closure",)

    def __init__(self, closure: n.Closure, span: Span) -> None:
        self.closure, self.span = closure, span


class _IndexOp(_Carrier):
    __slots__ = ("index",)

    def __init__(self, index: tuple[n.Expr, ...], span: Span) -> None:
        self.index, self.span = index, span


class _PostIncDec(_Carrier):
    __slots__ = ("op",)

    def __init__(self, op: str, span: Span) -> None:
        self.op, self.span = op, span


class _TypeSuffix(_Carrier):
    """`<String>` or `[]` after a type name: text for the TypeRef, span for its extent."""

    __slots__ = ("text",)

    def __init__(self, text: str, span: Span) -> None:
        self.text, self.span = text, span


class _CaseLabel(_Carrier):
    """`case value:` (value None: `default:`)."""

    __slots__ = ("value",)

    def __init__(self, value: n.Expr | None, span: Span) -> None:
        self.value, self.span = value, span


class _Params(_Carrier):
    __slots__ = ("params",)

    def __init__(self, params: tuple[n.Param, ...], span: Span) -> None:
        self.params, self.span = params, span


class TreeBuilder:
    """One instance per parser. GString placeholders are parsed by calling the same parser
    again (start rule `expr`); `_shift` maps positions inside a placeholder to the file."""

    def __init__(self) -> None:
        self._parse: Any = None
        self._keywords: frozenset[str] | None = None
        self._shift: tuple[int, int, int] | None = None

    def bind(self, parse: Any, keywords: frozenset[str] | None = None) -> None:
        """`parse(text, start_rule)`, for the placeholders of GStrings. Given the words the
        lexer reads as keywords, `${a.b.c}` placeholders are built without the parser."""
        self._parse = parse
        self._keywords = keywords

    def reset(self) -> None:
        self._shift = None

    # ------------------------------------------------------------ positions

    def _tok_span(self, t: Token) -> Span:
        _type, _value, start, line, column, end_line, end_column, end = t
        shift = self._shift
        if shift is None:
            return make_span(start, end, line, column, end_line, end_column)
        offset, lines, columns = shift
        return make_span(
            start + offset, end + offset, line + lines, column + (columns if line == 1 else 0),
            end_line + lines, end_column + (columns if end_line == 1 else 0),
        )

    def _pos(self, item: Any) -> Span:
        return self._tok_span(item) if isinstance(item, Token) else item.span

    def _span(self, children: Sequence[Any]) -> Span:
        """From the start of the first child present to the end of the last one."""
        first = children[0]
        if first is None:
            first = next(c for c in children if c is not None)
        last = children[-1]
        if last is None:
            last = next(c for c in reversed(children) if c is not None)
        if first is last and first.__class__ is not Token:
            return first.span  # one node (`a` as a config path): its span, shared
        if self._shift is not None:  # inside a GString placeholder: shifted token positions
            return self._pos(first).cover(self._pos(last))
        # Read the ends off the tokens directly rather than make a span for each.
        if first.__class__ is Token:
            start, line, column = first.start_pos, first.line, first.column
        else:
            span = first.span
            start, line, column = span.start, span.line, span.column
        if last.__class__ is Token:
            end, end_line, end_column = last.end_pos, last.end_line, last.end_column
        else:
            span = last.span
            end, end_line, end_column = span.end, span.end_line, span.end_column
        return make_span(start, end, line, column, end_line, end_column)

    @staticmethod
    def _items(children: Sequence[Any]) -> list[Any]:
        """Children without separators, brackets, keywords and absent optionals."""
        return [
            c for c in children
            if c is not None and not (c.__class__ is Token and c.type not in _VALUE_TOKENS)
        ]

    # ------------------------------------------------------------ config statements

    def start(self, c: list[Any]) -> tuple[tuple[n.Stmt, ...], Span]:
        stmts = tuple(self._items(c))
        if not stmts:
            return (), Span(0, 0, 1, 1, 1, 1)
        return stmts, stmts[0].span.cover(stmts[-1].span)

    def cfg_body(self, c: list[Any]) -> _Body:
        return _Body(tuple(self._items(c)), self._span(c))

    stmt_block = cfg_body

    def config_path(self, c: list[Any]) -> n.ConfigPath:
        if len(c) == 1:  # most paths: one name
            token = c[0]
            if token.type == "NAME" and self._shift is None:
                _type, name, start, line, column, end_line, end_column, end = token
                span = make_span(start, end, line, column, end_line, end_column)
                return _config_path(span, (_path_segment(span, name, False),))
            segment = self._path_segment(token)
            return _config_path(segment.span, (segment,))
        # `segment ("." segment)*`, the segments being tokens: every other child.
        return _config_path(self._span(c), tuple([self._path_segment(token) for token in c[::2]]))

    def _path_segment(self, token: Token) -> n.PathSegment:
        if token.type in _STRING_TOKENS:
            return _path_segment(self._tok_span(token), string_value(token), True)
        return _path_segment(self._tok_span(token), token.value, False)

    def assignment(self, c: list[Any]) -> n.Assignment:
        return _assignment(self._span(c), c[0], c[2], c[1].value)

    def block(self, c: list[Any]) -> n.Block:
        return _block(self._span(c), c[0], c[1].stmts)

    def selector(self, c: list[Any]) -> n.Selector:
        pattern, pattern_span = c[2]
        return _selector(self._span(c), c[0].value, pattern, pattern_span, c[3].stmts)

    def selector_target(self, c: list[Token]) -> tuple[str, Span]:
        token = c[0]
        if token.type == "SLASHY":
            return token.value[1:-1].replace("\\/", "/"), self._tok_span(token)
        if token.type in _STRING_TOKENS:
            return string_value(token), self._tok_span(token)
        return token.value, self._tok_span(token)

    def include(self, c: list[Any]) -> n.Include:
        return _include(self._span(c), c[1])

    def command_stmt(self, c: list[Any]) -> n.CommandStmt:
        items = self._items(c)
        return _command_stmt(self._span(c), items[0], tuple(items[1:]))

    def call_stmt(self, c: list[Any]) -> n.ExprStmt:
        expr: n.Expr = c[0] if c[0].__class__ is n.New else self._path_as_expr(c[0])
        for op in c[1:]:
            expr = self._apply_postfix(expr, op)
        return _expr_stmt(expr.span, expr)

    def cfg_if(self, c: list[Any]) -> n.If:
        items = self._items(c)
        condition, then = items[0], items[1].stmts
        otherwise = None
        if len(items) > 2:
            other = items[2]
            otherwise = other.stmts if isinstance(other, _Body) else (other,)
        return n.If(condition, then, otherwise, span=self._span(c))

    def cfg_try(self, c: list[Any]) -> n.Try:
        items = self._items(c)
        catches = tuple(x for x in items[1:] if isinstance(x, n.Catch))
        final = next((x.stmts for x in items[1:] if isinstance(x, _Body)), None)
        return n.Try(items[0].stmts, catches, final, span=self._span(c))

    try_stmt = cfg_try

    def cfg_catch(self, c: list[Any]) -> n.Catch:
        items = self._items(c)
        types = [x.name for x in items if isinstance(x, n.TypeRef)]
        name = next((x.value for x in items if isinstance(x, Token)), None)
        if name is None and len(types) == 1:
            # `catch (all)`: the one word is the variable; Groovy types it Object.
            types, name = ["Object"], types[0]
        # A multi-catch `catch (IOException | RuntimeException e)` keeps its types as written.
        return n.Catch("|".join(types), name, items[-1].stmts, span=self._span(c))

    catch_clause = cfg_catch

    def cfg_finally(self, c: list[Any]) -> _Body:
        return c[1]

    finally_clause = cfg_finally

    # ------------------------------------------------------------ Groovy statements

    def function_def(self, c: list[Any]) -> n.FunctionDef:
        items = self._items(c)
        params = items[1].params if isinstance(items[1], _Params) else ()
        return n.FunctionDef(items[0].value, params, items[-1].stmts, span=self._span(c))

    def params(self, c: list[Any]) -> _Params:
        return _Params(tuple(x for x in c if isinstance(x, n.Param)), self._span(c))

    def param(self, c: list[Any]) -> n.Param:
        # c: the TypeRef of the first word(s), then the NAME or None.
        if c[1] is None:
            return n.Param(c[0].name, span=self._span(c))
        return n.Param(c[1].value, c[0].name, span=self._span(c))

    def expr_stmt(self, c: list[Any]) -> n.ExprStmt:
        return _expr_stmt(c[0].span, c[0])

    def command_expr(self, c: list[Any]) -> n.ExprStmt:
        items = self._items(c)
        call = _call(self._span(c), items[0], tuple(items[1:]))
        return _expr_stmt(call.span, call)

    def assign_stmt(self, c: list[Any]) -> n.AssignStmt:
        return n.AssignStmt(c[0], c[1].value, c[2], span=self._span(c))

    def var_decl(self, c: list[Any]) -> n.VarDecl:
        items = self._items(c)
        type_ref = items.pop(0) if isinstance(items[0], n.TypeRef) else None
        value = items[1] if len(items) > 1 else None
        return n.VarDecl(
            (items[0].value,), value, type_ref.name if type_ref else None, span=self._span(c)
        )

    def typed_var_decl(self, c: list[Any]) -> n.VarDecl:
        # c: DECLARED_TYPE, NAME, "=", expr. The token holds the modifiers and the type
        # (`final`, `final String`, `Map<String, Integer>`): the type without modifiers and
        # blanks, or none for modifiers alone (`final x = 1` is untyped, as `def x = 1`).
        words = c[0].value.split()
        while words and words[0] in _MODIFIERS and len(words) > 1:
            words.pop(0)
        written = "".join(words)
        return n.VarDecl((c[1].value,), c[3], None if written in _MODIFIERS else written, span=self._span(c))

    def multi_var_decl(self, c: list[Any]) -> n.VarDecl:
        items = self._items(c)
        return n.VarDecl(tuple(x.value for x in items[:-1]), items[-1], span=self._span(c))

    def if_stmt(self, c: list[Any]) -> n.If:
        items = self._items(c)
        otherwise = _as_body(items[2]) if len(items) > 2 else None
        return n.If(items[0], _as_body(items[1]), otherwise, span=self._span(c))

    def return_stmt(self, c: list[Any]) -> n.Return:
        return n.Return(c[1], span=self._span(c))

    def throw_stmt(self, c: list[Any]) -> n.Throw:
        return n.Throw(c[1], span=self._span(c))

    def assert_stmt(self, c: list[Any]) -> n.Assert:
        items = self._items(c)
        return n.Assert(items[0], items[1] if len(items) > 1 else None, span=self._span(c))

    def for_stmt(self, c: list[Any]) -> n.For:
        items = self._items(c)
        names = [x for x in items if isinstance(x, Token)]
        return n.For(names[-1].value, items[-2], _as_body(items[-1]), span=self._span(c))

    def counted_for(self, c: list[Any]) -> n.CountedFor:
        # c: "for", "(", the init parts and their commas (or None), ";", the condition or
        # None, ";", the update parts and their commas (or None), ")", the body.
        first = next(i for i, x in enumerate(c) if x.__class__ is Token and x.value == ";")
        init = tuple(x for x in c[2:first] if x is not None and x.__class__ is not Token)
        update = tuple(x for x in c[first + 3:-2] if x is not None and x.__class__ is not Token)
        return n.CountedFor(init, c[first + 1], update, _as_body(c[-1]), span=self._span(c))

    def switch_stmt(self, c: list[Any]) -> n.Switch:
        items = self._items(c)
        return n.Switch(items[0], tuple(items[1:]), span=self._span(c))

    cfg_switch = switch_stmt

    def switch_case(self, c: list[Any]) -> n.Case:
        # `case 1: case 2:` reads as one case with two labels (the grammar shifts the
        # second label rather than end the first case empty): the same fall-through.
        written = self._items(c)
        marks = [x for x in written if x.__class__ is _CaseLabel]
        body = tuple(x for x in written if x.__class__ is not _CaseLabel)
        labels = tuple(mark.value for mark in marks if mark.value is not None)
        default = len(labels) < len(marks)
        # From the first label to the last statement or label, not the separators after them.
        span = marks[0].span.cover((body[-1] if body else marks[-1]).span)
        return n.Case(labels, default, body, span=span)

    cfg_case = switch_case

    def case_label(self, c: list[Any]) -> _CaseLabel:
        return _CaseLabel(c[1], self._pos(c[0]).cover(self._pos(c[2])))

    def default_label(self, c: list[Any]) -> _CaseLabel:
        return _CaseLabel(None, self._pos(c[0]).cover(self._pos(c[1])))

    def break_stmt(self, c: list[Any]) -> n.Break:
        return n.Break(None if c[1] is None else c[1].value, span=self._span(c))

    def continue_stmt(self, c: list[Any]) -> n.Continue:
        return n.Continue(None if c[1] is None else c[1].value, span=self._span(c))

    def import_stmt(self, c: list[Any]) -> n.Import:
        # c: "import", STATIC or None, the name's tokens (`.` and `*` included), then AS and
        # NAME, or two Nones.
        alias = None if c[-1] is None else c[-1].value
        name = "".join(x.value for x in c[2:-2] if x is not None)
        return n.Import(name, c[1] is not None, alias, span=self._span(c))

    def while_stmt(self, c: list[Any]) -> n.While:
        items = self._items(c)
        return n.While(items[0], _as_body(items[1]), span=self._span(c))

    # ------------------------------------------------------------ expressions

    def ternary(self, c: list[Any]) -> n.Ternary:
        return _ternary(self._span(c), c[0], c[2], c[4])

    def elvis(self, c: list[Any]) -> n.Elvis:
        return _elvis(self._span(c), c[0], c[2])

    def operation(self, c: list[Any]) -> n.Expr:
        # Precedence climbing over the flat `operand (op operand)*` sequence.
        operands: list[Any] = [c[0]]
        operators: list[Token] = []
        for i in range(1, len(c), 2):
            op = c[i]
            strength = _PRECEDENCE[op.type]
            while operators and _PRECEDENCE[operators[-1].type] >= strength:
                self._reduce(operands, operators)
            if op.type in _TYPE_OPERATORS:
                # `x as T + 1` is `(x as T) + 1`: the type is atomic, apply the cast now.
                operators.append(op)
                operands.append(c[i + 1])
                self._reduce(operands, operators)
                continue
            operators.append(op)
            operands.append(c[i + 1])
        while operators:
            self._reduce(operands, operators)
        return operands[0]

    def _reduce(self, operands: list[Any], operators: list[Token]) -> None:
        op = operators.pop()
        right = operands.pop()
        left = operands.pop()
        span = left.span.cover(right.span)
        if op.type == "AS":
            operands.append(n.Cast(left, right, span=span))
        elif op.type in ("INSTANCEOF", "NOT_INSTANCEOF"):
            operands.append(n.InstanceOf(left, right, op.type == "NOT_INSTANCEOF", span=span))
        elif op.type == "POW" and _is_bare_sign(left):
            # Unary minus binds looser than ** in Groovy: -2**2 is -(2**2), (-2)**2 is 4.
            power = n.Binary("**", left.operand, right, span=left.operand.span.cover(right.span))
            operands.append(n.Unary(left.op, power, span=span))
        else:
            operands.append(_binary(span, op.value, left, right))

    def java_cast(self, c: list[Any]) -> n.Cast:
        return n.Cast(c[3], c[1], True, span=self._span(c))

    def prefix(self, c: list[Any]) -> n.Unary:
        return n.Unary(c[0].value, c[1], span=self._span(c))

    def postfix_chain(self, c: list[Any]) -> n.Expr:
        return self._apply_postfix(c[0], c[1])

    def _apply_postfix(self, expr: n.Expr, op: Any) -> n.Expr:
        span = expr.span.cover(op.span)
        if isinstance(op, _Member):
            return _property(span, expr, op.name, op.op)
        if isinstance(op, _CallArgs):
            return _call(span, expr, op.args)
        if isinstance(op, _Trailing):
            # Groovy passes a trailing closure as the last argument of the call before it.
            if isinstance(expr, n.Call):
                return _call(span, expr.callee, expr.args + (op.closure,))
            return _call(span, expr, (op.closure,))
        if isinstance(op, _IndexOp):
            return n.Index(expr, op.index, span=span)
        return n.Unary("x" + op.op, expr, span=span)

    def member_access(self, c: list[Any]) -> _Member:
        token = c[1]
        name = string_value(token) if token.type in _STRING_TOKENS else token.value
        return _Member(c[0].value, name, self._span(c))

    def call_args(self, c: list[Any]) -> _CallArgs:
        return _CallArgs(tuple(self._items(c)), self._span(c))

    def trailing_closure(self, c: list[Any]) -> _Trailing:
        return _Trailing(c[0], c[0].span)

    def index_access(self, c: list[Any]) -> _IndexOp:
        return _IndexOp(tuple(self._items(c)), self._span(c))

    def postfix_incdec(self, c: list[Token]) -> _PostIncDec:
        return _PostIncDec(c[0].value, self._tok_span(c[0]))

    def named_arg(self, c: list[Any]) -> n.NamedArg:
        return _named_arg(self._span(c), c[0], c[2])

    def map_key(self, c: list[Any]) -> n.Expr:
        if len(c) == 3:  # "(" expr ")"
            return replace(c[1], span=self._span(c))
        token = c[0]
        if token.type == "INT":
            return self.int_literal(c)
        if token.type == "GSTRING":
            return self.gstring(c)
        value = string_value(token) if token.type in _STRING_TOKENS else token.value
        return _literal(self._tok_span(token), value, "string", token.value)

    def name(self, c: list[Token]) -> n.Name:
        return _name(self._tok_span(c[0]), c[0].value)

    def int_literal(self, c: list[Token]) -> n.Literal:
        raw = c[0].value
        digits = raw.replace("_", "").rstrip("lLiIgG")
        if digits[:2] in ("0x", "0X"):
            value = int(digits[2:], 16)
        elif digits[:2] in ("0b", "0B"):
            value = int(digits[2:], 2)
        elif len(digits) > 1 and digits[0] == "0" and digits.isdigit() and max(digits) < "8":
            value = int(digits, 8)  # Groovy octal literal
        else:
            value = int(digits)
        return _literal(self._tok_span(c[0]), value, "int", raw)

    def float_literal(self, c: list[Token]) -> n.Literal:
        raw = c[0].value
        return n.Literal(float(raw.replace("_", "").rstrip("fFdDgG")), "float", raw, span=self._tok_span(c[0]))

    def true_literal(self, c: list[Token]) -> n.Literal:
        return _literal(self._tok_span(c[0]), True, "bool", "true")

    def false_literal(self, c: list[Token]) -> n.Literal:
        return _literal(self._tok_span(c[0]), False, "bool", "false")

    def null_literal(self, c: list[Token]) -> n.Literal:
        return _literal(self._tok_span(c[0]), None, "null", "null")

    def string_literal(self, c: list[Token]) -> n.Literal:
        return _literal(self._tok_span(c[0]), string_value(c[0]), "string", c[0].value)

    def slashy_literal(self, c: list[Token]) -> n.Literal:
        raw = c[0].value
        return n.Literal(raw[1:-1].replace("\\/", "/"), "slashy", raw, span=self._tok_span(c[0]))

    def gstring(self, c: list[Token]) -> n.Expr:
        token = c[0]
        raw = token.value
        quote = 3 if raw.startswith('"""') else 1
        body = raw[quote:-quote]
        span = self._tok_span(token)
        if "$" not in body:
            return _literal(span, unescape(body), "string", raw)
        parts = gstring_parts(body, quote, raw, span, self._keywords, self._placeholder)
        if all(isinstance(p, str) for p in parts):
            return _literal(span, "".join(parts), "string", raw)  # type: ignore[arg-type]
        return _gstring(span, parts)

    def paren(self, c: list[Any]) -> n.Expr:
        # The span takes in the parentheses, so the expressions around it start and end
        # where they are written (`(a + b) * c` starts at `(`; an edit replacing it is whole).
        return replace(c[1], span=self._span(c))

    def list_literal(self, c: list[Any]) -> n.ListExpr:
        return _list_expr(self._span(c), tuple(self._items(c)))

    def map_literal(self, c: list[Any]) -> n.MapExpr:
        return _map_expr(self._span(c), tuple([x for x in c if isinstance(x, n.NamedArg)]))

    def closure(self, c: list[Any]) -> n.Closure:
        items = self._items(c)
        params: tuple[n.Param, ...] = ()
        has_arrow = False
        if items and isinstance(items[0], _Params):
            params, has_arrow = items.pop(0).params, True
        return _closure(self._span(c), params, tuple(items), has_arrow)

    def closure_params(self, c: list[Any]) -> _Params:
        return c[0] if c[0] is not None else _Params((), self._tok_span(c[1]))

    def new_expr(self, c: list[Any]) -> n.New:
        return n.New(c[1], c[2].args, span=self._span(c))

    def type_name(self, c: list[Any]) -> n.TypeRef:
        text = "".join(x.value if isinstance(x, Token) else x.text for x in c if x is not None)
        return n.TypeRef(text, span=self._span(c))

    def type_args(self, c: list[Any]) -> _TypeSuffix:
        text = "<" + ",".join(x.name for x in c if isinstance(x, n.TypeRef)) + ">"
        return _TypeSuffix(text, self._span(c))

    def array_dims(self, c: list[Token]) -> _TypeSuffix:
        return _TypeSuffix("".join(x.value for x in c), self._span(c))

    def command_arg(self, c: list[Any]) -> n.Expr:
        expr = c[0]
        i = 1
        while i < len(c) and not isinstance(c[i], Token):
            expr = self._apply_postfix(expr, c[i])
            i += 1
        if i == len(c):
            return expr
        op = c[i]
        if op.type == "QMARK":
            return n.Ternary(expr, c[i + 1], c[i + 3], span=expr.span.cover(c[i + 3].span))
        if op.type == "ELVIS":
            return n.Elvis(expr, c[i + 1], span=expr.span.cover(c[i + 1].span))
        return n.Binary(op.value, expr, c[i + 1], span=expr.span.cover(c[i + 1].span))

    # ------------------------------------------------------------ helpers

    def _path_as_expr(self, path: n.ConfigPath) -> n.Expr:
        first = path.segments[0]
        expr: n.Expr = _name(first.span, first.name)
        for segment in path.segments[1:]:
            expr = _property(expr.span.cover(segment.span), expr, segment.name, ".")
        return expr

    def _placeholder(self, inner: str, raw: str, index: int, span: Span) -> n.Expr:
        """Parse `${inner}`; `index` is where `inner` starts in the token text."""
        start = offset_span(raw, span, index, index)
        if not inner.strip():
            return n.Literal(None, "null", "", span=start)
        saved = self._shift
        self._shift = (start.start, start.line - 1, start.column - 1)
        try:
            return self._parse(inner, "expr")
        except ParseError as error:
            # The innermost placeholder knows the position; outer ones pass it on.
            if getattr(error, "nflint_offset", None) is None:
                error.nflint_offset = start.start + error_offset(error, inner)  # type: ignore[attr-defined]
                error.nflint_placeholder = True  # type: ignore[attr-defined]
            raise
        except NestingTooDeep as error:
            if not error.absolute:
                error.offset += start.start
                error.absolute = True
            raise
        finally:
            self._shift = saved



def _is_bare_sign(expr: n.Expr) -> bool:
    """A prefix `-x` or `+x` not in parentheses (a parenthesised one's span ends at the `)`)."""
    return isinstance(expr, n.Unary) and expr.op in ("-", "+") and expr.span.end == expr.operand.span.end


def _as_body(stmt: n.Stmt) -> tuple[n.Stmt, ...]:
    """The grammar reads `if (x) { ... }` as a closure statement; Groovy means a block."""
    if isinstance(stmt, n.ExprStmt) and isinstance(stmt.expr, n.Closure) and not stmt.expr.has_arrow:
        return stmt.expr.body
    return (stmt,)


_STRING_TOKENS = frozenset({"STRING", "TSTRING", "GSTRING", "TGSTRING"})
_VALUE_TOKENS = frozenset({"NAME", "STRING", "TSTRING", "GSTRING", "TGSTRING", "INT", "FLOAT", "SLASHY"})
# Groovy modifiers a DECLARED_TYPE token may start with (grammar: DECLARED_TYPE).
_MODIFIERS = frozenset({"final", "static", "private", "public", "protected", "synchronized"})
