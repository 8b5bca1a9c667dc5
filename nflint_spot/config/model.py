"""LoadedConfig → ConfigModel: what each process really gets, for one profile selection.

Precedence exactly as Nextflow (reference §1.6 and §2.1):
  * config merging: later settings win; profiles are applied after the whole config in
    their definition order (legacy v1), or where their `profiles { }` block closes in
    command-line order (strict v2);
  * per process (resolve_process): the process definition < `withLabel` selectors matching
    any label < `withName` selectors matching its declared name, alias, then fully qualified
    name; within a tier, selectors apply in the order their keys first appear in the merged
    config; `process.<directive>` defaults fill what is unset or exactly the built-in
    default (`maxRetries 1`).
Rules read this model, never raw syntax.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..syntax import nodes as n
from .loader import LoadedConfig, Setting
from .pipeline import ProcessDef
from .pipeline_graph import MissingModule
from .queues import QueuePolicy
from .selectors import selector_matches
from ..speed.frozen import constructor
from ..syntax.names import SETTING_PREFIX, node_children, setting_reference
from ..values.evaluator import FUNCTION_PREFIX
from ..speed.value_memo import key_facts, lint_memoised, node_fact, per_lint, per_node, reads_params
from ..span import Span
from .versions import NextflowVersion

TIERS = ("default", "process", "withLabel", "withName")
# Rules look settings up by a few fixed dotted names, for every view and scenario.
_DOTTED: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a directive's value comes from."""

    path: str
    span: Span
    tier: str  # one of TIERS
    profile: str | None = None
    selector: str | None = None

    def where(self) -> str:
        return f"{self.path}:{self.span.line}"


@dataclass(frozen=True, slots=True)
class Directive:
    """A process directive's value, and where it comes from."""

    name: str
    value: n.Expr
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ProcessView:
    """One real process (from the pipeline's scripts) or, without a pipeline, one selector
    scope layered over the process defaults. `kind`: process, defaults, withLabel, withName."""

    name: str
    kind: str
    labels: tuple[str, ...]
    directives: dict[str, Directive] = field(compare=False)
    definition: ProcessDef | None = field(default=None, compare=False)
    undecided_selectors: tuple[str, ...] = ()  # patterns we could not evaluate

    def get(self, directive: str) -> Directive | None:
        return self.directives.get(directive)


@dataclass(frozen=True, slots=True)
class Environment:
    """What the config alone does not say: how queues are named, and whether a launcher
    (e.g. Seqera Platform) runs every process on AWS Batch and injects the queue."""

    queues: QueuePolicy = QueuePolicy()
    launcher: str | None = None  # "awsbatch": assume AWS Batch for every process
    launcher_sets_queue: bool = False


