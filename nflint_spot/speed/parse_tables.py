"""The LALR tables and lexer description of grammar/nextflow_config.lark, cached on disk.

Lark builds the tables from the grammar in about a second. Its own cache (`cache=True`)
still costs ~50 ms a start: it unpickles Lark's object graph, rebuilds the parse-tree
builder and compiles a regex per terminal — after ~40 ms of importing Lark. What the parser
needs at run time is much smaller, so this module keeps just that, as plain data in the
user's cache directory (cache.py), stored with the grammar text, the installed Lark and the
Python it was made with: it is rebuilt whenever one of them changes.

Lark is imported only to rebuild the tables; the data mirrors exactly what Lark's own
lexer and parser would use (terminal order, keyword handling, newline counting), so the
parser built from it behaves as Lark does.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from . import cache

# The grammar is shipped at the package's top (pyproject.toml), beside this sub-package.
GRAMMAR_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "grammar",
                            "nextflow_config.lark")
START_RULES = ("start", "expr")
# Raise when the stored layout changes, so old cache files are ignored.
FORMAT_VERSION = 5


class Tables:
    """Everything the parser and the lexer need, as plain data.

    rules: (origin, expansion as ((symbol, is_terminal), ...), alias, expand1, empty_indices)
    states: {state: {symbol: action}}; an action >= 0 shifts to that state, ~action reduces
        by rules[~action].
    accepts: {state: the terminals the lexer may return there}, the sets shared: what the
        state has an action for, and _NL always (the newline filter decides about it).
    terminals: {name: (regexp, first_chars, may_start_non_ascii)} in Lark's declaration order.
    literals: {name: text} for the terminals written as a string (`"{"`, `"def"`).
    scanner_order: {accepts_slashy: terminal names in the order Lark's lexer tries them}.
    keywords: {terminal: {text: keyword terminal}} (Lark's "unless" callbacks: `if` lexes as
        NAME and becomes IF).
    counts_lines: the terminals whose tokens may move the line count: Lark counts the
        newlines of those its regex test picks, of which these are the ones that can contain
        a newline at all (not NAME: a `[^...]` class is enough for Lark's test).
    ignore: the terminals skipped between tokens (blanks, comments, continued lines).
    allowed: {accepts_slashy: the terminals named when no terminal matches}, as Lark names them.
    start_states, end_states: {start rule: state}; regex_flags: the grammar's global flags.
    reduction_plans: per rule, what its callback does (reductions.reduction_plans).
    """

    __slots__ = ("rules", "states", "accepts", "start_states", "end_states", "terminals", "literals", "ignore",
                 "counts_lines", "scanner_order", "keywords", "allowed", "regex_flags", "reduction_plans")

    def __init__(self, data: dict[str, Any]) -> None:
        for name in self.__slots__:
            setattr(self, name, data[name])


def read_grammar() -> str:
    with open(GRAMMAR_FILE, encoding="utf-8") as handle:
        return handle.read()


def load_tables() -> Tables:
    grammar = read_grammar()
    key = _cache_key(grammar)
    data = cache.load("tables", key)
    if not isinstance(data, dict) or set(data) != set(Tables.__slots__):
        data = build_tables(grammar)
        cache.store("tables", key, data)
    return Tables(data)


def _cache_key(grammar: str) -> str:
    """The grammar, the Lark that builds the tables and the Python that stores them. Lark is
    identified by its installed files (importing it would cost what the cache saves)."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("lark")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("nflint-spot needs Lark to build its parser tables", name="lark")
    lark = os.stat(spec.origin)
    return "\0".join((f"format {FORMAT_VERSION}", sys.version, f"{spec.origin}:{lark.st_size}:{lark.st_mtime_ns}",
                      grammar))


def build_tables(grammar: str) -> dict[str, Any]:
    """Run Lark's LALR analysis and record what its contextual lexer and parser would use."""
    from lark import Lark
    from lark.lexer import PatternStr, _create_unless, _regexp_has_newline
    from lark.parsers.lalr_analysis import Shift

    from .reductions import reduction_plans
    from .regex_first import first_chars, may_contain

    lark = Lark(grammar, parser="lalr", lexer="basic", start=list(START_RULES),
                maybe_placeholders=True, keep_all_tokens=True)
    conf = lark.lexer_conf
    if conf.callbacks or conf.use_bytes:
        raise ValueError("the fast lexer supports neither lexer callbacks nor bytes input")

    table = lark.parser.parser._parse_table
    rule_index: dict[Any, int] = {}
    rules: list[tuple[Any, ...]] = []
    states: dict[int, dict[str, int]] = {}
    for state, actions in table.states.items():
        row = states[state] = {}
        for symbol, (action, arg) in actions.items():
            if action is Shift:
                row[str(symbol)] = arg
                continue
            if arg not in rule_index:
                rule_index[arg] = len(rules)
                # str(): Lark's names are often its Token class, which marshal refuses.
                rules.append((
                    str(arg.origin.name),
                    tuple((str(s.name), s.is_term) for s in arg.expansion),
                    None if arg.alias is None else str(arg.alias),
                    bool(arg.options.expand1),
                    tuple(arg.options.empty_indices),
                ))
            row[str(symbol)] = ~rule_index[arg]

    terminals = {}
    for t in conf.terminals:
        regexp = t.pattern.to_regexp()
        chars, non_ascii = first_chars(regexp, conf.g_regex_flags)
        terminals[str(t.name)] = (regexp, chars, non_ascii)

    # Two scanners, as in fast_lexer.py: where an operand may start `/` begins a slashy
    # string, elsewhere it is division. Each mirrors lark's BasicLexer: terminals sorted by
    # priority, then longest, and the keywords a regex terminal matches folded into it.
    scanner_order: dict[bool, tuple[str, ...]] = {}
    keywords: dict[str, dict[str, str]] = {}
    allowed: dict[bool, frozenset[str]] = {}
    for slashy, drop in ((True, "MUL_OP"), (False, "SLASHY")):
        kept = [t for t in conf.terminals if t.name != drop]
        kept.sort(key=lambda x: (-x.priority, -x.pattern.max_width, -len(x.pattern.value), x.name))
        kept, callbacks = _create_unless(kept, conf.g_regex_flags, conf.re_module, False)
        scanner_order[slashy] = tuple(str(t.name) for t in kept)
        allowed[slashy] = frozenset(str(t.name) for t in kept) - frozenset(conf.ignore)
        for name, callback in callbacks.items():
            words = {}
            for strtok in callback.scanner.terminals:
                if not isinstance(strtok.pattern, PatternStr) or strtok.pattern.flags:
                    raise ValueError(f"keyword terminal {strtok.name} has flags; the fast lexer matches keywords exactly")
                words.setdefault(strtok.pattern.value, str(strtok.name))
            if keywords.setdefault(str(name), words) != words:
                raise ValueError(f"the keywords of {name} differ between the two scanners")

    shared: dict[frozenset[str], frozenset[str]] = {}
    accepts = {state: shared.setdefault(names, names)
               for state, names in ((state, frozenset(row) | {"_NL"}) for state, row in states.items())}
    return {
        "rules": tuple(rules),
        "reduction_plans": reduction_plans(tuple(rules)),
        "states": states,
        "accepts": accepts,
        "start_states": {str(k): v for k, v in table.start_states.items()},
        "end_states": {str(k): v for k, v in table.end_states.items()},
        "terminals": terminals,
        "literals": {str(t.name): t.pattern.value for t in conf.terminals
                     if isinstance(t.pattern, PatternStr) and not t.pattern.flags},
        "ignore": frozenset(conf.ignore),
        "counts_lines": frozenset(
            str(t.name) for t in conf.terminals
            if _regexp_has_newline(t.pattern.to_regexp())
            and may_contain(t.pattern.to_regexp(), "\n", conf.g_regex_flags)
        ),
        "scanner_order": scanner_order,
        "keywords": keywords,
        "allowed": allowed,
        "regex_flags": conf.g_regex_flags,
    }
