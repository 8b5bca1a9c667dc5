"""The language server's only position conversion: code points ⇄ the client's encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol.types import Position, Range

from nflint_spot.lint.linter import Selection, lint_text
from nflint_spot.lsp.positions import UTF8, UTF16, UTF32, PositionConverter
from nflint_spot.span import span_at_offset

TEXT = "a = 1\r\nb = '🚀é' // x\r\nc = 2"


def test_ascii_line_is_the_identity() -> None:
    converter = PositionConverter(TEXT)
    assert converter.position(1, 5) == Position(line=0, character=4)
    assert converter.offset(Position(line=0, character=4)) == 4


@pytest.mark.parametrize(("encoding", "after_emoji", "after_accent"), [
    (UTF16, 7, 8),   # 🚀 is a surrogate pair: 2 units
    (UTF8, 9, 11),   # 🚀 is 4 bytes, é is 2
    (UTF32, 6, 7),   # code points
])
def test_astral_and_accented_characters(encoding: str, after_emoji: int, after_accent: int) -> None:
    converter = PositionConverter(TEXT, encoding)
    # line 2 is `b = '🚀é' // x`; column 7 (1-based, code points) is just after the emoji
    assert converter.position(2, 7) == Position(line=1, character=after_emoji)
    assert converter.position(2, 8) == Position(line=1, character=after_accent)
    start = TEXT.index("b")
    assert converter.offset(Position(line=1, character=after_emoji)) == start + 6
    assert converter.offset(Position(line=1, character=after_accent)) == start + 7


def test_span_after_emoji_in_utf16() -> None:
    text = "params.tag = '🚀🚀'; process.maxRetries = 0\n"
    offset = text.index("process")
    converter = PositionConverter(text)
    range_ = converter.range(span_at_offset(text, offset, len("process.maxRetries = 0")))
    assert (range_.start.line, range_.start.character) == (0, offset + 2)
    assert (range_.end.line, range_.end.character) == (0, offset + 2 + len("process.maxRetries = 0"))


def test_inside_a_surrogate_pair_falls_back_to_the_character() -> None:
    converter = PositionConverter("x = '🚀'")
    assert converter.offset(Position(line=0, character=6)) == 5  # between the two halves of 🚀
    assert converter.offset(Position(line=0, character=7)) == 6


def test_crlf_the_carriage_return_is_not_addressable() -> None:
    converter = PositionConverter(TEXT)
    assert converter.line_text(0) == "a = 1"
    assert converter.position(1, 99) == Position(line=0, character=5)
    assert converter.offset(Position(line=0, character=99)) == 5  # before "\r"
    assert converter.offset(Position(line=2, character=0)) == TEXT.index("c")
    assert converter.position_of_offset(TEXT.index("c") + 1) == Position(line=2, character=1)


def test_out_of_range_positions_are_clamped() -> None:
    converter = PositionConverter(TEXT)
    assert converter.offset(Position(line=99, character=0)) == len(TEXT)
    assert converter.offset(Position(line=1, character=2**31 - 1)) == TEXT.index("\r\nc")
    assert converter.position(99, 1) == Position(line=2, character=5)
    assert converter.position_of_offset(10_000) == Position(line=2, character=5)
    assert converter.offset_of(99, 99) == len(TEXT)


def test_empty_text() -> None:
    converter = PositionConverter("")
    assert converter.position(1, 1) == Position(line=0, character=0)
    assert converter.offset(Position(line=3, character=3)) == 0


def test_linter_spans_convert_on_crlf_text_with_emoji(tmp_path: Path) -> None:
    # The errorStrategy is written: CFG014 fires where a retry happens.
    text = "params.tag = '🚀'\r\nparams.more = '🚀'; process.maxRetries = 0\r\nprocess.errorStrategy = 'retry'\r\n"
    result = lint_text(text, str(tmp_path / "nextflow.config"), selection=Selection(select=("CFG014",)))
    (d,) = result.diagnostics
    start = len("params.more = '🚀'; ".encode("utf-16-le")) // 2
    end = start + len("process.maxRetries = 0")
    assert PositionConverter(text).range(d.span) == Range(Position(line=1, character=start),
                                                          Position(line=1, character=end))