@dataclass
class ConfigModel:
    """The merged config of one profile scenario, with what each process gets."""

    loaded: LoadedConfig
    dialect: str  # "v1" (legacy Groovy) or "v2" (strict)
    profiles: tuple[str, ...]  # applied profiles, in application order; () = base config
    settings: dict[tuple[str, ...], Setting]
    version: NextflowVersion
    # The pipeline's process definitions (None: no pipeline), resolved into `processes`.
    definitions: list[ProcessDef] | None
    pipeline_dir: str | None = None
    environment: Environment = Environment()
    # Includes of the pipeline's scripts that could not be followed (pipeline_graph.py).
    missing_modules: tuple[MissingModule, ...] = ()
    # The stretch of releases `version` stands for (`Nextflow 24.10 to 25.09`) when the lint
    # analyses several (analysis.build_models), else None.
    version_label: str | None = None
    version_feature: str | None = None  # what changes from the stretch before (versions.FEATURE_AT)

    @cached_property
    def processes(self) -> list[ProcessView]:
        """What each process (or, without a pipeline, each selector scope) gets. Made when
        first asked for: the language server's lint of an unchanged set of process settings
        reuses the findings about them (carried.py) and asks for none."""
        with_assignments = bool(self.definitions) and any(
            d.assignment for p in self.definitions for d in p.directives.values()) and assignments_apply(self.version)  # type: ignore[union-attr]
        return _shared_views(self.loaded, self.settings, self.definitions, with_assignments)

    @cached_property
    def complete(self) -> bool:
        """Whether this is all the config the run gets, so a directive the model does not
        set really has Nextflow's default (no errorStrategy is 'terminate'): a pipeline, a
        composed run, or a project's own nextflow.config. A lone fragment (an institutional
        profile, a `-c` file linted alone) is layered over configs we do not see, which may
        set it. An include that could not be read does not make a whole config a fragment:
        it has a finding of its own (nf-core's remote institutional configs hold profiles
        only). The one policy of every rule (rules.config_values.config_is_complete)."""
        return (self.pipeline_dir is not None or len(self.loaded.layers) > 1
                or os.path.basename(self.root) == "nextflow.config")

    @property
    def root(self) -> str:
        return self.loaded.root

    @property
    def profile_label(self) -> str:
        return ",".join(self.profiles) if self.profiles else "(base)"

    def in_scope(self, profile: str | None, within: tuple[str, ...] = ()) -> bool:
        """Whether something recorded for `profile` (None = base config) inside the profiles
        `within` (Setting.within) applies here."""
        return profile is None or (profile in self.profiles and all(p in self.profiles for p in within))

    def setting(self, dotted: str) -> Setting | None:
        key = _DOTTED.get(dotted)
        if key is None:
            if len(_DOTTED) > 1000:  # names typed in an editor's hover, say
                _DOTTED.clear()
            key = _DOTTED[dotted] = tuple(dotted.split("."))
        return self.settings.get(key)

    def settings_under(self, *prefix: str) -> list[Setting]:
        size = len(prefix)
        return [s for key, s in self.settings.items() if key[:size] == prefix]

    @cached_property
    def params(self) -> dict[str, object]:
        """Literal params, and what else a closure may use (evaluator.FUNCTION_PREFIX and
        SETTING_PREFIX): the config's functions and, with the legacy parser (a legacy config,
        or any before 26.04, where it is the default), the settings its closures name. Profile scenarios that leave these alone share one dict (and the
        values memoised for it): nf-core/configs has 150 profiles."""
        chosen = tuple([s for key, s in self.settings.items() if key[0] == "params" and len(key) == 2])
        named: tuple[tuple[str, Setting | None], ...] = ()
        if self.dialect == "v1" or not self.version.at_least(26, 4):  # the legacy parser: the default before 26.04
            referenced: frozenset[str] = per_lint(self.loaded, "closure-settings", lambda: _closure_settings(self.loaded))
            named = tuple((dotted, self.setting(dotted)) for dotted in sorted(referenced))
        key = ("params", tuple(map(id, chosen)), tuple(id(setting) for _, setting in named))
        return per_lint(self.loaded, key, lambda: _evaluation_params(self.loaded, chosen, named))


def _evaluation_params(loaded: LoadedConfig, chosen: tuple[Setting, ...],
                       named: tuple[tuple[str, Setting | None], ...]) -> dict[str, object]:
    from .static import literal_value

    values = _literal_params(chosen, loaded.cli_params)
    literal = dict(values)
    for function in per_lint(loaded, "functions", lambda: _functions(loaded)):
        values[FUNCTION_PREFIX + function.name] = function
    for dotted, setting in named:
        if setting is not None and not isinstance(setting.value, n.Closure):
            value = literal_value(setting.value, literal)
            if value is not None:
                values[SETTING_PREFIX + dotted] = value
    return values


def _functions(loaded: LoadedConfig) -> list[n.FunctionDef]:
    """The functions the config's files define (`def check_max(obj, type)`), the first of
    each name."""
    found: dict[str, n.FunctionDef] = {}
    for statement in loaded.legacy:
        if isinstance(statement.node, n.FunctionDef):
            found.setdefault(statement.node.name, statement.node)
    return list(found.values())


def setting_references(loaded: LoadedConfig) -> frozenset[str]:
    """The settings the config's closures and functions read by name (`process.maxRetries`)."""
    referenced: frozenset[str] = per_lint(loaded, "closure-settings", lambda: _closure_settings(loaded))
    keys = per_lint(loaded, "setting-keys", lambda: {s.key for s in loaded.settings})
    return frozenset(d for d in referenced if tuple(d.split(".")) in keys)


