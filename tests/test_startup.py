"""Start-up machinery: what `check` imports, the per-user cache, and the shortcuts the parser
takes (first-character lexing, fast spans) giving exactly what the slow way gives."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nflint_spot.speed import cache
from nflint_spot.speed.parse_tables import load_tables
from nflint_spot.speed.regex_first import first_chars, may_contain
from nflint_spot.span import Span, make_span

CHECK_AND_LIST_MODULES = """
import sys
from nflint_spot.cli.main import main
try:
    main.main(["check", "--no-cache", sys.argv[1]])  # lint, not a stored result
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)))
"""


def _check_modules(config: Path, env: dict[str, str]) -> tuple[str, set[str]]:
    result = subprocess.run([sys.executable, "-c", CHECK_AND_LIST_MODULES, str(config)],
                            capture_output=True, text=True, env=env, cwd=config.parent, check=True)
    output, _, modules = result.stdout.rpartition("MODULES ")
    return output, set(modules.split())


def test_check_imports_neither_lark_nor_yaml_nor_the_language_server(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    queue = 'spot-queue'\n    errorStrategy = 'retry'\n    withName: 'ALIGN' { maxRetries = 0 }\n}\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first_output, _ = _check_modules(config, env)  # builds the caches: Lark and YAML may load
    output, modules = _check_modules(config, env)
    assert output == first_output
    assert "CFG014" in output  # linted for real
    loaded = sorted(m for m in modules if m.split(".")[0] in ("lark", "lark_cython", "ruamel", "pygls", "lsprotocol"))
    assert loaded == []
    # What only other commands, options or formats use.
    assert sorted(modules & NOT_FOR_A_TEXT_CHECK) == []
    assert "nflint_spot.output.formats.text" in modules and "nflint_spot.lint.linter" in modules


LATE_THREAD_PROBE = """
import sys, threading, time
from pathlib import Path
from nflint_spot.cli.main import main

marker = Path(sys.argv[1])

def late() -> None:
    time.sleep(1.0)  # still running when the command is done
    marker.write_text("written", encoding="utf-8")

threading.Thread(target=late).start()
sys.argv = ["nflint-spot", "rules"]
main()
"""


def test_the_program_waits_for_a_running_thread(tmp_path: Path) -> None:
    """With another non-daemon thread alive, the program waits for it before it exits."""
    marker = tmp_path / "marker"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", LATE_THREAD_PROBE, str(marker)], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0 and "CFG014" in result.stdout
    assert marker.read_text(encoding="utf-8") == "written"


COLLECTIONS_PROBE = """
import gc, sys
from nflint_spot.cli.main import main
young = []
gc.callbacks.append(lambda phase, info: young.append(len(gc.get_objects(0))) if phase == "start" else None)
try:
    main.main(["check", "--no-cache", sys.argv[1]])
except SystemExit:
    pass
