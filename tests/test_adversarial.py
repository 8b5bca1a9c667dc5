"""Hostile inputs through the command line: each gives a clear diagnostic (exit 1) or a
clear error (exit 2), never a traceback or a hang. The parser-level versions of some of
these are in test_parser_robustness.py; these go through `check` and `show`.

In-process runs are under `hang_guard`, subprocesses under a timeout: generous limits that
only turn a hang into a failure, not timing assertions.
"""

from __future__ import annotations


import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NFLINT_SPOT_COMMAND, corpus_dir
from hang_guard import hang_guard

from nflint_spot.cli.main import main

HANG_GUARD_SECONDS = 120
FINDING = "process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n"  # CFG011 at 2:5


def run(*args: str) -> tuple[int, str]:
    with hang_guard(HANG_GUARD_SECONDS):
        result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def run_script(*args: str, timeout: int = HANG_GUARD_SECONDS) -> subprocess.CompletedProcess[str]:
    """The installed console script (never `python -m` from the source tree)."""
    return subprocess.run([*NFLINT_SPOT_COMMAND, *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- nesting and size


@pytest.mark.parametrize("text, position", [
    pytest.param("a = " + "{" * 10_000 + "}" * 10_000 + "\n", "1:105", id="braces"),
    pytest.param("a = " + "(" * 10_000 + "1" + ")" * 10_000 + "\n", "1:105", id="parentheses"),
    pytest.param("process {\n" + "a {\n" * 10_000 + "}\n" * 10_001, "101:3", id="blocks"),
    pytest.param("x = { a = [" + "({[" * 3_400 + "\n", "1:", id="mixed-never-closed"),
])
def test_ten_thousand_nested_brackets(tmp_path: Path, text: str, position: str) -> None:
    config = write(tmp_path / "deep.config", text)
    code, out = run("check", "--quiet", str(config))
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{config}:{position}")
    assert "SYN001 [error]" in line


def test_ten_megabyte_config(tmp_path: Path) -> None:
    """The largest corpus file again and again, then a finding on the last lines."""
    largest = max(corpus_dir().rglob("*.config"), key=lambda p: p.stat().st_size)
    chunk = largest.read_text(encoding="utf-8").rstrip("\n") + "\n"
    copies = 10_000_000 // len(chunk) + 1
    config = write(tmp_path / "nextflow.config", chunk * copies + FINDING)
    assert config.stat().st_size > 10_000_000
    result = run_script("check", "--quiet", str(config), timeout=600)
    assert result.returncode == 1, result.stderr
    line = chunk.count("\n") * copies + 2
    assert f"{config}:{line}:5: CFG011 [error] `withName =` is not a selector" in result.stdout
    assert result.stderr == ""


def test_thousands_of_selector_scopes(tmp_path: Path) -> None:
    """Without a pipeline every selector is analysed as its own scope (this was quadratic:
    each scope scanned every setting)."""
    scope = ("process {{\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n"
             "    withName: 'P{0}' {{ time = '48h' }}\n}}\n")
    config = write(tmp_path / "nextflow.config", "".join(scope.format(i) for i in range(5_000)))
    code, out = run("check", "--format", "json", str(config))
    assert code == 1
    report = json.loads(out)
    long_task = [d for d in report["diagnostics"] if d["code"] == "SPOT002"]
    assert long_task and any("withName:P4999" in d["processes"] for d in long_task)


def test_a_hundred_thousand_character_line(tmp_path: Path) -> None:
    config = write(tmp_path / "long.config", "process { withName = '" + "A" * 100_000 + "' { queue = 'od' } }\n")
    code, out = run("check", "--quiet", str(config))
    assert (code, out.count("\n")) == (1, 1)
    assert out.startswith(f"{config}:1:11: CFG011 [error] `withName =` is not a selector")
    # The full report shows the line cut around the finding, not 100,000 characters twice.
    code, out = run("check", str(config))
    excerpt = [line for line in out.splitlines() if line.startswith("  | ")]
    assert excerpt[0] == "  | process { withName = '" + "A" * 138 + "…"
    assert excerpt[1] == "  | " + " " * 10 + "^" * 150
    assert len(out) < 2_000


# ---------------------------------------------------------------- bytes that are not a config


def test_nul_bytes(tmp_path: Path) -> None:
    config = write(tmp_path / "nul.config", "process {\n  cpus = 2\x00\n}\n")
    code, out = run("check", "--quiet", str(config))
    assert code == 1
    assert out.startswith(f"{config}:2:11: SYN001 [error] unexpected NUL byte")


def test_nul_byte_in_an_include_path(tmp_path: Path) -> None:
    config = write(tmp_path / "nextflow.config", "includeConfig 'conf/ba\x00se.config'\n")
    code, out = run("check", "--quiet", str(config))
    assert (code, out) == (1, f"{config}:1:1: CFG003 [info] include cannot be resolved statically: "
                              "the path contains a NUL byte\n")


def test_invalid_utf8_in_an_included_file_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "bad.config").write_bytes(b"process.cpus = 1\nx = '\xc3\x28'\n")
    config = write(tmp_path / "nextflow.config", "includeConfig 'bad.config'\n")
    code, out = run("check", "--quiet", str(config))
    assert code == 1
    assert out == (f"{config}:1:1: CFG001 [error] included file {tmp_path / 'bad.config'} cannot be read: "
                   f"{tmp_path / 'bad.config'}:2:6: invalid UTF-8 (byte 0xc3); configs must be UTF-8\n")
    code, out = run("show", str(tmp_path / "bad.config"))
    assert (code, out) == (2, f"nflint-spot: error: {tmp_path / 'bad.config'}:2:6: invalid UTF-8 (byte 0xc3); "
                           "configs must be UTF-8\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_file(tmp_path: Path, encoding: str) -> None:
    config = tmp_path / "utf16.config"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    config.write_bytes(bom + "process.queue = 'spot'\nprocess.time = '48h'\n".encode(encoding))
    for command in ("check", "show"):
        code, out = run(command, str(config))
        assert (code, out) == (2, f"nflint-spot: error: {config}: is UTF-16 encoded; Nextflow configs must be UTF-8\n")


def test_empty_file(tmp_path: Path) -> None:
    config = write(tmp_path / "empty.config", "")
    assert run("check", str(config)) == (0, "No problems found.\n")
    code, out = run("check", "--format", "json", str(config))
    assert code == 0 and json.loads(out)["diagnostics"] == []


# ---------------------------------------------------------------- not a regular file


def test_a_directory_given_as_the_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "odd" / "nextflow.config").mkdir(parents=True)  # a directory named like the config
    # A directory is a pipeline to `show` as to `check`: its nextflow.config.
    assert run("show", str(tmp_path / "conf")) == (
        2, f"nflint-spot: error: {tmp_path / 'conf'}: is a directory without a nextflow.config\n")
    code, out = run("check", str(tmp_path / "odd"))
    assert code == 2 and out == f"nflint-spot: error: {tmp_path / 'odd'}: is a directory without a nextflow.config\n"
    config = write(tmp_path / "nextflow.config", "includeConfig 'conf'\n")
    code, out = run("check", "--quiet", str(config))
    assert (code, out) == (1, f"{config}:1:1: CFG001 [error] included file {tmp_path / 'conf'} cannot be read: "
                              "is a directory, not a config file\n")


def test_a_fifo_given_as_the_file_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.config"
    os.mkfifo(fifo)
    for command in ("check", "show"):
        result = run_script(command, str(fifo), timeout=60)
        assert result.returncode == 2
        assert result.stderr == f"nflint-spot: error: {fifo}: is not a regular file (a FIFO, socket or device?)\n"
    config = write(tmp_path / "nextflow.config", "includeConfig 'pipe.config'\n")
    result = run_script("check", "--quiet", str(config), timeout=60)
    assert result.returncode == 1
    assert result.stdout == (f"{config}:1:1: CFG001 [error] included file {fifo} cannot be read: "
                             "is not a regular file (a FIFO, socket or device?)\n")


SECRET = "nflint-spot-secret-7f3a9c"  # in the environment of the run: must reach no output


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="no /proc file system")
@pytest.mark.parametrize("target", ["/proc/self/environ", "/dev/stdin", "link.config", "pipe.config"])
def test_a_system_path_or_fifo_include_is_reported_unread_in_every_format(tmp_path: Path, target: str) -> None:
    # `includeConfig '/proc/self/environ'` used to parse the environment and show it in the
    # syntax error's excerpt (text, JUnit): CI tokens in a CI log.
    os.symlink("/proc/self/environ", tmp_path / "link.config")
    os.mkfifo(tmp_path / "pipe.config")
    config = write(tmp_path / "nextflow.config", f"process.cpus = 1\nincludeConfig '{target}'\n")
    shown = target if target.startswith("/") else str(tmp_path / target)
    why = ("is not a regular file (a FIFO, socket or device?)" if target == "pipe.config"
           else f"is a system path (under /{'dev' if target == '/dev/stdin' else 'proc'}/), never read: "
                "its content could end up in the output")
    environment = {**os.environ, "NFLINT_SPOT_TEST_SECRET": SECRET, "NFLINT_SPOT_NO_CACHE": "1"}
    for output_format in ("text", "json", "sarif", "junit", "github", "gitlab"):
        result = subprocess.run([*NFLINT_SPOT_COMMAND, "check", "--format", output_format, str(config)],
                                capture_output=True, text=True, timeout=60, env=environment,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 1, result.stderr
        assert SECRET not in result.stdout + result.stderr
        if output_format == "text":
            assert result.stdout.startswith(
                f"{config}:2:1: CFG001 [error] included file {shown} cannot be read: {why}\n")


def test_the_language_server_load_does_not_read_a_system_include(tmp_path: Path) -> None:
    from nflint_spot.config.loader import load_text

    path = str(tmp_path / "nextflow.config")
    loaded = load_text("includeConfig '/proc/self/environ'\n", path)
    [record] = loaded.includes
    assert (record.status, record.target, record.span.line, record.span.column) == (
        "unreadable", "/proc/self/environ", 1, 1)
    assert "/proc/self/environ" not in loaded.files


def _without_root_reads() -> list[str]:
    """A command prefix under which a file without read permission cannot be read: nothing
    for a normal user; for root (CI machines, containers), `setpriv` dropping the capabilities
    that let root read any file (root still owns, and so reads, its own 0700 home)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions cannot be tested")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


def test_unreadable_permissions(tmp_path: Path) -> None:
    prefix = _without_root_reads()
    secret = write(tmp_path / "secret.config", "process.cpus = 1\n")
    secret.chmod(0)
    try:
        def nflint_spot(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([*prefix, *NFLINT_SPOT_COMMAND, *args], capture_output=True, text=True,
                                  timeout=HANG_GUARD_SECONDS, stdin=subprocess.DEVNULL)

        for command in ("check", "show", "parse"):
            result = nflint_spot(command, str(secret))
            assert (result.returncode, result.stdout, result.stderr) == (
                2, "", f"nflint-spot: error: {secret}: permission denied\n"), command
        config = write(tmp_path / "nextflow.config", "includeConfig 'secret.config'\n")
        result = nflint_spot("check", "--quiet", str(config))
        assert (result.returncode, result.stdout) == (
            1, f"{config}:1:1: CFG001 [error] included file {secret} cannot be read: permission denied\n")
    finally:
        secret.chmod(0o644)


# ---------------------------------------------------------------- includes and selectors


def test_include_cycles_through_symlinks(tmp_path: Path) -> None:
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\nincludeConfig 'link.config'\n")
    (tmp_path / "link.config").symlink_to("nextflow.config")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "up").symlink_to("..")  # a directory loop: conf/up/conf/up/...
    other = write(tmp_path / "other.config", "includeConfig 'conf/up/conf/up/conf/up/other.config'\n")
    code, out = run("check", "--quiet", str(config))
    assert code == 1
    assert out.startswith(f"{config}:2:1: CFG002 [error] include cycle: ")
    code, out = run("check", "--quiet", str(other))
    assert code == 1 and "CFG002 [error] include cycle: " in out


def test_a_chain_of_three_hundred_includes(tmp_path: Path) -> None:
    """Each file including the next: followed 64 files deep, then one finding on the include
    not followed (the Python recursion limit once made it a false syntax error in the 240th
    file)."""
    for i in range(300):
        following = f"includeConfig 'c{i + 1}.config'\n" if i < 299 else ""
        write(tmp_path / f"c{i}.config", f"params.p{i} = {i}\n{following}")
    code, out = run("check", "--quiet", str(tmp_path / "c0.config"))
    assert (code, out) == (1, f"{tmp_path / 'c63.config'}:2:1: CFG001 [error] included file "
                              f"{tmp_path / 'c64.config'} is not read: includes nested more than 64 deep "
                              "are not followed\n")


def test_catastrophic_selector_regexes_against_long_process_names(tmp_path: Path) -> None:
    """`withName: '(a+)+b'` and friends against `aaa...a`: exponential backtracking in Java
    and Python alike. The patterns are refused (undecided), never run; a 40-character name
    was enough to hang on `(a|a)*b` before."""
    (tmp_path / "main.nf").write_text(
        f"process {'a' * 5_000} {{\n    label 'big'\n    script: \"true\"\n}}\n"
        f"process {'a' * 40} {{\n    label 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'\n    script: \"true\"\n}}\n",
        encoding="utf-8")
    patterns = ["(a+)+b", "(a|a)*b", "(a|aa)+b", "(a?){25}a{25}", ".*.*.*.*b"]
    body = "".join(f"    withName: '{p}' {{ time = '48h' }}\n" for p in patterns)
    config = write(tmp_path / "nextflow.config", "process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n"
                   + body + "    withLabel: '(b|b)*c' { time = '48h' }\n}\n")
    code, out = run("check", "--quiet", str(config))
    assert code == 1 and "SPOT007" in out
    code, out = run("show", "--format", "json", str(config))
    assert code == 0
    processes = json.loads(out)["processes"]
    assert [len(p["name"]) for p in processes] == [5_000, 40]
    for process in processes:
        assert process["undecidedSelectors"] == ["withLabel:(b|b)*c"] + [f"withName:{p}" for p in patterns]


def test_placeholder_never_closed(tmp_path: Path) -> None:
    config = write(tmp_path / "nextflow.config", 'process.queue = "${\n')
    code, out = run("check", "--quiet", str(config))
    assert code == 1
    assert out.startswith(f"{config}:1:17: SYN001 [error] unexpected \" (a string that is never closed, "
                          "or a placeholder that is never closed)")
