"""A persistent cache of lint results, as ruff, eslint and mypy keep: `check` on an input
that has not changed prints the stored diagnostics without parsing, linting or even
importing the linter.

A wrong hit is a wrong lint result, so an entry is used only when everything the lint
depended on is provably the same:

* the key (compared in full, cache.py): the cache format, nflint-spot's version, the exact
  Python build, a signature (size, mtime, ctime, inode) of every source file of the
  installed package and of the Lark and ruamel.yaml it uses (an edited checkout or an
  upgrade never reuses old results), the working directory (paths are linted as given), the
  file's path and every option that changes the lint;
* the facts stored in the entry and re-checked on every look-up:
  - every file the lint read, by content: `sources.read_config` logged each read (the root
    file and every include) with the text it gave, or the error for a missing or unreadable
    include, and the look-up reads each again the same way and compares — no trust in mtimes;
  - the settings files: `--settings`, or every one the walk up from the file finds
    (settings_discovery.settings_search: the file used and each rules.yaml judged on the
    way, read like the configs) must be the same paths, none come or gone, the repository
    root the walk stops at the same;
  - where includes lead: an include closing a cycle is never read, and whether it closes
    one depends on where symbolic links point, so when any file read has an `includeConfig`
    the real path of every file read and of every cycle's target (the lint's
    `cycle_targets`) must stay the same;
  - the pipeline: whether the config's directory holds main.nf or modules/, and when a
    pipeline directory is scanned, its directory tree (the directories and *.nf files
    pipeline.py would read, same skipping rules) with a signature of each script.

Script signatures are stat data, checked before and after the lint: an entry is not stored
when they moved during the lint, or when a script changed in the last few seconds (a second
change within the file system's timestamp granularity could not be seen), the way git
treats "racily clean" files. Whatever cannot be established makes the run lint and not store.
Entries are marshal data (no code) in the private per-user cache directory (cache.py),
written atomically; an unreadable or malformed entry is a miss; the oldest entries are
evicted beyond MAX_ENTRIES or MAX_BYTES.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Iterable

from .. import __version__
from . import cache
from .. import sources
from ..lint.settings_discovery import settings_search

FORMAT = 3
NAME = "result"
MAX_ENTRIES = 2000
MAX_BYTES = 100 * 1024 * 1024  # an entry holds the texts it was linted from: a big pipeline's, 200 kB
DISABLE_VARIABLE = "NFLINT_SPOT_NO_CACHE"
# Scripts changed this recently may have been changed again within one timestamp tick (up
# to 2 s on FAT, 1 s on some network file systems): such a lint is not stored.
FRESH_SECONDS = 3.0
# pipeline.py's walk, mirrored here so a look-up needs no part of the linter (a test keeps
# them equal; a change to pipeline.py changes the package signature anyway).
SKIPPED_DIRS = frozenset({"work", "node_modules", "results"})
SCRIPT_SUFFIX = ".nf"
_PACKAGE_SUFFIXES = (".py", ".lark", ".yaml")
_DEPENDENCIES = (("lark", ()), ("ruamel", ("yaml",)))


def disabled_by_environment() -> bool:
    return os.environ.get(DISABLE_VARIABLE, "") not in ("", "0")


# ---------------------------------------------------------------- the key


def _signature(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _tree_signature(root: str, suffixes: tuple[str, ...]) -> list[tuple[str, tuple[int, int, int, int]]]:
    """(relative path, signature) of every file under `root` ending in `suffixes`,
    following links (the development checkout links grammar/ and rules.yaml in)."""
    found = []
    prefix = len(root) + 1
    pending = [root]
    while pending:
        directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name == "__pycache__" or entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    pending.append(entry.path)
                elif entry.name.endswith(suffixes):
                    found.append((entry.path[prefix:], _signature(entry.stat())))
    found.sort()
    return found


def _dependency_signatures() -> list[tuple[str, Any]]:
    """Lark builds the parser tables, ruamel.yaml reads rules.yaml: an upgrade or reinstall
    rewrites their __init__.py, which changes its signature."""
    from importlib.machinery import PathFinder  # already loaded by the interpreter itself

    signatures: list[tuple[str, Any]] = []
    for name, parts in _DEPENDENCIES:
        spec = PathFinder.find_spec(name)
        for location in list(spec.submodule_search_locations or []) if spec is not None else []:
            init = os.path.join(location, *parts, "__init__.py")
            try:
                signatures.append((init, _signature(os.stat(init))))
            except OSError:
                signatures.append((init, None))
        if spec is None:
            signatures.append((name, None))
    return signatures


_PACKAGE_SIGNATURE: str | None = None


def package_signature() -> str:
    """What identifies the code that would lint: any edit or reinstall changes it."""
    global _PACKAGE_SIGNATURE
    if _PACKAGE_SIGNATURE is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # nflint_spot/, not speed/
        _PACKAGE_SIGNATURE = repr((package, _tree_signature(package, _PACKAGE_SUFFIXES), _dependency_signatures()))
    return _PACKAGE_SIGNATURE


def entry_key(path: str, lint_options: tuple[Any, ...]) -> str:
    """`lint_options`: every option that changes what linting `path` gives (the CLI's)."""
    return repr((FORMAT, __version__, sys.version, sys.executable, package_signature(), os.getcwd(), path,
                 lint_options))


# ---------------------------------------------------------------- file-system facts


def _probe_pipeline_dir(path: str) -> tuple[str, bool, bool]:
    """pipeline.find_pipeline_dir's two probes of the config's directory."""
    directory = os.path.dirname(os.path.abspath(path))
    return (directory, os.path.isfile(os.path.join(directory, "main.nf")),
            os.path.isdir(os.path.join(directory, "modules")))


def pipeline_directory(path: str, explicit: str | None) -> tuple[Any, str | None]:
    """(the probe facts, the directory pipeline.py scans or None), as analysis.py finds it."""
    if explicit is not None:
        return None, explicit
    probe = _probe_pipeline_dir(path)
    return probe, probe[0] if probe[1] or probe[2] else None


def script_tree(directory: str) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, Any], ...]]]:
    """Per directory pipeline.py walks: its path, the subdirectories it descends into and its
    scripts with their signatures (None when stat fails: pipeline.py skips those)."""
    tree = []
    for current, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        scripts = []
        for name in sorted(f for f in files if f.endswith(SCRIPT_SUFFIX)):
            try:
                scripts.append((name, _signature(os.stat(os.path.join(current, name)))))
            except OSError:
                scripts.append((name, None))
        tree.append((current, tuple(dirs), tuple(scripts)))
    return tree


