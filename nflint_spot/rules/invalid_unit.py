from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..analysis.config_values import node_location, param_setting, process_directive, script_directives
from ..analysis.units import (
    DURATION, MEMORY, UNIT, Problem, script_directive_problems, unit_candidates, unit_problems,
)
from ..diagnostics import Finding, Related, Severity
from ..fixes import Fix
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive
from .base import NoOptions, Rule


class InvalidUnit(Rule):
    """A duration or memory value Nextflow rejects: `'1hr'`, `'1H'`, `'8 gb'`, `'8 GiB'`, `4.hr`.

    Why: Nextflow converts strings with strict, case-sensitive rules. Duration strings take
    `ms`, `s`, `sec`, `m`, `min`, `h`, `hour`, `d`, `day` (and plurals) in lower case, so
    `'1hr'` and `'1H'` are errors; memory strings take a unit letter and an upper-case `B`
    (`'8 GB'`, `'8G'`), so `'8 gb'`, `'8 Gb'` and `'8 GiB'` are errors. The task fails
    ("Not a valid `time` value") or the option is refused when the value is read, for a closure
    only when the bad branch is taken, which is often a retry on Spot. The `8.GB` property
    form is case-insensitive, but an unknown unit (`4.hr`, `8.gib`, `8.g`) fails when the
    config is read. Nextflow's `GB` is 1024-based, so `'8 GiB'` means `'8 GB'`. Strings in
    `params` are checked only where a directive uses them directly.

    Bad:
        process {
            time   = '1hr'
            memory = { task.attempt > 1 ? '16 gb' : '8 GB' }
            resourceLimits = [memory: '64 GiB', time: 24.hr]
        }

    Good:
        process {
            time   = '1h'
            memory = { task.attempt > 1 ? '16 GB' : '8 GB' }
            resourceLimits = [memory: 64.GB, time: 24.h]
        }

    Fix: write the unit Nextflow expects (an unsafe fix when the intended unit is clear:
    '1hr' → '1h', '1H' → '1h', '8 gb' → '8 GB', '8 GiB' → '8 GB', 4.hr → 4.h).
    """

    code = "CFG013"
    name = "invalid-unit"
    severity = Severity.ERROR
    fixable = "unsafe"
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for setting in unit_candidates(model):
            if setting.profile is not None and setting.profile not in model.profiles:
                continue
            problems = unit_problems(model, setting)
            if problems:
                yield _finding(setting, _display_name(setting.key), problems, model)
        for directive in script_directives(model):
            problems = script_directive_problems(model, directive)
            if problems:
                yield _finding(directive, directive.name, problems, model)


def _display_name(key: tuple[str, ...]) -> str:
    """`time` for a process directive (selectors included), the dotted key otherwise."""
    directive = process_directive(key)
    return ".".join(directive) if directive is not None else ".".join(key)


def _finding(source: Setting | Directive, name: str, problems: list[Problem], model: ConfigModel) -> Finding:
    path, span, _ = node_location(source, problems[0].node)
    message = (f"{name}: " + "; ".join(_describe(p) for p in problems)
               + ": Nextflow fails with an error when it reads the value")
    edits = tuple(p.edit for p in problems if p.edit is not None)
    fix = None
    if edits:
        title = "Write " + ", ".join(f"`{p.fixed}`" for p in problems if p.edit is not None and p.fixed)
        fix = Fix(title, edits, safe=False)
    related: tuple[Related, ...] = ()
    for problem in problems:
        param = param_setting(model, problem.node) if isinstance(problem.node, (n.Property, n.Index)) else None
        if param is not None:
            related += (Related(param.path, param.span, f"params.{param.key[1]} is set here"),)
    return Finding(span, message, _suggestion({p.kind for p in problems}), fix=fix, related=related, path=path)


def _suggestion(kinds: set[str]) -> str:
    parts = []
    if DURATION in kinds:
        parts.append("durations take lower-case ms, s, m, min, h, hour, d, day ('1h 30m', 90.min)")
    if MEMORY in kinds:
        parts.append("memory takes B, KB, MB, GB, TB with an upper-case B ('8 GB', 8.GB; GB is 1024-based)")
    if UNIT in kinds:
        parts.append("N.unit needs a Nextflow unit (4.h, 8.GB)")
    return "Use Nextflow's units: " + "; ".join(parts) + "."


def _describe(problem: Problem) -> str:
    if problem.kind == UNIT:
        name = problem.shown.rpartition(".")[2]
        text = f"{problem.shown} uses a unit Nextflow does not know ('No such property: {name}')"
    else:
        what = "a duration" if problem.kind == DURATION else "a memory size"
        text = f"{problem.shown} is not {what} Nextflow accepts"
    return text + (f" (did you mean {problem.fixed}?)" if problem.fixed else "")
