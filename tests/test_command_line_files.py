"""Files named on the command line (PATH, -c, --params-file, --settings) and the settings file
found by the search: a system path or anything but a regular file is refused before it is read,
with its path and exit 2; a settings file that cannot be read as YAML is `file:line:col:` and
exit 2, never a traceback, a hang or a silent pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import NFLINT_SPOT_COMMAND

TIMEOUT = 60  # only turns a hang into a failure
SECRET = "nflint-spot-secret-c41d9e"  # in the environment of the run: must reach no output
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")
SYSTEM = "is a system path (under /proc/), never read: its content could end up in the output"
needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="no /proc file system")


def nflint_spot(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NFLINT_SPOT_TEST_SECRET": SECRET, "NFLINT_SPOT_NO_CACHE": "1"}
    return subprocess.run([*NFLINT_SPOT_COMMAND, *args], capture_output=True, text=True, timeout=TIMEOUT,
                          env=environment, stdin=subprocess.DEVNULL, cwd=cwd)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "nextflow.config"
    path.write_text("process.executor = 'awsbatch'\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the settings search stops here
    return path


@needs_proc
@pytest.mark.parametrize("option", ["PATH", "-c", "--params-file", "--settings"])
def test_a_file_linking_to_the_environment_is_refused_unread_in_every_format(config: Path, option: str) -> None:
    link = config.parent / ("environ.yaml" if option == "--params-file" else "environ.config")
    os.symlink("/proc/self/environ", link)
    named = f"{option} {link}: " if option != "PATH" else f"{link}: "
    arguments = [str(link)] if option == "PATH" else [option, str(link), str(config)]
    for command in ("check", "show"):
        for output_format in FORMATS if command == "check" else ("text", "json"):
            result = nflint_spot(command, "--format", output_format, *arguments)
            assert (result.returncode, result.stdout) == (2, "")
            assert result.stderr == f"nflint-spot: error: {named}{SYSTEM}\n"
            assert SECRET not in result.stderr


@needs_proc
@pytest.mark.parametrize("option", ["-c", "--params-file", "--settings"])
def test_proc_self_environ_given_to_an_option_is_refused(config: Path, option: str) -> None:
    result = nflint_spot("check", option, "/proc/self/environ", str(config))
    assert result.returncode == 2
    assert result.stderr == f"nflint-spot: error: {option} /proc/self/environ: {SYSTEM}\n"


@needs_proc
def test_parse_refuses_a_system_path() -> None:
    result = nflint_spot("parse", "/proc/self/environ")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"nflint-spot: error: /proc/self/environ: {SYSTEM}\n"


@pytest.mark.parametrize("command", ["check", "show"])
def test_a_fifo_given_with_settings_does_not_wait_for_a_writer(config: Path, command: str) -> None:
    fifo = config.parent / "settings.yaml"
    os.mkfifo(fifo)
    result = nflint_spot(command, "--settings", str(fifo), str(config))
    assert result.returncode == 2
    assert result.stderr == f"nflint-spot: error: --settings {fifo}: is not a regular file (a FIFO, socket or device?)\n"


def _make(kind: str, path: Path) -> str:
    """An unusable .nflint-spot.yaml of `kind`; what the error says of it."""
    if kind == "fifo":
        os.mkfifo(path)
        return "is not a regular file (a FIFO, socket or device?)"
    if kind == "directory":
        path.mkdir()
        return "is a directory, not a config file"
    if kind == "dangling":
        os.symlink("gone.yaml", path)
        return "is a symbolic link to a missing file (gone.yaml)"
    os.symlink("/proc/self/environ", path)
    return SYSTEM


@pytest.mark.parametrize("kind", ["fifo", "directory", "dangling",
                                  pytest.param("environ", marks=needs_proc)])
def test_an_unusable_dot_settings_file_is_an_error_not_skipped(config: Path, kind: str) -> None:
    # A rules.yaml of nflint-spot's in the same directory would silently apply instead.
    (config.parent / "rules.yaml").write_text("launcher: awsbatch\n", encoding="utf-8")
    dot = config.parent / ".nflint-spot.yaml"
    why = _make(kind, dot)
    for arguments in (["check", str(config)], ["check", "--show-settings", str(config)], ["show", str(config)]):
        result = nflint_spot(*arguments)
        assert (result.returncode, result.stdout) == (2, ""), arguments
        assert result.stderr == f"nflint-spot: error: {dot}: {why}\n"
        assert SECRET not in result.stderr


@pytest.mark.parametrize("text, position, message", [
    pytest.param("launcher: null\n\x00", "2:1", "the character U+0000 is not allowed in YAML (a control character)",
                 id="nul"),
    pytest.param("launcher: awsbatch\x07\n", "1:19", "the character U+0007 is not allowed in YAML (a control character)",
                 id="bell"),
    pytest.param("launcher: null\nlauncher: awsbatch\n", "2:1", 'invalid YAML: found duplicate key "launcher"\n',
                 id="duplicate-key"),
    pytest.param("rules: {SPOT001: off\n", "2:1", "invalid YAML:", id="parser"),
    pytest.param("rules: *nowhere\n", "1:8", "invalid YAML: found undefined alias 'nowhere'", id="composer"),
    pytest.param("launcher: !!int x\n", "1:1", "invalid YAML: invalid literal for int()", id="constructor-value"),
    pytest.param("rules: " + "[" * 5000 + "\n", "1:1", "invalid YAML: nested too deeply", id="deep"),
])
@pytest.mark.parametrize("found", [True, False], ids=["discovered", "--settings"])
def test_a_settings_file_yaml_errors_have_a_position_and_exit_2(config: Path, text: str, position: str,
                                                                 message: str, found: bool) -> None:
    settings = config.parent / (".nflint-spot.yaml" if found else "mine.yaml")
    settings.write_bytes(text.encode("utf-8"))
    given = [] if found else ["--settings", str(settings)]
    for command in ("check", "show"):
        result = nflint_spot(command, *given, str(config))
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"nflint-spot: error: {settings}:{position}: "), result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_the_language_server_says_a_settings_file_with_a_nul_byte(config: Path) -> None:
    from nflint_spot.lsp.session import ServerOptions, SettingsCache, lint_document

    (config.parent / ".nflint-spot.yaml").write_bytes(b"launcher: null\n\x00")
    outcome = lint_document(SettingsCache(), ServerOptions(), None, str(config), config.read_text(), 1)
    assert outcome.clear and outcome.run is None
    [(kind, _, text)] = outcome.messages
    assert (kind, text) == ("settings", f"nflint-spot: bad settings file {config.parent / '.nflint-spot.yaml'}:2:1: "
                            "invalid YAML: the character U+0000 is not allowed in YAML (a control character)")
