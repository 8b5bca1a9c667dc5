"""The lints of the files `check` is given, merged into one."""

from __future__ import annotations


def merge_lints(per_file: list[tuple[list, dict[str, str], tuple[str, ...]]],
                ) -> tuple[list, dict[str, str], tuple[str, ...]]:
    """The diagnostics of all files, sorted; one reported once when two linted configs
    include the same file. The notes of all, each once.

    Such a finding keeps its fix only when every config reporting it offers that fix: one
    config may already set what the fix writes (CFG010's "already set" has none), and a fix
    written into the shared file is written into each of them."""
    from dataclasses import replace

    diagnostics, texts, at = [], {}, {}
    notes: dict[str, None] = {}
    for file_diagnostics, file_texts, file_notes in per_file:
        texts.update(file_texts)
        notes.update(dict.fromkeys(file_notes))
        for d in file_diagnostics:
            key = (d.code, d.path, d.span.start, d.span.end, d.message)
            if key not in at:
                at[key] = len(diagnostics)
                diagnostics.append(d)
                continue
            kept = diagnostics[at[key]]
            if kept.fix is not None and kept.fix != d.fix:  # the one saying why it is not fixed
                diagnostics[at[key]] = d if d.fix is None else replace(kept, fix=None)
    diagnostics.sort(key=lambda d: d.sort_key)
    return diagnostics, texts, tuple(notes)