def _fresh(tree: Iterable[tuple[str, tuple[str, ...], tuple[tuple[str, Any], ...]]], since: float) -> bool:
    limit = int((since - FRESH_SECONDS) * 1e9)
    return any(signature is not None and max(signature[1], signature[2]) >= limit
               for _, _, scripts in tree for _, signature in scripts)


class Recording:
    """The facts of one lint, taken around it (batch.lint_path). `facts()` is None when they
    cannot be established: the result is then not stored."""

    def __init__(self, path: str, settings_path: str | None, pipeline_dir: str | None, isolated: bool = False) -> None:
        self.path = path
        self.settings_path = settings_path
        self.pipeline_dir = pipeline_dir
        self.isolated = isolated
        self.started = time.time()
        self.settings_before = settings_files(path, settings_path, isolated)
        self.probe, self.directory = pipeline_directory(path, pipeline_dir)
        self.tree_before = script_tree(self.directory) if self.directory is not None else None
        sources.start_recording()

    def facts(self, texts: dict[str, str], cycle_targets: tuple[str, ...] = ()) -> tuple[Any, ...] | None:
        """`cycle_targets`: the include targets that closed a cycle in the lint
        (linter.LintResult.cycle_targets)."""
        reads = sources.stop_recording()
        by_path: dict[tuple[str, str], tuple[bool, str]] = {}
        for kind, path, ok, value in reads:
            if by_path.setdefault((kind, path), (ok, value)) != (ok, value):
                return None  # the same file read twice with different results: it changed
        for path, text in texts.items():  # every text the linter used came from a logged read
            if path.endswith(".nf"):
                continue  # a pipeline script: the script tree below holds its size and times
            if by_path.get(("config", path)) != (True, text):
                return None
        settings = settings_files(self.path, self.settings_path, self.isolated)
        if settings != self.settings_before:
            return None  # a settings file came or went during the lint
        tree = None
        if self.directory is not None:
            tree = script_tree(self.directory)
            if tree != self.tree_before or _fresh(tree, self.started):
                return None
        if pipeline_directory(self.path, self.pipeline_dir) != (self.probe, self.directory):
            return None  # main.nf or modules/ came or went during the lint
        links = _links(texts, cycle_targets)
        return (tuple((kind, path, ok, value) for (kind, path), (ok, value) in sorted(by_path.items())),
                settings, self.probe, self.directory, tree, tuple(texts), links)

    def abandon(self) -> None:
        sources.stop_recording()