print("YOUNG", max(young, default=0))
"""


def test_no_collection_walks_what_a_lint_left(tmp_path: Path) -> None:
    """What `check`'s lint makes is frozen out of the cyclic collector's sight
    (speed/collector.py paused_collection): no collection afterwards walks it (300 selectors leave
    ~40,000 objects, which the first collection after the lint used to walk)."""
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n" + "".join(
        f"    withName: 'TASK_{i}' {{ queue = 'q{i}'; time = '{i}h'; errorStrategy = 'retry' }}\n"
        for i in range(300)) + "}\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", COLLECTIONS_PROBE, str(config)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, check=True)
    assert int(result.stdout.rpartition("YOUNG ")[2]) < 2000


NOT_FOR_A_TEXT_CHECK = {
    # the language server: importing any of its modules imports its package
    "nflint_spot.lsp",
    # (lint.autofix is: the summary counts what --fix would fix, autofix.fixable; what only
    # writing and diffing need, tempfile and difflib, is not)
    *(f"nflint_spot.{name}" for name in ("speed.incremental", "speed.tree_shift", "output.show",
                                         "syntax.dump", "output.docs", "cli.commands")),
    # check's options that write or print something else: imported when given
    *(f"nflint_spot.cli.{name}" for name in ("fix_files", "add_noqa", "show_settings", "stdin_fixes")),
    *(f"nflint_spot.output.formats.{name}" for name in ("json_format", "sarif", "github", "gitlab", "junit")),
    "json", "tempfile", "hashlib", "xml", "concurrent.futures", "multiprocessing", "difflib", "lark",
    # shared libraries the start-up machinery does without (cache.py, speed/regex_code.py)
    "zlib", "array",
    # a lint afresh (the probe's --no-cache) has no use for the result cache
    "nflint_spot.speed.result_cache",
}


def _program(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nflint_spot", *args], capture_output=True, text=True, env=env,
                          cwd=cwd)


def test_the_program_ends_with_the_commands_output_code_and_saved_caches(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """As a program (`python -m nflint_spot`) the command gives the same output and exit code
    as click's own exit in process, and the start-up caches are saved at exit."""
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)  # where the program runs: paths are shown relative to it

    from nflint_spot.cli.main import main

    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    queue = 'spot-queue'\n    errorStrategy = 'retry'\n    withName: 'ALIGN' { maxRetries = 0 }\n}\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    for args, code in ((["check", "--no-cache", str(config)], 1), (["check", "--exit-zero", str(config)], 0),
                       (["check", str(tmp_path / "missing.config")], 2), (["check", "--bogus"], 2),
                       (["explain", "CFG014"], 0)):
        program = _program(args, tmp_path, env)
        in_process = CliRunner().invoke(main, args, prog_name="python -m nflint_spot")
        assert (program.returncode, program.stdout) == (code, in_process.stdout), args
        assert program.stderr == in_process.stderr, args
    saved = sorted(path.name.rpartition("-")[0] for path in (tmp_path / "cache" / "nflint-spot").glob("*.marshal"))
    assert {"dataclass-code", "regex-code"} <= set(saved)  # saved at exit by the atexit functions


def test_cache_returns_data_only_for_its_exact_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.store("thing", "key one", {"a": (1, 2)})
    assert cache.load("thing", "key one") == {"a": (1, 2)}
    assert cache.load("thing", "key two") is None
    assert cache.load("other", "key one") is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_cache_ignores_a_directory_others_can_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.store("thing", "key", [1])
    os.chmod(tmp_path / "nflint-spot", 0o777)
    monkeypatch.setattr(cache, "_directories", lambda: iter([str(tmp_path / "nflint-spot")]))
    assert cache.load("thing", "key") is None


def test_cached_dataclass_code_makes_the_same_classes(tmp_path: Path) -> None:
    probe = """
import inspect, sys
if sys.argv[1] == "cached":
    from nflint_spot.speed.dataclass_code import install
    install()
from dataclasses import dataclass, field
@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: "list[int]" = field(default_factory=list, compare=False)
    z: str = "z"
p = Point(1, [2])
print(inspect.signature(Point), Point.__init__.__annotations__, repr(p), p == Point(1, [3]), hash(p) == hash(Point(1)))
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    # cwd: `-c` puts the working directory first on sys.path; test the installed package
    runs = [subprocess.run([sys.executable, "-c", probe, mode], capture_output=True, text=True, env=env,
                           check=True, cwd=tmp_path).stdout for mode in ("plain", "cached", "cached")]
    assert runs[0] == runs[1] == runs[2]


CACHED_PATTERNS_PROBE = """
import re, sys
if sys.argv[1] == "cached":
    from nflint_spot.speed.regex_code import install
    install()
from nflint_spot.speed.parse_tables import load_tables
patterns = [(r"(?P<word>[a-z]+)(\\d*)(?i:X)", 0), (r"^[ \\t]*process[ \\t]+([A-Za-z_]\\w*)", re.M),
            (r"(?<=\\S):\\d+(?::\\d+)?\\b", 0), (r"\\blines? \\d+", re.I), (r"(?x) a  b # c", 0),
            (r"[^\\W\\d]+|é+|中", re.U), (r"(a)|(?P<b>b)\\2?", re.S)]
