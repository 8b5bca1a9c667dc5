"""The one entry point: text → diagnostics. The CLI, the language server and the tests all
call `lint_text` / `lint_file`; none of them re-implements a step.

    text ─parse/load─▶ LoadedConfig ─build_model (per profile)─▶ ConfigModel ─rules─▶ Findings
         ─merge across profiles─▶ Diagnostics ─suppressions─▶ sorted list
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from . import suppressions
from ..speed import value_memo
from ..speed.collector import uncollected
from ..speed.shared import shared_findings
from ..analysis.scenarios import AnalysisOptions, build_models, check_run, load, pipeline_processes
from ..diagnostics import Diagnostic, Finding, INTERNAL_ERROR_CODE, Related, Severity
from ..fixes import Fix
from ..config.loader import LoadedConfig
from ..config.model import ConfigModel
from ..syntax.nodes import Document
from ..syntax.parser import SyntaxProblem
from ..rules import ALL_RULES, RULES_BY_CODE
from ..rules.base import Rule
from .settings import LintSettings
from ..span import excerpt
from ..config.versions import join_stretches
from ..sources import read_config

INTERNAL_ERROR_NAME = "internal-error"


@dataclass(frozen=True)
class Selection:
    """Which rules run (`--select` / `--ignore`: codes, names or code prefixes; `--extend-select`
    adds to what `--select`, else the settings, enable) and the lowest severity reported.
    `--ignore` wins over both, as a rule's settings are the base both start from."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.INFO
    extend_select: tuple[str, ...] = ()

    def enabled(self, rule: type[Rule], settings: LintSettings) -> bool:
        config = settings.rule_config(rule.code)
        chosen = matches_rule(rule, self.select) if self.select else config.enabled
        return (chosen or matches_rule(rule, self.extend_select)) and not matches_rule(rule, self.ignore)


def matches_rule(rule: type[Rule], patterns: tuple[str, ...]) -> bool:
    # Names, codes and any prefix of a code (`SPOT`, `SPOT00`, `spot01`) match whatever their
    # case, as ruff's --select does.
    return any(p.lower() == rule.name or (p.isascii() and p.isalnum() and rule.code.startswith(p.upper()))
               for p in patterns)


@dataclass
class LintResult:
    """A lint's diagnostics, the text of every file it read, and where its includes led."""

    diagnostics: list[Diagnostic]
    texts: dict[str, str] = field(default_factory=dict)  # every file read, for --fix and excerpts
    # Include targets that closed a cycle (never read: the result cache checks where they lead).
    cycle_targets: tuple[str, ...] = ()
    # What the lint says of the config as a whole, once (printed beside the summary).
    notes: tuple[str, ...] = ()


def syntax_diagnostic(problem: SyntaxProblem) -> Diagnostic:
    expected = problem.message.partition(", expected ")[2]
    suggestion = (f"Correct the text at this position (expected {expected})." if expected
                  else "Correct the syntax at this position.")
    return Diagnostic(problem.path, problem.span, "SYN001", "syntax-error", Severity.ERROR,
                      problem.message, suggestion, excerpt=problem.excerpt)


def lint_text(text: str, path: str, settings: LintSettings | None = None,
              options: AnalysisOptions | None = None, selection: Selection | None = None,
              strict: bool = False, parsed: Document | SyntaxProblem | None = None,
              buffers: dict[str, str] | None = None) -> LintResult:
    """Lint `text` as the config at `path` (its includes are read from disk). `strict`
    re-raises a crashing rule instead of reporting it (tests). `parsed`: the parse of `text`
    when the caller has it; `buffers`, the text of other files of the run when the caller
    has it (other open editor buffers). Raises analysis.RunError when the run cannot be
    linted as asked (a profile no file defines, a `-c` file with a syntax error) and
    sources.ConfigReadError when a `-c` file cannot be read."""
    # A lint makes hundreds of thousands of objects (trees, settings, views, memo entries),
    # none of them in a reference cycle: the cyclic garbage collector would walk them again
    # and again (a tenth of a corpus run). Reference counting still frees them.
    with uncollected():
        return _lint_text(text, path, settings, options, selection, strict, parsed, buffers)


