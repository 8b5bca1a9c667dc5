"""The shared corpus, laid out again as its original repositories (MANIFEST.csv maps each
flat file name back to its path), so `includeConfig 'conf/base.config'` resolves as it does
upstream. Files are copied, never modified."""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


def corpus_dir() -> Path:
    """The shared corpus of real third-party configs (never edited): `NFLINT_CORPUS`, or
    `../shared/corpus` beside the repository."""
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    return Path(os.environ.get("NFLINT_CORPUS", default)).resolve()


@dataclass(frozen=True)
class CorpusFile:
    repo: str
    original: str  # path inside the repository
    flat: Path  # the corpus copy


def manifest(corpus: Path) -> list[CorpusFile]:
    rows = []
    with open(corpus / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            folder = row["repo"].replace("/", "__")
            rows.append(CorpusFile(row["repo"], row["path"], corpus / folder / row["path"].replace("/", "__")))
    return rows


def materialize(corpus: Path, target: Path) -> list[tuple[CorpusFile, Path]]:
    placed = []
    for item in manifest(corpus):
        destination = target / item.repo.replace("/", "__") / item.original
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item.flat, destination)
        placed.append((item, destination))
    return placed