patterns += [(regexp, 0) for regexp, _, _ in load_tables().terminals.values()]
texts = ["abc12x", "  process FOO {", "main.nf:12:5 x", "Lines 3", "ab", "é中a1", "ab", "'s3://x' // y", "\\n{}"]
for regexp, flags in patterns:
    compiled = re.compile(regexp, flags)
    print(compiled.pattern, compiled.flags, compiled.groups, sorted(compiled.groupindex.items()),
          [(m.span(), m.groups()) for text in texts for m in compiled.finditer(text)])
"""


def test_cached_regex_code_makes_the_same_patterns(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    # cwd: `-c` puts the working directory first on sys.path; test the installed package
    runs = [subprocess.run([sys.executable, "-c", CACHED_PATTERNS_PROBE, mode], capture_output=True, text=True,
                           env=env, check=True, cwd=tmp_path).stdout for mode in ("plain", "cached", "cached")]
    assert list((tmp_path / "nflint-spot").glob("regex-code-*.marshal"))  # the third run used the stored code
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].count("\n") > 20


REGEX_SELF_CHECK_PROBE = """
import re, sys
from nflint_spot.speed import regex_code
checks = []
original = regex_code._same_as_original
regex_code._same_as_original = lambda: checks.append(1) or original()
regex_code.install()
print(len(checks), re.compile(sys.argv[1]).match("ab") is not None)
"""


def test_regex_self_check_runs_once_per_interpreter_build(tmp_path: Path) -> None:
    """The first run on a build checks `re` the slow way before storing anything; a run that
    finds a store made by the same build skips the check."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def checks(pattern: str) -> str:
        return subprocess.run([sys.executable, "-c", REGEX_SELF_CHECK_PROBE, pattern], capture_output=True,
                              text=True, env=env, check=True, cwd=tmp_path).stdout.strip()

    assert checks("a+b") == "1 True"  # no store yet: checked, then a+b stored at exit
    assert checks("ab?") == "0 True"
    for stored in (tmp_path / "nflint-spot").glob("regex-code-*.marshal"):
        stored.unlink()
    assert checks("ab") == "1 True"