def _lint_text(text: str, path: str, settings: LintSettings | None, options: AnalysisOptions | None,
               selection: Selection | None, strict: bool, parsed: Document | SyntaxProblem | None,
               buffers: dict[str, str] | None) -> LintResult:
    from .settings import load_settings

    value_memo.begin_lint()
    settings = settings or load_settings(near=path)
    options = options or AnalysisOptions()
    selection = selection or Selection()
    loaded = load(path, text, parsed, options, buffers)
    check_run(loaded, options)
    texts = {p: f.text for p, f in loaded.files.items()}
    raw: list[Diagnostic] = []
    notes: tuple[str, ...] = ()
    enabled = [rule for rule in ALL_RULES if selection.enabled(rule, settings)]
    enabled_codes = {rule.code for rule in enabled}
    if "SYN001" in enabled_codes:
        raw.extend(syntax_diagnostic(f.problem) for f in loaded.files.values() if f.problem is not None)
    if loaded.files[path].document is not None:
        if options.nextflow_version is None and settings.nextflow_version:
            options = _with_version(options, settings.nextflow_version)
        pipeline = pipeline_processes(path, options, loaded)
        if pipeline is not None:  # excerpts and fixes of findings in the scripts
            texts.update(pipeline.texts)
        models = build_models(loaded, options, pipeline, settings.environment)
        raw.extend(_run_rules(models, [r for r in enabled if r.scope == "model"], settings, path, texts, strict))
        notes = _fragment_note(models, enabled, path)
    comments = _suppressions(loaded)
    found = suppressions.apply(raw, comments)
    if "SUP001" in enabled_codes:
        found.extend(_unused_suppressions(comments, enabled, settings, texts))
    if "SUP002" in enabled_codes:
        found.extend(_malformed_suppressions(comments, settings, texts))
    kept = [d for d in found if d.severity.rank >= selection.min_severity.rank]
    kept.sort(key=lambda d: d.sort_key)
    cycles = tuple(r.target for r in loaded.includes if r.status == "cycle" and r.target is not None)
    return LintResult(kept, texts, cycles, notes)


def lint_file(path: str, settings: LintSettings | None = None, options: AnalysisOptions | None = None,
              selection: Selection | None = None, strict: bool = False) -> LintResult:
    """Raises sources.ConfigReadError when the file itself cannot be read."""
    return lint_text(read_config(path), path, settings, options, selection, strict=strict)


def _with_version(options: AnalysisOptions, version: str) -> AnalysisOptions:
    import dataclasses

    return dataclasses.replace(options, nextflow_version=version)