def _closure_settings(loaded: LoadedConfig) -> frozenset[str]:
    """The dotted names the config's closures and functions use that may be settings
    (`process.maxRetries` in an errorStrategy closure)."""
    names: set[str] = set()
    # Only a closure whose text names a scope of the config (`process.`) can read a setting:
    # its text is searched (a C loop) before its tree is walked.
    scopes: set[str] | None = None
    closure = n.Closure  # no subclasses: a class test, once per setting of the config
    for setting in loaded.settings:
        value = setting.value
        if value.__class__ is not closure:
            continue
        if scopes is None:
            scopes = {each.key[0] for each in loaded.settings} - {"params"}
        if any(
                match.group(1) in scopes
                for match in _DOTTED_NAME.finditer(loaded.files[setting.path].text, value.span.start, value.span.end)):
            # Per closure node: an include's tree, shared by the configs including it,
            # is walked once.
            names.update(per_node(value, "setting-references",
                                  lambda: frozenset(dotted for _, dotted in setting_reads(value))))
    for function in _functions(loaded):
        names.update(dotted for _, dotted in setting_reads(function))
    return frozenset(names)


_DOTTED_NAME = re.compile(r"\b([A-Za-z_]\w*)\s*\??\.")


def setting_reads(root: n.Node) -> list[tuple[n.Property, str]]:
    """Each dotted name under `root` that may read a config setting (syntax/names.py
    setting_reference), with its node: the outermost of a chain only."""
    found: list[tuple[n.Property, str]] = []
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, n.Node):
            if isinstance(item, n.Property):
                dotted = setting_reference(item)
                if dotted is not None:
                    found.append((item, dotted))
                    continue
            stack.extend(node_children(item))
    return found


def closure_setting_reads(loaded: LoadedConfig) -> list[tuple[str, n.Property, str]]:
    """Each config setting a closure of the config names: (file, node, dotted name), found
    once per config, not once per profile scenario."""
    return per_lint(loaded, "setting-reads", lambda: _closure_setting_reads(loaded))


def _closure_setting_reads(loaded: LoadedConfig) -> list[tuple[str, n.Property, str]]:
    keys = {setting.key for setting in loaded.settings}
    return [(setting.path, node, dotted)
            for setting in loaded.settings if isinstance(setting.value, n.Closure)
            for node, dotted in setting_reads(setting.value) if tuple(dotted.split(".")) in keys]


def _literal_params(chosen: tuple[Setting, ...], cli_params: dict[str, object]) -> dict[str, object]:
    """The config's literal params, with the command line's over them: a param given with
    `--param` or `--params-file` keeps its value whatever the configs assign (ConfigDsl.assign,
    ConfigParserV1's `paramVars`)."""
    from .static import literal_value

    values: dict[str, object] = dict(cli_params)
    for setting in chosen:
        expr = setting.value
        if reads_params(expr):
            value = literal_value(expr, values)
        else:  # most params: a literal, the same in every config including its file
            value = node_fact(expr, "literal-value", lambda: literal_value(expr, {}))
        if value is not None and setting.key[1] not in cli_params:
            values[setting.key[1]] = value
    return values


# ---------------------------------------------------------------- merging


def dialect_of(loaded: LoadedConfig) -> str:
    """Legacy-only statements anywhere mean the config is written for the v1 parser."""
    return "v1" if loaded.legacy else "v2"


def merge_settings(loaded: LoadedConfig, profiles: tuple[str, ...], dialect: str) -> dict[tuple[str, ...], Setting]:
    """The merged config for a profile selection (later wins, key by key). Dict order is the
    order keys were first defined, which is also Nextflow's selector order."""
    selected = set(profiles)
    definition_rank = loaded.profile_names
    cli_rank = {name: i for i, name in enumerate(profiles)}

    def rank(setting: Setting) -> tuple[int, int, int]:
        if setting.profile is None:
            return (setting.order, 0, 0) if dialect == "v2" else (0, 0, setting.order)
        if dialect == "v2":
            # Strict: applied in command-line order where the `profiles` block closes.
            close = loaded.profiles_block_close.get(setting.profiles_block or -1, setting.order)
            return (close, 1 + cli_rank[setting.profile], setting.order)
        # Legacy: after the whole config, in definition order, whatever the CLI order.
        return (1, definition_rank[setting.profile], setting.order)

    if dialect == "v1":
        # Legacy: within a file of the run, every profile setting ranks after every base
        # setting, so the base config merged once (per config, not per scenario: nf-core/configs
        # has 150 profiles) and the selected profiles' settings laid over it give the same
        # dict, in the same order. A composed run does that file by file (LoadedConfig.layers).
        by_profile: dict[str, list[Setting]] = per_lint(loaded, "by-profile", lambda: _by_profile(loaded))
        chosen = [s for name in selected for s in by_profile.get(name, ()) if selected.issuperset(s.within)]
        if len(loaded.layers) <= 1:
            merged = dict(per_lint(loaded, "v1-base", lambda: _merged([s for s in loaded.settings if s.profile is None])))
            for setting in sorted(chosen, key=rank):
                merged[setting.key] = setting
            return merged
        bases: list[dict[tuple[str, ...], Setting]] = per_lint(loaded, "v1-layer-bases", lambda: _layer_bases(loaded))
        merged = {}
        for layer, base in enumerate(bases):
            merged.update(base)
            for setting in sorted((s for s in chosen if loaded.layer_of(s) == layer), key=rank):
                merged[setting.key] = setting
        return merged
    # Strict: base settings in definition order, each profile setting where its `profiles`
    # block closes. Base runs go in with dict.update over cached (key, setting) pairs.
    pairs, orders = per_lint(loaded, "v2-base", lambda: _base_pairs(loaded))
    by_profile = per_lint(loaded, "by-profile", lambda: _by_profile(loaded))
    merged = {}
    start = 0
    for setting in sorted((s for name in selected for s in by_profile.get(name, ())
                           if selected.issuperset(s.within)), key=rank):
        # A base setting ranks (order, 0, 0): before the profile's (close, 1 + rank, order)
        # exactly when its order is at most the close.
        end = bisect.bisect_right(orders, rank(setting)[0])
        if end > start:
            merged.update(pairs[start:end])
            start = end
        merged[setting.key] = setting
    merged.update(pairs[start:])
    return merged


