"""A config is only ever read: nothing in it is executed or imported, and nothing opens a
network connection. `check`, `show` and the language server (didOpen) lint configs that
would exit, delete a file, run a command and fetch remote includes if they were run; the
marker files stay as they were, the process lives on, and no socket connects.

In-process runs have socket.connect, socket.create_connection and urllib.request.urlopen
replaced by functions that fail the test; subprocesses get the same through a
sitecustomize.py that logs any attempt to a file the test reads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NFLINT_SPOT_COMMAND
from test_lsp_robustness import RawClient

from nflint_spot.cli.main import main

TIMEOUT = 60
SITECUSTOMIZE = """\
import socket, urllib.request

LOG = {log!r}


def _refuse(*args, **kwargs):
    with open(LOG, "a", encoding="utf-8") as handle:
        handle.write(f"network access: {{args!r}}\\n")
    raise OSError("network access refused by the test")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
urllib.request.urlopen = _refuse
"""


class Markers:
    def __init__(self, root: Path) -> None:
        token = uuid.uuid4().hex
        self.existing = root / f"nflint-keep-{token}.marker"  # a run config would delete it
        self.absent = root / f"nflint-touch-{token}.marker"  # a run config would create it
        self.existing.write_text("keep me\n", encoding="utf-8")

    def untouched(self) -> None:
        assert self.existing.read_text(encoding="utf-8") == "keep me\n"
        assert not self.absent.exists()


def hostile_config(markers: Markers) -> str:
    """Parses (legacy statements, closures, GStrings), so the model and every rule see it."""
    keep, touch = markers.existing, markers.absent
    return f"""\
System.exit(1)
def gone = new File('{keep}').delete()
"touch {touch}".execute()
params.ran = "touch {touch}".execute().text
includeConfig 'https://example.invalid/x.config'
includeConfig 's3://bucket/x.config'
if (new File('{keep}').delete()) {{
    process.queue = 'od-queue'
}}
try {{
    Runtime.getRuntime().exec('touch {touch}')
}} catch (Exception e) {{
    System.exit(2)
}}
process {{
    executor = 'awsbatch'
    queue = {{ System.exit(3); "touch {touch}".execute(); 'spot-queue' }}
    time = {{ new File('{keep}').delete() ? '1h' : '48h' }}
    errorStrategy = {{ Runtime.getRuntime().exec('touch {touch}'); 'retry' }}
    withName: 'ALIGN' {{ memory = {{ new URL('https://example.invalid/').text }} }}
}}
params.x = "${{ 'touch {touch}'.execute().text }}"
includeConfig "${{ new URL('https://example.invalid/y.config').text }}"
includeConfig 'raw.config'
"""


def raw_config(markers: Markers) -> str:
    """An included file with a syntax error (a Grape annotation, which would download code,
    is Groovy the grammar rejects) among statements it reads."""
    return (f"System.exit(1)\n@Grab('org.example:hook:1.0') import example.Hook\n"
            f"new File('{markers.existing}').delete()\n\"touch {markers.absent}\".execute()\n")


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Markers]:
    markers = Markers(tmp_path)
    config = tmp_path / "nextflow.config"
    config.write_text(hostile_config(markers), encoding="utf-8")
    (tmp_path / "raw.config").write_text(raw_config(markers), encoding="utf-8")
    (tmp_path / "main.nf").write_text(
        f"process ALIGN {{\n    time {{ new File('{markers.existing}').delete(); '2h' }}\n"
        f"    script: \"touch {markers.absent}\"\n}}\n", encoding="utf-8")
    return config, markers


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_check_in_process(project: tuple[Path, Markers], no_network: None) -> None:
    config, markers = project
    before = config.read_text(encoding="utf-8")
    # nothing here is fixable: --diff prints nothing and exits 0, --fix writes nothing (with one
    # release: unpinned, releases before 24.10 would get aws.batch.maxSpotAttempts = -1 added)
    for args, code in ((["--quiet"], 1), (["--format", "sarif"], 1), (["--diff", "--unsafe-fixes"], 0),
                       (["--fix", "--unsafe-fixes"], 1), (["--statistics"], 1)):
        result = CliRunner().invoke(main, ["check", "--jobs", "1", "--nextflow-version", "26.04.0", *args,
                                           str(config)])
        assert result.exit_code == code, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        markers.untouched()
    assert config.read_text(encoding="utf-8") == before
    result = CliRunner().invoke(main, ["check", "--quiet", str(config)])
    assert f"{config}:5:1: CFG003 [info] remote include https://example.invalid/x.config is not fetched" in result.output
    assert f"{config}:6:1: CFG003 [info] remote include s3://bucket/x.config is not fetched" in result.output
    assert f"{config.parent / 'raw.config'}:2:1: SYN001 [error]" in result.output
    assert f"{config}:17:5: SPOT004" in result.output  # the rules ran on the process block


def test_show_in_process(project: tuple[Path, Markers], no_network: None) -> None:
    config, markers = project
    result = CliRunner().invoke(main, ["show", "--format", "json", str(config)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["name"] for p in data["processes"]] == ["ALIGN"]
    markers.untouched()


@pytest.fixture
def guarded(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python logs (to the returned file) and refuses any connection."""
    site = tmp_path / "site"
    site.mkdir()
    log = tmp_path / "network.log"
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE.format(log=str(log)), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(site)}, log


def test_console_script_check_and_show(project: tuple[Path, Markers], guarded: tuple[dict[str, str], Path]) -> None:
    config, markers = project
    environment, log = guarded
    for command, code in ((["check", "--jobs", "2", str(config), str(config)], 1), (["show", str(config)], 0)):
        result = subprocess.run([*NFLINT_SPOT_COMMAND, *command], capture_output=True, text=True, timeout=TIMEOUT,
                                env=environment, stdin=subprocess.DEVNULL, check=False)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        markers.untouched()
    assert not log.exists()
    # the sitecustomize was in force (it would have logged an attempt)
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           capture_output=True, text=True, env=environment, timeout=TIMEOUT, check=False)
    assert probe.returncode != 0 and log.read_text(encoding="utf-8").count("network access") == 1


def test_language_server_did_open(project: tuple[Path, Markers], guarded: tuple[dict[str, str], Path]) -> None:
    config, markers = project
    environment, log = guarded
    client = RawClient(environment)
    try:
        client.send({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": config.parent.as_uri(), "capabilities": {}}})
        assert "capabilities" in client.response(1)["result"]
        client.send({"method": "initialized", "params": {}})
        uri = config.as_uri()
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "nextflow", "version": 1, "text": config.read_text(encoding="utf-8")}}})
        published = client.notification("textDocument/publishDiagnostics", uri)
        codes = {d["code"] for d in published["params"]["diagnostics"]}
        assert "CFG003" in codes
        client.send({"id": 2, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 6, "character": 6}}})
        assert "result" in client.response(2)
        assert client.process.poll() is None  # System.exit(1) did not run
        markers.untouched()
        client.send({"id": 3, "method": "shutdown"})
        client.response(3)
        client.send({"method": "exit"})
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()
    markers.untouched()
    assert not log.exists()
