"""merge_settings takes shortcuts (the base config merged once per config, profile settings
laid between runs of it); these tests hold it to the plain definition: every setting of the
base config and the selected profiles, sorted by Nextflow's precedence, inserted in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nflint_spot.config.loader import LoadedConfig, Setting, load_text
from nflint_spot.config.model import merge_settings

PROFILES = ("p1", "p2", "p3")
KEYS = ("process.queue", "process.time", "aws.batch.maxSpotAttempts", "params.a", "executor.name")


def reference(loaded: LoadedConfig, profiles: tuple[str, ...], dialect: str) -> dict[tuple[str, ...], Setting]:
    definition_rank = {name: i for i, name in enumerate(loaded.profile_names)}
    cli_rank = {name: i for i, name in enumerate(profiles)}

    def rank(setting: Setting) -> tuple[int, int, int]:
        if setting.profile is None:
            return (setting.order, 0, 0) if dialect == "v2" else (0, 0, setting.order)
        if dialect == "v2":
            close = loaded.profiles_block_close.get(setting.profiles_block or -1, setting.order)
            return (close, 1 + cli_rank[setting.profile], setting.order)
        return (1, definition_rank[setting.profile], setting.order)

    merged: dict[tuple[str, ...], Setting] = {}
    # A profile defined inside another's body applies only with that one selected too.
    chosen = (s for s in loaded.settings
              if s.profile is None or (s.profile in profiles and set(s.within) <= set(profiles)))
    for setting in sorted(chosen, key=rank):
        merged[setting.key] = setting
    return merged


assignment = st.builds(lambda key, value: f"{key} = {value}", st.sampled_from(KEYS), st.integers(0, 9))


def _profiles_block(bodies: list[tuple[str, list[str]]]) -> str:
    return "profiles {\n" + "".join(f"{name} {{\n" + "".join(f"{line}\n" for line in body) + "}\n"
                                    for name, body in bodies) + "}"


# Profile bodies may hold a `profiles` block of their own (nested profiles), as may those.
profiles_block = st.recursive(
    st.lists(st.tuples(st.sampled_from(PROFILES), st.lists(assignment, max_size=3)), min_size=1, max_size=3)
    .map(_profiles_block),
    lambda inner: st.lists(st.tuples(st.sampled_from(PROFILES), st.lists(st.one_of(assignment, inner), max_size=3)),
                           min_size=1, max_size=3).map(_profiles_block),
    max_leaves=4,
)
statement = st.one_of(assignment, profiles_block)


@settings(max_examples=300, deadline=None)
@given(st.lists(statement, max_size=8), st.lists(st.sampled_from(PROFILES), unique=True, max_size=3),
       st.sampled_from(("v1", "v2")))
def test_merged_settings_are_the_plain_definition(statements: list[str], profiles: list[str], dialect: str) -> None:
    loaded = load_text("\n".join(statements) + "\n", "/nonexistent/nextflow.config")
    chosen = tuple(p for p in profiles if p in loaded.profile_names)
    merged = merge_settings(loaded, chosen, dialect)
    expected = reference(loaded, chosen, dialect)
    assert list(merged) == list(expected)  # the same keys in the same order (selector order)
    assert all(merged[key] is expected[key] for key in expected)