def test_cache_file_names_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Another run must find the entry: the file name comes from the key alone (string
    hashes change with every process)."""
    probe = "from nflint_spot.speed.cache import _file_name; print(_file_name('tables', 'key\\0é' * 500))"
    names = {subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(names) == 1 and names.pop().startswith("tables-")


def test_regex_store_drops_patterns_unused_for_ten_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re._compiler
    import re._parser

    from nflint_spot.speed import regex_code

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_code, "_compiler", re._compiler)
    monkeypatch.setattr(regex_code, "_parser", re._parser)
    monkeypatch.setattr(regex_code, "_original", re._compiler.compile)
    for run in range(12):  # twelve processes, each with the state a fresh start has
        for name, value in (("_codes", {}), ("_last_used", {}), ("_used", set()), ("_generation", 0),
                            ("_compiled", False)):
            monkeypatch.setattr(regex_code, name, value)
        regex_code._load()
        assert regex_code._compile("common+", 0).match("commonnn").group() == "commonnn"
        assert regex_code._compile(f"once{run}", 0).match(f"once{run}")
        regex_code._save()
    generation, codes, _ = cache.load(regex_code._NAME, regex_code._magic())
    assert generation == 12
    # kept: what the last ten saves used
    assert {pattern for pattern, _ in codes} == {"common+", *(f"once{run}" for run in range(2, 12))}


def test_make_span_makes_a_real_span() -> None:
    span = make_span(3, 9, 1, 4, 2, 2)
    assert type(span) is Span and span == Span(3, 9, 1, 4, 2, 2) and hash(span) == hash(Span(3, 9, 1, 4, 2, 2))
    assert (span.start, span.end, span.line, span.column, span.end_line, span.end_column) == (3, 9, 1, 4, 2, 2)
    assert pickle.loads(pickle.dumps(span)) == span
    assert span._replace(end=10) == Span(3, 10, 1, 4, 2, 2)
    with pytest.raises(AttributeError):
        span.start = 0  # type: ignore[misc]


def test_constructor_refuses_classes_it_would_make_differently() -> None:
    """frozen.constructor skips __init__: never for a class with a __post_init__ (inherited
    too) or without slots."""
    from dataclasses import dataclass

    from nflint_spot.speed.frozen import constructor

    @dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class Derived(Checked):
        y: int = 0

    @dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclass(frozen=True, slots=True)
    class Plain:
        x: int
        y: int

    for cls in (Checked, Derived, NoSlots):
        with pytest.raises(TypeError):
            constructor(cls)
    assert constructor(Plain)(1, 2) == Plain(1, 2)


def test_stored_reduction_plans_are_what_the_rules_give() -> None:
    """The callbacks' plans are stored with the tables (reductions.reduction_plans): a change
    to how plans are made needs parse_tables.FORMAT_VERSION raised, or old tables would
    keep old plans."""
    from nflint_spot.speed.reductions import reduction_plans

    tables = load_tables()
    assert tables.reduction_plans == reduction_plans(tables.rules)
    assert len(tables.reduction_plans) == len(tables.rules)


TERMINALS = sorted(load_tables().terminals.items())


@pytest.mark.parametrize(("name", "terminal"), TERMINALS, ids=[name for name, _ in TERMINALS])
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("\n\r\t \"'$\\/{}()[]<>=!?.:*+-~&|^%;,_aeilnrstuxAZ019é中")),
                    min_size=1, max_size=12))
def test_first_characters_of_every_terminal(name: str, terminal: tuple[str, str, bool], text: str) -> None:
    """The lexer tries a terminal only where it can start: no match may begin elsewhere."""
    regexp, chars, non_ascii = terminal
    match = re.match(regexp, text)
    if match and match.end() > 0:
        assert (text[0] in chars) if text[0] < "\x80" else non_ascii
        if not may_contain(regexp, "\n"):
            assert "\n" not in match.group()


def test_first_characters_of_hand_made_patterns() -> None:
    assert first_chars(r"(?:ab|c)d") == ("ac", False)
    assert first_chars(r"x?y") == ("xy", False)
    assert first_chars(r"(?=z)[a-c]") == ("abc", False)
    assert first_chars(r"[^\W\d]")[1] is True
    assert first_chars(r"\d+")[0] == "0123456789"
    assert may_contain(r"[^'\\\n]*", "\n") is False and may_contain(r"\\[\s\S]", "\n") is True


def test_the_command_runs_the_same_with_the_start_up_tricks_off(tmp_path: Path) -> None:
    """NFLINT_SPOT_SPEED_OFF runs the command without the patched interpreter internals
    (speed/switches.py): the same output and exit code, and neither cache is written."""
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    queue = 'spot-queue'\n    errorStrategy = 'retry'\n    withName: 'ALIGN' { maxRetries = 0 }\n}\n")
    outputs = {}
    for off in ("", "all", "regex-code,dataclass-code"):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache{off}"), "NO_COLOR": "1",
               "NFLINT_SPOT_SPEED_OFF": off}
        program = _program(["check", "--no-cache", str(config)], tmp_path, env)
        outputs[off] = (program.returncode, program.stdout, program.stderr)
        saved = {path.name.rpartition("-")[0] for path in (tmp_path / f"cache{off}" / "nflint-spot").glob("*.marshal")}
        assert ({"dataclass-code", "regex-code"} & saved) == (set() if off else {"dataclass-code", "regex-code"})
    assert outputs[""][0] == 1 and "CFG014" in outputs[""][1]
    assert outputs["all"] == outputs[""] == outputs["regex-code,dataclass-code"]


def test_a_speed_switch_naming_nothing_is_said(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NFLINT_SPOT_SPEED_OFF": "regex-cache"}
    program = _program(["rules"], tmp_path, env)
    assert program.returncode == 0
    assert "NFLINT_SPOT_SPEED_OFF names 'regex-cache', which is no speed trick" in program.stderr
