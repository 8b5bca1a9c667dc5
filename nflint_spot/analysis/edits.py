"""Text edits a fix shares: a new top-level line after a statement, made once for every
profile scenario of a lint."""

from __future__ import annotations

from ..config.loader import Setting
from ..config.model import ConfigModel
from ..fixes import TextEdit
from ..span import Span, span_at_offset
from ..speed.value_memo import per_lint
from ..syntax.parser import SyntaxProblem, parse_config


def insert_line_after(model: ConfigModel, path: str, setting: Setting | None, line: str) -> TextEdit | None:
    """A new top-level line after the top-level statement holding `setting` (so after the
    `manifest { }` block, not inside it), else at the end of the file; None when the result
    would not parse. The same for every profile scenario of a lint: the fixed text is
    parsed once (a pipeline's nextflow.config, for each of its twenty profiles, was a
    third of its lint)."""
    key = ("insert-line-after", path, None if setting is None else id(setting), line)
    return per_lint(model.loaded, key, lambda: _insert_line_after(model, path, setting, line))


def _insert_line_after(model: ConfigModel, path: str, setting: Setting | None, line: str) -> TextEdit | None:
    source = model.loaded.files.get(path)
    if source is None or source.document is None:
        return None
    text = source.text
    offset = None
    if setting is not None and setting.path == path:
        offset = _end_of_statement_line(text, source.document.body, setting.span)
    if offset is not None:
        newline = "\r\n" if text[offset - 1 : offset + 1] == "\r\n" else "\n"
        if newline == "\r\n":
            offset -= 1
        edit = TextEdit(span_at_offset(text, offset), newline + line)
    else:
        ending = "" if text.endswith("\n") or not text else "\n"
        edit = TextEdit(span_at_offset(text, len(text)), ending + line + "\n")
    fixed = text[: edit.span.start] + edit.new_text + text[edit.span.end :]
    if isinstance(parse_config(fixed, path), SyntaxProblem):
        return None
    return edit


def _end_of_statement_line(text: str, body: tuple[object, ...], span: Span) -> int | None:
    """The offset of the line break ending the top-level statement around `span`, when
    nothing but blanks, `;` or a comment follows it on that line."""
    for statement in body:
        outer = statement.span  # type: ignore[attr-defined]
        if outer.start <= span.start and span.end <= outer.end:
            break
    else:
        return None
    line_end = text.find("\n", outer.end)
    if line_end < 0:
        line_end = len(text)
    rest = text[outer.end : line_end].strip().lstrip(";").strip()
    if rest and not rest.startswith("//"):
        return None
    return line_end
