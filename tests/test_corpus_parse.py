"""Every `*.config` file of the shared corpus of real third-party configs parses to a
Document, each as its own test (id = its path inside the corpus).

The corpus is never modified. A file that is not a Nextflow config at all may be listed,
with a reason, in `corpus_exclusions.txt`; nothing else is skipped. A missing corpus is a
failure, not a skip: a green run must mean the corpus was parsed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.syntax.nodes import Document
from nflint_spot.syntax.parser import SyntaxProblem, parse_config
from nflint_spot.sources import read_config

from conftest import corpus_dir

EXPECTED_MINIMUM = 1431
EXCLUSIONS_FILE = Path(__file__).resolve().parent / "corpus_exclusions.txt"


def read_exclusions(path: Path = EXCLUSIONS_FILE) -> dict[str, str]:
    """`relative/path  # reason` lines; blank lines and lines starting with `#` are comments."""
    exclusions: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        relative, hash_sign, reason = line.partition("#")
        if not hash_sign or not reason.strip() or not relative.strip():
            raise ValueError(f"{path.name}:{number}: expected `relative/path  # reason`, got {line!r}")
        exclusions[relative.strip()] = reason.strip()
    return exclusions


def corpus_files() -> list[str]:
    root = corpus_dir()
    if not root.is_dir():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.config") if path.is_file())


CORPUS_FILES = corpus_files()
EXCLUSIONS = read_exclusions()
MISSING_CORPUS = (
    f"the corpus directory {corpus_dir()} is missing or holds no *.config files; "
    "it is ../shared/corpus next to the repository, or set NFLINT_CORPUS to its location"
)


def _params() -> list[object]:
    if not CORPUS_FILES:
        # An empty parameter list would make pytest skip; fail instead.
        return [pytest.param(None, id="corpus-missing")]
    params: list[object] = []
    for relative in CORPUS_FILES:
        reason = EXCLUSIONS.get(relative)
        marks = [pytest.mark.xfail(strict=True, reason=f"excluded: {reason}")] if reason else []
        params.append(pytest.param(relative, id=relative, marks=marks))
    return params


@pytest.mark.parametrize("relative", _params())
def test_corpus_file_parses(relative: str | None) -> None:
    if relative is None:
        pytest.fail(MISSING_CORPUS)
    path = corpus_dir() / relative
    result = parse_config(read_config(str(path)), relative)
    if isinstance(result, SyntaxProblem):
        pytest.fail(f"{relative}:{result.span.line}:{result.span.column}: {result.message}\n{result.excerpt}")
    assert isinstance(result, Document)


def test_corpus_is_present_and_complete() -> None:
    assert corpus_dir().is_dir(), MISSING_CORPUS
    assert len(CORPUS_FILES) >= EXPECTED_MINIMUM, (
        f"{len(CORPUS_FILES)} *.config files under {corpus_dir()}, expected at least {EXPECTED_MINIMUM}"
    )


def test_every_exclusion_names_a_corpus_file() -> None:
    assert CORPUS_FILES, MISSING_CORPUS
    unknown = sorted(set(EXCLUSIONS) - set(CORPUS_FILES))
    assert not unknown, f"corpus_exclusions.txt lists files that are not in the corpus: {unknown}"


def test_exclusion_lines_need_a_reason(tmp_path: Path) -> None:
    listing = tmp_path / "exclusions.txt"
    listing.write_text("# header\n\nrepo/a.config  # a Java properties file\n", encoding="utf-8")
    assert read_exclusions(listing) == {"repo/a.config": "a Java properties file"}
    listing.write_text("repo/b.config\n", encoding="utf-8")
    with pytest.raises(ValueError, match="exclusions.txt:1: expected"):
        read_exclusions(listing)