def _links(texts: dict[str, str], cycle_targets: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(path, real path) of every file read and every include target that closed a cycle:
    whether an include closes a cycle depends on where symbolic links point. A lint reading
    one file without an include depends on no link."""
    if not any("includeConfig" in text for text in texts.values()):
        return ()
    return tuple(sorted((p, os.path.realpath(p)) for p in set(texts) | set(cycle_targets)))


def settings_files(path: str, settings_path: str | None, isolated: bool) -> tuple[Any, ...]:
    """Which settings files a lint of `path` could read: `--settings`, none (`--isolated`),
    or those the walk up from `path` finds, with where it stopped."""
    if isolated:
        return ()
    if settings_path is not None:
        return (settings_path,)
    search = settings_search(path)
    return (search.repository_root, search.candidates)


def _still_true(facts: Any, path: str, settings_path: str | None, pipeline_dir: str | None,
                isolated: bool) -> dict[str, str] | None:
    """The texts of the linted files when every fact still holds, else None."""
    reads, settings, probe, directory, tree, text_paths, links = facts
    if settings_files(path, settings_path, isolated) != settings:
        return None
    if pipeline_directory(path, pipeline_dir) != (probe, directory):
        return None
    got: dict[str, str] = {}
    for kind, read_path, ok, value in reads:
        now = _read_now(kind, read_path)
        if now != (ok, value):
            return None
        if kind == "config":
            got[read_path] = value
    if directory is not None and script_tree(directory) != tree:
        return None
    if any(os.path.realpath(p) != real for p, real in links):
        return None
    return {p: got[p] if p in got else _script_text(p) for p in text_paths}


def _script_text(path: str) -> str:
    """A pipeline script the stored lint read, unchanged since (the script tree holds)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _read_now(kind: str, path: str) -> tuple[bool, str]:
    if kind == "include":  # an include refused unread (sources.check_include): refused still?
        refusal = sources.file_refusal(path)
        return (True, "") if refusal is None else (False, refusal)
    if kind == "config":
        try:
            return True, sources.read_config(path)
        except sources.ConfigReadError as error:
            return False, error.detail
    try:
        return True, sources.read_settings_text(path)
    except sources.ConfigReadError as error:
        return False, error.detail


# ---------------------------------------------------------------- diagnostics as plain data


def _span(span: Any) -> tuple[int, ...]:
    return (span.start, span.end, span.line, span.column, span.end_line, span.end_column)


def encode(diagnostics: Iterable[Any]) -> list[tuple[Any, ...]]:
    out = []
    for d in diagnostics:
        fix = None if d.fix is None else (d.fix.title, tuple((_span(e.span), e.new_text) for e in d.fix.edits),
                                          d.fix.safe, tuple(d.fix.writes))
        related = tuple((r.path, _span(r.span), r.message) for r in d.related)
        out.append((d.path, _span(d.span), d.code, d.name, d.severity.value, d.message, d.suggestion, fix,
                    related, tuple(d.profiles), tuple(d.processes), d.excerpt))
    return out


_SEVERITIES = ("info", "warning", "error")


def _check_span(values: Any) -> None:
    if not isinstance(values, tuple) or len(values) != 6 or not all(type(v) is int for v in values):
        raise TypeError("malformed span")


def _check_strings(values: Any) -> None:
    if not isinstance(values, tuple) or not all(type(v) is str for v in values):
        raise TypeError("expected strings")


def _check_rows(rows: Any) -> None:
    """Raises TypeError or ValueError unless `rows` is what `encode` makes (checked without
    importing the diagnostic classes: a stored report may be all a run needs)."""
    if not isinstance(rows, list):
        raise TypeError("rows")
    for row in rows:
        path, where, code, name, severity, message, suggestion, fix, related, profiles, processes, excerpt = row
        _check_strings((path, code, name, severity, message, suggestion, excerpt))
        if severity not in _SEVERITIES:
            raise ValueError(severity)
        _check_span(where)
        if fix is not None:
            title, edits, safe, writes = fix
            if type(safe) is not bool or not isinstance(edits, tuple) or not isinstance(writes, tuple):
                raise TypeError("fix")
            _check_strings((title, *writes))
            for edit_span, new_text in edits:
                _check_span(edit_span)
                _check_strings((new_text,))
        if not isinstance(related, tuple):
            raise TypeError("related")
        for related_path, related_span, related_message in related:
            _check_strings((related_path, related_message))
            _check_span(related_span)
        _check_strings(profiles)
        _check_strings(processes)


def decode(rows: Any) -> list[Any]:
    """The diagnostics of rows `_check_rows` accepted."""
    from ..diagnostics import Diagnostic, Related, Severity
    from ..fixes import Fix, TextEdit
    from ..span import Span

    diagnostics = []
    for path, where, code, name, severity, message, suggestion, fix, related, profiles, processes, excerpt in rows:
        if fix is not None:
            title, edits, safe, writes = fix
            fix = Fix(title, tuple(TextEdit(Span(*s), text) for s, text in edits), safe, writes)
        diagnostics.append(Diagnostic(
            path, Span(*where), code, name, Severity(severity), message, suggestion, fix,
            tuple(Related(p, Span(*s), m) for p, s, m in related), profiles, processes, excerpt))
    return diagnostics


# ---------------------------------------------------------------- look-up and store


class Hit:
    """A stored lint whose facts all still hold. `reports`: what a one-file `check` printed
    from it, by how the report looks (format and output options), with the exit code."""

    def __init__(self, key: str, facts: Any, rows: Any, reports: dict[Any, tuple[str, int]],
                 texts: dict[str, str], notes: tuple[str, ...] = ()) -> None:
        self.key, self.facts, self.rows, self.reports, self.texts = key, facts, rows, reports, texts
        self.notes = notes  # linter.LintResult.notes

    def diagnostics(self) -> list[Any]:
        return decode(self.rows)  # checked when looked up: cannot fail here

    def remember_report(self, report_key: Any, output: str, exit_code: int) -> None:
        """Keep the report printed from this entry, so the next run only prints it."""
        if report_key in self.reports:
            return
        reports = {**self.reports, report_key: (output, exit_code)}
        try:
            cache.store(NAME, self.key, (self.facts, self.rows, reports, self.notes))
        except (OSError, ValueError):
            pass  # not kept: the next run renders it again


def lookup(path: str, lint_options: tuple[Any, ...], settings_path: str | None,
           pipeline_dir: str | None, isolated: bool = False) -> Hit | None:
    """The stored lint of `path` when everything it depended on still holds, else None."""
    try:
        key = entry_key(path, lint_options)
        entry = cache.load(NAME, key, touch=True)
    except OSError:  # the working directory vanished, a package file cannot be listed...
        return None
    if entry is None:
        return None
    try:
        facts, rows, reports, notes = entry
        if not isinstance(notes, tuple) or not all(type(note) is str for note in notes):
            return None
        if not isinstance(reports, dict) or not all(
                isinstance(v, tuple) and len(v) == 2 and type(v[0]) is str and type(v[1]) is int
                for v in reports.values()):
            return None
        texts = _still_true(facts, path, settings_path, pipeline_dir, isolated)
        if texts is None:
            return None
        _check_rows(rows)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None  # an entry of another shape: a miss, never a crash
    return Hit(key, facts, rows, reports, texts, notes)


def store(path: str, lint_options: tuple[Any, ...], facts: tuple[Any, ...], diagnostics: list[Any],
          reports: dict[Any, tuple[str, int]] | None = None, notes: tuple[str, ...] = ()) -> None:
    """`reports`: what a one-file `check` printed from these diagnostics (see Hit)."""
    try:
        written = cache.store(NAME, entry_key(path, lint_options), (facts, encode(diagnostics), reports or {}, notes))
    except (OSError, ValueError):  # ValueError: marshal met a type it cannot write
        return
    global _evicted
    if written is not None and not _evicted:  # once a run: a run storing 500 results lists the entries once
        _evicted = True
        _evict(os.path.dirname(written))


_evicted = False


def _evict(directory: str) -> None:
    """Keep at most MAX_ENTRIES results and MAX_BYTES: drop the least recently written or used."""
    prefix = f"{NAME}-"
    found = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.startswith(prefix):
                    try:
                        info = entry.stat()
                    except OSError:
                        continue  # removed meanwhile by another run
                    found.append((info.st_mtime_ns, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in found)
    if len(found) <= MAX_ENTRIES and total <= MAX_BYTES:
        return
    found.sort()
    # Down to three quarters of both limits, so that the next runs need not evict again.
    while found and (len(found) > MAX_ENTRIES * 3 // 4 or total > MAX_BYTES * 3 // 4):
        _, size, path = found.pop(0)
        total -= size
        try:
            os.unlink(path)
        except OSError:
            pass