def _base_pairs(loaded: LoadedConfig) -> tuple[list[tuple[tuple[str, ...], Setting]], list[int]]:
    base = sorted((s for s in loaded.settings if s.profile is None), key=lambda s: s.order)
    return [(s.key, s) for s in base], [s.order for s in base]


def _layer_bases(loaded: LoadedConfig) -> list[dict[tuple[str, ...], Setting]]:
    """Each file of a composed run: its base settings merged (profiles aside)."""
    bases: list[dict[tuple[str, ...], Setting]] = [{} for _ in loaded.layers]
    for setting in loaded.settings:
        if setting.profile is None:
            bases[loaded.layer_of(setting)][setting.key] = setting
    return bases


def _merged(ordered: list[Setting]) -> dict[tuple[str, ...], Setting]:
    merged: dict[tuple[str, ...], Setting] = {}
    for setting in ordered:
        merged[setting.key] = setting
    return merged


def _by_profile(loaded: LoadedConfig) -> dict[str, list[Setting]]:
    found: dict[str, list[Setting]] = {}
    for setting in loaded.settings:
        if setting.profile is not None:
            found.setdefault(setting.profile, []).append(setting)
    return found


def profile_scenarios(loaded: LoadedConfig, requested: tuple[str, ...] | None) -> list[tuple[str, ...]]:
    """`-profile a,b` → one scenario. None → the base config (with `standard`, which
    Nextflow applies when no profile is given) and every profile on its own, or with the
    profiles its definition is inside (LoadedConfig.profile_within: `imperial,medbio`)."""
    if requested is not None:
        return [requested]
    base: tuple[str, ...] = ("standard",) if "standard" in loaded.profile_names else ()
    within = loaded.profile_within
    return [base] + [tuple(dict.fromkeys(within.get(name, ()) + (name,)))
                     for name in loaded.profile_names if name != "standard"]


# ---------------------------------------------------------------- process resolution


class _ProcessSettings:
    """The `process` settings grouped in one pass: the defaults and each selector's own
    directives, in first-seen order (a scan per selector made 80,000 selectors quadratic)."""

    def __init__(self, settings: dict[tuple[str, ...], Setting]) -> None:
        self.defaults: list[tuple[str, Setting]] = []
        self.selectors: dict[str, list[tuple[str, Setting]]] = {}
        defaults, selectors = self.defaults, self.selectors
        parts = key_facts("process-key-parts")
        for key, setting in settings.items():
            if key[0] != "process":
                continue
            known = parts.get(key)
            if known is None:
                known = parts[key] = _key_parts(key)
            selector, directive = known  # type: ignore[misc]
            if selector is None:
                if directive is not None:
                    defaults.append((directive, setting))
            else:
                directives = selectors.get(selector)
                if directives is None:
                    directives = selectors[selector] = []
                if directive is not None:
                    directives.append((directive, setting))

    def selectors_of(self, kind: str) -> list[str]:
        return [selector for selector in self.selectors if selector.startswith(kind + ":")]

    @cached_property
    def by_kind(self) -> dict[str, tuple[str, ...]]:
        """The selectors of each kind, in first-seen order, and a number naming each such
        list among those of every lint (_hits): scenarios mostly share them."""
        return {kind: tuple(self.selectors_of(kind)) for kind in ("withLabel", "withName")}


