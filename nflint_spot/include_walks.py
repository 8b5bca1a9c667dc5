"""An included file's walk, recorded once and replayed for every config that includes it the
same way.

Every bactopia module config includes the same base, params and profiles configs, so a run
over the repository walks them a few hundred times, each time to the same settings: what a
walk of a file makes depends only on its tree, where the include is written (the walker's
context: key prefix, profile, `profiles` block, conditional), the project directory, the
params it reads before setting them, the files its own includes read and the include stack
(a cycle). What differs between the configs including it is only numbering: the settings'
order and the ids of `profiles` blocks count on from the including config's. So the loader
records a walk (what it appended, noted and set, and what it read) and replays it when the
same tree is included in the same context and what it read is unchanged; anything it cannot
check (a cycle, params used as a whole) is not recorded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from . import nodes as n

UNSET = "<unset>"  # a param read before anything set it


class Recording:
    """What a walk being recorded reads and does besides appending to the loaded config."""

    __slots__ = ("params_read", "params_written", "written_names", "profiles", "files",
                 "real_paths", "project_dir", "replayable")

    def __init__(self) -> None:
        # Params read before the walk set them, each with repr() of its value then (repr
        # tells 1 from True and 1.0, as value_memo's keys do), or UNSET.
        self.params_read: dict[str, str] = {}
        self.params_written: list[tuple[str, object]] = []
        self.written_names: set[str] = set()
        self.profiles: list[str] = []  # profile names noted, in order
        # Each file the walk's includes loaded: (path, its tree, its syntax problem, or the
        # message of the ConfigReadError its reading raised).
        self.files: list[tuple[str, object]] = []
        self.real_paths: list[tuple[str, str]] = []  # include targets → os.path.realpath
        self.project_dir: str | None = None  # set when the walk resolved an include
        self.replayable = True

    def read(self, params: Mapping[str, object], name: str) -> None:
        if name not in self.written_names and name not in self.params_read:
            self.params_read[name] = repr(params[name]) if name in params else UNSET

    def wrote(self, name: str, value: object) -> None:
        self.written_names.add(name)
        self.params_written.append((name, value))


class ParamsReads(Mapping[str, object]):
    """The walker's params as the walk being recorded reads them: each read is noted. The
    evaluator asks for one param at a time (`in`, `[]`); anything reading them all makes the
    walk one not to replay."""

    __slots__ = ("params", "recording")

    def __init__(self, params: dict[str, object], recording: Recording) -> None:
        self.params = params
        self.recording = recording

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.recording.read(self.params, name)
        else:
            self.recording.replayable = False
        return name in self.params

    def __getitem__(self, name: str) -> object:
        self.recording.read(self.params, name)
        return self.params[name]

    def __iter__(self) -> Iterator[str]:
        self.recording.replayable = False
        return iter(self.params)

    def __len__(self) -> int:
        self.recording.replayable = False
        return len(self.params)


@dataclass(frozen=True, slots=True)
class WalkFragment:
    """A recorded walk of one included file: what it appended to the loaded config, with the
    walker's order and profiles-block count when it began, and what it read."""

    document: n.Document
    order: int
    block_ids: int
    settings: tuple[object, ...]  # loader.Setting, numbered from `order`
    block_count: int
    block_closes: tuple[tuple[int, int], ...]  # (profiles block id, order), numbered as above
    includes: tuple[object, ...]
    selector_issues: tuple[object, ...]
    legacy: tuple[object, ...]
    plugins: tuple[tuple[str, str, object], ...]
    profiles: tuple[str, ...]
    params_read: tuple[tuple[str, str], ...]
    params_written: tuple[tuple[str, object], ...]
    files: tuple[tuple[str, object], ...]
    real_paths: tuple[tuple[str, str], ...]
    project_dir: str | None  # what `projectDir` was in the walk's includes (None: it had none)

    def params_hold(self, params: Mapping[str, object]) -> bool:
        """Whether the params the walk read are what they were when it was recorded."""
        for name, shown in self.params_read:
            if (repr(params[name]) if name in params else UNSET) != shown:
                return False
        return True
