"""Where Groovy's comments and string literals lie in a text, found without parsing it: the
pipeline scripts are read this way (pipeline.masked_code), and suppression comments are told
from `// nflint-spot:` inside a string (suppressions.scan)."""

from __future__ import annotations

import re

# A line or block comment, or a string literal ('...', "...", '''...''', """..."""): the
# first to start wins, so `"a // b"` is a string and `// "a"` a comment. An unclosed one
# runs to the end of the text (a block or triple-quoted one) or of its line.
COMMENTS_AND_STRINGS = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|'''.*?(?:'''|\Z)|\"\"\".*?(?:\"\"\"|\Z)"
    r"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.S)