def _run_rules(models: list[ConfigModel], rules: list[type[Rule]], settings: LintSettings, root: str,
               texts: dict[str, str], strict: bool) -> list[Diagnostic]:
    """Run every rule on every scenario (profiles, and the stretches of Nextflow releases
    analysed); a finding seen in several is reported once, naming the profiles it holds for
    (none named = all of them) and the releases (none named = all of them)."""
    merged: dict[tuple[object, ...], tuple[type[Rule], Finding, list[str], set[str | None]]] = {}
    checks = [(rule, rule(), settings.rule_config(rule.code).options) for rule in rules]
    # The stretches of releases analysed; a model with no label stands for all of them.
    releases = list(dict.fromkeys(m.version_label for m in models if m.version_label is not None)) or [None]
    # The keys a rule found in a profile scenario's latest stretch of releases: a stretch that
    # changes nothing the rule depends on (Rule.releases_matter) extends them to itself.
    latest: dict[tuple[str, str], list[tuple[object, ...]]] = {}
    several = len(releases) > 1
    for model in models:
        label = model.profile_label
        for rule, instance, options in checks:
            if several and model.version_feature not in rule.releases_matter and model.version_label is not None \
                    and model.version_label != releases[0]:
                for key in latest.get((rule.code, label), ()):
                    merged[key][3].add(model.version_label)
                continue
            try:
                # A rule that declares what its findings depend on (Rule.shares) is checked once
                # for the scenarios sharing it.
                findings = list(instance.check(model, options)) if rule.shares is None \
                    else shared_findings(instance, model, options)
            except Exception as error:  # a rule bug must not hide the other findings
                if strict:
                    raise
                findings = [Finding(model.loaded.files[root].document.span,  # type: ignore[union-attr]
                                    f"rule {rule.code} ({rule.name}) crashed: {type(error).__name__}: {error}")]
                rule = _InternalError
            keys: list[tuple[object, ...]] = []
            if several:
                latest[(rule.code, label)] = keys
            for finding in findings:
                if model.version_label is not None:
                    finding = _release_neutral(finding, str(model.version))
                key = (rule.code, finding.path or root, finding.span.start, finding.span.end, finding.message)
                keys.append(key)
                held = set(releases) if model.version_label is None else {model.version_label}
                if key in merged:
                    entry = merged[key]
                    if label not in entry[2]:
                        entry[2].append(label)
                    entry[3].update(held)
                else:
                    merged[key] = (rule, finding, [label], held)
    every = list(dict.fromkeys(m.profile_label for m in models))
    unpinned = any(m.version.source == "range" and not m.version.text for m in models if m.version_label)
    entries = _across_releases(list(merged.values()), releases) if len(releases) > 1 else list(merged.values())
    diagnostics = []
    for rule, finding, labels, versions in entries:
        path = finding.path or root
        severity = settings.rule_config(rule.code).severity if rule is not _InternalError else Severity.ERROR
        profiles = () if len(every) > 1 and labels == every else tuple(labels) if len(every) > 1 else ()
        message, suggestion = finding.message, finding.suggestion
        if RELEASE in message or RELEASE in suggestion:
            # The release a version scenario stands for, named by the stretches it held for.
            held = join_stretches(releases, versions).replace("Nextflow ", "")  # type: ignore[arg-type]
            message, suggestion = message.replace(RELEASE, held), suggestion.replace(RELEASE, held)
        if len(releases) > 1 and len(versions) < len(releases):
            # The verdict differs across the releases allowed: say for which it holds.
            message += f" [{join_stretches(releases, versions)}]"  # type: ignore[arg-type]
            if unpinned:
                severity = Severity.INFO if severity.rank > Severity.INFO.rank else severity
                suggestion = ("Pin the release (manifest.nextflowVersion, or --nextflow-version) to judge this "
                              "for yours. " + suggestion)
        diagnostics.append(Diagnostic(
            path, finding.span, rule.code, rule.name, severity, message, suggestion,
            finding.fix, finding.related, profiles or finding.profiles, tuple(dict.fromkeys(finding.processes)),
            excerpt(texts[path], finding.span) if path in texts else "",
        ))
    return diagnostics


_Entry = tuple  # (rule, finding, profile labels, version labels): see _run_rules
# Stands for the release a version scenario analysed, in a finding's words while findings
# are merged: the same words for two stretches of releases are one finding.
RELEASE = "\0release"


def _release_neutral(finding: Finding, release: str) -> Finding:
    """The finding's words with the analysed release as RELEASE where they name it
    (`Nextflow 23.04.0`, `assuming 23.04.0`; a version constraint such as '!>=23.04.0' is
    left as written)."""
    message, suggestion = (_RELEASE_WORDS.sub(lambda m: m.group(1) + RELEASE if m.group(2) == release else m.group(0),
                                              text) for text in (finding.message, finding.suggestion))
    if message == finding.message and suggestion == finding.suggestion:
        return finding
    return dataclasses.replace(finding, message=message, suggestion=suggestion)


_RELEASE_WORDS = re.compile(r"((?:Nextflow|assuming) )(\d+\.\d+\.\d+)")


def _across_releases(entries: list[_Entry], releases: list[str | None]) -> list[_Entry]:
    """Findings at one place that each hold for some stretches of releases and together for
    all of them (the same long task on Spot, with the worst case of each maxSpotAttempts
    default) are one finding: the newest stretch's words, each other stretch's as a note."""
    groups: dict[tuple[object, ...], list[_Entry]] = {}
    for entry in entries:  # by place and by the profiles they hold for
        rule, finding = entry[0], entry[1]
        groups.setdefault((rule.code, finding.path, finding.span.start, finding.span.end, tuple(entry[2])),
                          []).append(entry)
    out: list[_Entry] = []
    for group in groups.values():
        covered = [v for entry in group for v in entry[3]]
        if len(group) == 1 or len(covered) != len(set(covered)) or set(covered) != set(releases):
            out.extend(group)
            continue
        group.sort(key=lambda entry: max(releases.index(v) for v in entry[3]), reverse=True)
        rule, newest, labels, _ = group[0]
        notes = tuple(Related(newest.path or "", newest.span,
                              f"with {join_stretches(releases, entry[3])}: "  # type: ignore[arg-type]
                              + entry[1].message.replace(RELEASE, join_stretches(releases, entry[3])  # type: ignore[arg-type]
                                                         .replace("Nextflow ", "")))
                      for entry in group[1:])
        related = notes + newest.related
        profiles = list(dict.fromkeys(label for entry in group for label in entry[2]))
        processes = tuple(dict.fromkeys(p for entry in group for p in entry[1].processes))
        combined = Finding(newest.span, newest.message, newest.suggestion, newest.fix, related, newest.profiles,
                           processes, newest.path)
        out.append((rule, combined, profiles, set(releases)))
    return out


