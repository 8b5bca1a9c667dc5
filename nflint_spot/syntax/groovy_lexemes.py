"""Where Groovy's comments and string literals lie in a text, found without parsing it: the
pipeline scripts are read this way (pipeline.masked_code), and suppression comments are told
from `// nflint-spot:` inside a string (suppressions.scan). The strings are read as the
grammar's STRING, TSTRING, GSTRING, TGSTRING and SLASHY terminals read them
(grammar/nextflow_config.lark)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A line or block comment, or a string literal ('...', "...", '''...''', """...""", /.../):
# the first to start wins, so `"a // b"` is a string and `// "a"` a comment. A backslash
# escapes the next character in every string, a triple-quoted one too (`'''a\''' b'''` is
# one string, as the grammar's TSTRING). An unclosed one runs to the end of the text (a
# block comment or triple-quoted string) or of its line (a '...' or "..." one: the rest of
# the line is string, not comment). A slashy string cannot be empty (`//` is a comment) nor
# start with `/*`, and must close on its line (grammar's SLASHY); whether a `/` opens one
# or is division is decided by comments_and_strings, not here. Loops are written unrolled
# (a run of plain characters, then (special item, run)*), as the grammar's are, for speed;
# `\\.?` is an escape, or a lone backslash at the end of the text.
# A "..." string's `${...}` placeholders may hold quotes and braces and span lines: read as
# the grammar's GSTRING reads them (nested two levels), before the plain reading of one.
_SQ = r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
_DQ_FLAT = r'"(?:[^"\\$\n]|\\.|\$(?!\{))*"'
_PH3 = rf"\$\{{(?:[^{{}}\"'\\]|\\.|{_SQ}|{_DQ_FLAT})*\}}"
_DQ2 = rf'"(?:[^"\\$\n]|\\.|\$(?!\{{)|{_PH3})*"'
_BRACED2 = rf"\{{(?:[^{{}}\"'\\]|\\.|{_SQ}|{_DQ2})*\}}"
_PLACEHOLDER = rf"\$\{{(?:[^{{}}\"'\\]|\\.|{_SQ}|{_DQ2}|{_BRACED2})*\}}"
_GSTRING = rf'"[^"\\$\n]*(?:(?:\\.|\$(?!\{{)|{_PLACEHOLDER})[^"\\$\n]*)*"'

_LEXEME = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)"
    r"|'''[^'\\]*(?:(?:\\.?|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r"|\"\"\"[^\"\\]*(?:(?:\\.?|\"(?!\"\"))[^\"\\]*)*(?:\"\"\"|\Z)"
    r"|'[^'\\\n]*(?:\\.?[^'\\\n]*)*(?:'|(?=\n)|\Z)"
    rf"|{_GSTRING}"
    r"|\"[^\"\\\n]*(?:\\.?[^\"\\\n]*)*(?:\"|(?=\n)|\Z)"
    r"|(?P<slashy>/(?![/*])[^/\\\n]*(?:\\[^\n][^/\\\n]*)*/)", re.S)

# What a `/` must follow, on its own line and after blanks only, to open a slashy string:
# an operator or an opening bracket or separator, where an operand is expected (withName:
# /re/, x =~ /re/, [/a/, /b/]); not `!`, which also opens a script's `#!/usr/bin/env` line.
# Nextflow's lexer offers a slashy string after any token but an operand (ConfigLexer.g4
# and ScriptLexer.g4, isRegexAllowed:
# git show HEAD:modules/nf-lang/src/main/antlr/ConfigLexer.g4); this is the part of that
# rule that needs no parser: after a name, a number, a string or a closing bracket `/` is
# division (`a / b // comment`), and at a line start or after a keyword (`return /re/`) it
# is taken as division too, since a line continuing an expression inside parentheses and a
# keyword look the same as division's left operand without parsing.
_OPERAND_EXPECTED_AFTER = frozenset(":=(,[{;&|?~+-*%<>^")


def comments_and_strings(text: str) -> Iterator[re.Match[str]]:
    """The comments and string literals of `text`, in order, never overlapping."""
    position = 0
    while (lexeme := _LEXEME.search(text, position)) is not None:
        if lexeme.lastgroup == "slashy" and not _operand_expected(text, lexeme.start()):
            position = lexeme.start() + 1  # division: what follows it is read on
            continue
        yield lexeme
        position = lexeme.end()


def _operand_expected(text: str, slash: int) -> bool:
    at = slash - 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    return at >= 0 and text[at] in _OPERAND_EXPECTED_AFTER