# (kind, selectors in order, a name or a tuple of labels) → (the matching selectors, those that
# cannot be decided), in order: hundreds of processes, each tried against hundreds of
# `withName` patterns by three names, in each profile scenario's views (nf-core/sarek: 1.5
# million matches a lint). A long-lived memo, started over when it grows large.
_HITS: dict[tuple[object, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_HITS_LIMIT = 200_000


def _hits(kind: str, selectors: tuple[str, ...], subject: str | tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    key = (kind, selectors, subject)
    found = _HITS.get(key)
    if found is None:
        if len(_HITS) > _HITS_LIMIT:
            _HITS.clear()
        hits, undecided = [], []
        for selector in selectors:
            hit = selector_matches(selector, subject if isinstance(subject, str) else "", () if isinstance(subject, str) else subject)
            if hit is None:
                undecided.append(selector)
            elif hit:
                hits.append(selector)
        found = _HITS[key] = (tuple(hits), tuple(undecided))
    return found


def _key_parts(key: tuple[str, ...]) -> tuple[str | None, str | None]:
    """A `process` setting's key → (its selector or None, its directive name or None)."""
    if len(key) < 2:
        return None, None
    if not _is_selector(key[1]):
        return None, ".".join(key[1:])
    if len(key) < 3:
        return None, None
    return key[1], None if _is_selector(key[2]) else ".".join(key[2:])


def _is_selector(part: str) -> bool:
    return part.startswith(("withName:", "withLabel:"))


# Hundreds of selector scopes make thousands of these per scenario: made through the slots
# (frozen.py) rather than the frozen dataclasses' __init__.
_make_provenance = constructor(Provenance)  # (path, span, tier, profile, selector)
_make_directive = constructor(Directive)  # (name, value, provenance)
_make_view = constructor(ProcessView)  # (name, kind, labels, directives, definition, undecided_selectors)


def _made_directives() -> dict[int, tuple[Setting, Directive]]:
    """This lint's Directive of each `process` setting, by id(setting): see _directive."""
    return lint_memoised("directives", dict)


def _directive(made: dict[int, tuple[Setting, Directive]], name: str, setting: Setting, tier: str,
               selector: str | None = None) -> Directive:
    """One Directive object per setting, whichever scenario's views hold it: what rules
    memoise about a directive is then shared between scenarios. A `process` setting's key
    says its directive name, tier and selector, so the setting alone names it in `made`
    (_made_directives)."""
    entry = made.get(id(setting))
    if entry is None or entry[0] is not setting:
        provenance = _make_provenance(setting.path, setting.span, tier, setting.profile, selector)
        entry = made[id(setting)] = (setting, _make_directive(name, setting.value, provenance))
    return entry[1]


def _view(name: str, kind: str, directives: dict[str, Directive]) -> ProcessView:
    """One ProcessView object per selector scope with the same directives, whichever scenario
    asks (a profile that sets only a default the scope overrides leaves it the same). A
    directive's identity says its name, so the identities in order say the whole dict."""
    key = ("view", name, kind, tuple(map(id, directives.values())))
    return lint_memoised(key, lambda: _make_view(name, kind, (), directives, None, ()))


# ProcessConfig.DEFAULT_CONFIG's values of the directives rules read: a process whose value
# is exactly this still takes the config's `process.<directive>` (applyConfigDefaults). Only
# maxRetries can be equal: errorStrategy's default is an enum no directive value equals.
_BUILT_IN_DEFAULTS = {"maxRetries": 1}


def assignments_apply(version: NextflowVersion) -> bool:
    """Whether `errorStrategy = ...` in a process body sets the directive: before 25.10 only
    (pipeline.Directive.assignment)."""
    return not version.at_least(25, 10)


def resolve_process(settings: dict[tuple[str, ...], Setting], name: str, labels: tuple[str, ...],
                    definition: ProcessDef | None, index: _ProcessSettings | None = None,
                    with_assignments: bool = False) -> ProcessView:
    """What a process gets, as ProcessConfigBuilder.applyConfig gives it
    (NF:modules/nextflow/src/main/groovy/nextflow/script/dsl/ProcessConfigBuilder.groovy):
    the directives of its definition, then every matching `withLabel` selector, then the
    `withName` selectors matching its declared name, then its alias, then its fully
    qualified name (ConfigSelectorResolver.distinctNames), each pass in config order; last
    `applyConfigDefaults`: a `process.<directive>` default applies where the process has no
    value, or has exactly the built-in default (`maxRetries 1` in a script, under a config's
    `process.maxRetries = 5`, runs with 5). `with_assignments`: a directive written as an
    assignment in the process body counts (assignments_apply)."""
    index = index or _ProcessSettings(settings)
    made = _made_directives()
    directives: dict[str, Directive] = {}
    if definition is not None:
        for directive, found in definition.directives.items():
            if with_assignments or not found.assignment:
                directives[directive] = Directive(directive, found.value, Provenance(found.path, found.span, "process"))
    undecided: list[str] = []
    names = definition.names if definition is not None else (name,)
    by_kind = index.by_kind
    passes: list[tuple[str, str | tuple[str, ...]]] = [("withLabel", labels)] + [("withName", n) for n in names]
    for kind, subject in passes:
        hits, unknown = _hits(kind, by_kind[kind], subject)
        undecided.extend(selector for selector in unknown if selector not in undecided)
        for selector in hits:
            for directive, setting in index.selectors[selector]:
                directives[directive] = _directive(made, directive, setting, kind, selector)
    for directive, setting in index.defaults:
        current = directives.get(directive)
        if current is None or _is_built_in_default(directive, current):
            directives[directive] = _directive(made, directive, setting, "default")
    return ProcessView(name, "process", labels, directives, definition, tuple(undecided))


def _is_built_in_default(directive: str, current: Directive) -> bool:
    expected = _BUILT_IN_DEFAULTS.get(directive)
    value = current.value
    return (expected is not None and isinstance(value, n.Literal) and value.kind == "int"
            and value.value == expected)


def selector_scopes(settings: dict[tuple[str, ...], Setting]) -> list[ProcessView]:
    """Without a pipeline: the process defaults, then each selector layered over them."""
    index = _ProcessSettings(settings)
    made = _made_directives()
    defaults = {
        directive: _directive(made, directive, s, "default")
        for directive, s in index.defaults
    }
    views = [_view("process", "defaults", dict(defaults))]
    for kind in ("withLabel", "withName"):
        for selector in index.selectors_of(kind):
            directives = dict(defaults)
            for directive, s in index.selectors[selector]:
                directive_made = _directive(made, directive, s, kind, selector)
                if directive not in defaults or not _is_built_in_default(directive, directive_made):
                    directives[directive] = directive_made  # else the default wins (resolve_process)
            views.append(_view(selector, kind, directives))
    return views


def _shared_views(loaded: LoadedConfig, settings: dict[tuple[str, ...], Setting],
                  processes: list[ProcessDef] | None, with_assignments: bool) -> list[ProcessView]:
    """The process views depend only on the `process` settings in effect: profile scenarios
    that do not touch them share one list of views (and what rules memoise per view)."""
    in_effect = tuple([id(s) for key, s in settings.items() if key[0] == "process"])
    key = ("views", in_effect, None if processes is None else id(processes), with_assignments)

    def build() -> list[ProcessView]:
        if processes is None:
            return selector_scopes(settings)
        index = _ProcessSettings(settings)
        return [resolve_process(settings, p.alias or p.name, p.labels, p, index, with_assignments) for p in processes]

    # `processes` is the same list for every scenario of one lint and outlives it.
    return per_lint(loaded, key, build)


def build_model(loaded: LoadedConfig, profiles: tuple[str, ...], *, dialect: str | None = None,
                processes: list[ProcessDef] | None = None, pipeline_dir: str | None = None,
                version_override: str | None = None, environment: Environment | None = None,
                missing_modules: tuple[MissingModule, ...] = (), version: NextflowVersion | None = None,
                version_label: str | None = None, version_feature: str | None = None) -> ConfigModel:
    """`version`: the release of a version scenario (analysis.build_models), else chosen from
    `version_override` and the manifest."""
    chosen_dialect = dialect or dialect_of(loaded)
    settings = merge_settings(loaded, profiles, chosen_dialect)
    if version is None:
        manifest = settings.get(("manifest", "nextflowVersion"))
        version = NextflowVersion.choose(version_override, manifest.value if manifest else None)
    return ConfigModel(loaded, chosen_dialect, profiles, settings, version, processes, pipeline_dir,
                       environment or Environment(), missing_modules, version_label, version_feature)