def _fragment_note(models: list[ConfigModel], enabled: list[type[Rule]], path: str) -> tuple[str, ...]:
    """Said once when the config is a fragment (ConfigModel.complete) and rules that judge a
    directive the config does not set skip it: silence is not their verdict."""
    skipping = [rule.code for rule in enabled if rule.needs_complete_config]
    if not skipping or not models or models[0].complete:
        return ()
    process_keys = [s.key for s in models[0].loaded.settings if s.key[0] == "process"]
    if not process_keys or any(key[-1] == "errorStrategy" for key in process_keys):
        return ()  # nothing of the processes to judge, or the fragment says what errorStrategy is
    version = models[0].version
    release = f", Nextflow {version.describe()} is assumed" if version.source == "current" else ""
    return (f"{path} is linted on its own (no pipeline, not a project's nextflow.config){release}: the configs "
            f"it is layered over may set errorStrategy, so {', '.join(skipping)} do not judge a process it "
            f"leaves without one. Lint the run: nflint-spot check PIPELINE_DIR -c {path}",)


class _InternalError(Rule):
    """A rule crashed; the message names it. Please report it."""

    code = INTERNAL_ERROR_CODE
    name = INTERNAL_ERROR_NAME
    severity = Severity.ERROR


def _suppressions(loaded: LoadedConfig) -> list[suppressions.Suppression]:
    found = []
    for path, source in loaded.files.items():
        found.extend(suppressions.scan(source.text, path))
    return found


def _unused_suppressions(comments: list[suppressions.Suppression], enabled: list[type[Rule]],
                         settings: LintSettings, texts: dict[str, str]) -> list[Diagnostic]:
    """SUP001 for each code in a suppression comment that silenced nothing, with a safe fix
    that removes the code (the whole comment when none of its codes silenced anything).
    It points at the code in the brackets when others of the list are used, so the one to
    delete is the one underlined; at the whole comment when the whole comment goes.
    Codes of rules that did not run (disabled, --select) are not judged."""
    ran = {rule.code for rule in enabled} | {rule.name for rule in enabled}
    known = set(RULES_BY_CODE) | {rule.name for rule in ALL_RULES}
    severity = settings.rule_config("SUP001").severity
    diagnostics = []
    for comment in comments:
        unused = []
        for index, code in enumerate(comment.codes):
            rule = code.upper() if code.upper() in known else code.lower()  # any case (Suppression.covers)
            if code in comment.used or (rule in known and rule not in ran):
                continue
            unused.append((index, code, "matches no finding" if rule in known else "is not a rule code or name"))
        whole = len(unused) == len(comment.codes)
        text = texts.get(comment.path)
        for index, code, why in unused:
            fix = None
            if text is not None:
                edit = comment.removal(text, None if whole else index)
                fix = Fix("Remove the unused suppression" if whole else f"Remove `{code}` from the suppression",
                          (edit,), safe=True)
            span = comment.span if whole else comment.code_span(index)
            diagnostics.append(Diagnostic(
                comment.path, span, "SUP001", "unused-suppression", severity,
                f"suppression of {code} {why}; remove it", "Delete the comment (or the code from its list).",
                fix, excerpt=excerpt(text, span) if text is not None else "",
            ))
    return diagnostics


def _malformed_suppressions(comments: list[suppressions.Suppression], settings: LintSettings,
                            texts: dict[str, str]) -> list[Diagnostic]:
    """SUP002 for each comment meant as a suppression that is not one."""
    severity = settings.rule_config("SUP002").severity
    return [Diagnostic(comment.path, comment.span, "SUP002", "malformed-suppression", severity,
                       comment.problem,
                       "Write `// nflint-spot: ignore[CODE,...]` (or `ignore-file[CODE,...]`), or delete the comment.",
                       excerpt=excerpt(texts[comment.path], comment.span) if comment.path in texts else "")
            for comment in comments if comment.problem]
