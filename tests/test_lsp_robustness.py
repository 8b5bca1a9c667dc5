"""Nothing the language server receives may kill it: raw frames over stdio, byte by byte
what a broken or hostile client could send, then a valid request that must still be answered."""

from __future__ import annotations

import json
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from conftest import NFLINT_SPOT_COMMAND

TIMEOUT = 20


class RawClient:
    def __init__(self, env: dict[str, str] | None = None, command: list[str] | None = None,
                 cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(command or [*NFLINT_SPOT_COMMAND, "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while True:
                header = stdout.readline()
                if not header:
                    self.messages.put(None)
                    return
                if header == b"\r\n":
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stdout.read(length or 0)))

    def send_bytes(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def response(self, request_id: int) -> dict[str, Any]:
        """The response to `request_id` (notifications in between are skipped)."""
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            assert message is not None, "the server exited"
            if message.get("id") == request_id and "method" not in message:
                return message

    def open_config(self, directory: Path) -> str:
        """Initialize the server and open a one-line config in `directory`; its URI."""
        self.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None,
                                                               "capabilities": {}}})
        assert "capabilities" in self.response(1)["result"]
        self.send({"method": "initialized", "params": {}})
        uri = (directory / "nextflow.config").as_uri()
        self.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "nextflow", "version": 1, "text": "aws.batch.maxSpotAttempts = 3\n"}}})
        return uri

    def notification(self, method: str, uri: str) -> dict[str, Any]:
        """The next `method` notification about `uri` (other messages are skipped)."""
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            assert message is not None, "the server exited"
            if message.get("method") == method and message.get("params", {}).get("uri") == uri:
                return message


def test_malformed_frames_do_not_kill_the_server(tmp_path: Path) -> None:
    client = RawClient()
    try:
        uri = client.open_config(tmp_path)

        client.send_bytes(b"{this is not json")
        client.send_bytes(b"[1, 2, 3]")
        client.send_bytes("\"🚀\"".encode("utf-8"))
        client.send({"method": "no/suchNotification", "params": {}})
        client.send({"id": 2, "method": "no/suchMethod", "params": {}})
        assert client.response(2)["error"]["code"] == -32601  # method not found
        client.send({"id": 3, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 9999, "character": 9999}}})
        assert client.response(3)["result"] is None
        client.send({"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}}})
        assert client.response(4)["error"]["code"] == -32602  # invalid params: answered, not dropped
        client.send({"id": 5, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": "file:///never/opened.config"},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []}}})
        assert client.response(5)["result"] is None
        client.send({"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": "file:///never/opened.config", "version": 2},
            "contentChanges": [{"text": "x"}]}})

        client.send({"id": 6, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}})
        hover = client.response(6)["result"]
        assert "aws.batch.maxSpotAttempts" in hover["contents"]["value"]
        client.send({"id": 7, "method": "shutdown"})
        assert client.response(7)["result"] is None
        client.send({"method": "exit"})
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


def garbage_frames(rng: random.Random, count: int) -> list[bytes]:
    """Well-framed bodies that are anything but a valid message: random bytes, invalid
    UTF-8, JSON of every shape, JSON-RPC with wrong types, unknown and known methods with
    nonsense params, half a message. (A frame's own Content-Length is right: a wrong one
    desynchronises any stream and is a client bug no server can recover from.)"""
    methods = ["initialize", "textDocument/hover", "textDocument/didOpen", "textDocument/didChange",
               "textDocument/codeAction", "textDocument/didClose", "workspace/didChangeConfiguration",
               "$/cancelRequest", "no/such", "", "shutdown\u0000", "textDocument/didSave"]
    junk: list[Any] = [None, True, 0, -1, 2**70, 1.5, "", "x" * 1000, [], {}, [[[]]], {"a": {"b": [1]}},
                       {"uri": 42}, {"textDocument": None}, {"textDocument": {"uri": "file:///x", "version": "v"}},
                       {"position": {"line": -5, "character": 2**40}}, "\ud800"]
    frames = []
    for _ in range(count):
        kind = rng.randrange(6)
        if kind == 0:
            body = rng.randbytes(rng.randint(0, 300))
        elif kind == 1:
            body = b"\xff\xfe" + "{\"jsonrpc\": \"2.0\"}".encode("utf-16-le")
        elif kind == 2:
            body = json.dumps(rng.choice(junk)).encode("utf-8")
        elif kind == 3:
            message = {"jsonrpc": rng.choice(["2.0", "1.0", None, 2]), "method": rng.choice(methods),
                       "params": rng.choice(junk)}
            if rng.random() < 0.5:
                message["id"] = rng.choice([1000 + rng.randrange(10**6), "str-id", None, 1.5, [1], {"a": 1}])
            body = json.dumps(message).encode("utf-8")
        elif kind == 4:
            whole = json.dumps({"jsonrpc": "2.0", "id": 5000 + rng.randrange(1000), "method": "textDocument/hover",
                                "params": {"textDocument": {"uri": "file:///x"}, "position": {"line": 0,
                                                                                             "character": 0}}})
            body = whole[: rng.randrange(len(whole))].encode("utf-8")
        else:
            body = json.dumps({"jsonrpc": "2.0", "result": rng.choice(junk), "id": rng.randrange(100)}).encode()
        frames.append(body)
    return frames


def test_a_long_stream_of_garbage_frames_then_a_valid_hover(tmp_path: Path) -> None:
    client = RawClient()
    try:
        uri = client.open_config(tmp_path)
        for body in garbage_frames(random.Random(6), 2_000):
            client.send_bytes(body)
        client.send({"id": 2, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}})
        hover = client.response(2)["result"]
        assert "aws.batch.maxSpotAttempts" in hover["contents"]["value"]
        client.send({"id": 3, "method": "shutdown"})
        assert client.response(3)["result"] is None
        client.send({"method": "exit"})
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


# `nflint-spot lsp` whose lint never ends: it says it started (a file), then waits forever.
NEVER_ENDING_LINT = """\
import pathlib, sys, threading
import nflint_spot.lsp.scheduling
from nflint_spot.cli.main import main

def never_ending(*args, **kwargs):
    pathlib.Path(sys.argv[1]).touch()
    threading.Event().wait()

nflint_spot.lsp.scheduling.lint_document = never_ending
main(["lsp"])
"""


def test_hover_shutdown_and_exit_are_answered_while_a_lint_runs(tmp_path: Path) -> None:
    """The lint below never ends, so the process can only end if exit does not wait for it;
    hover and shutdown are answered meanwhile. (The timeouts only turn a hang into a failure.)"""
    started = tmp_path / "lint-started"
    server = tmp_path / "never_ending_lint.py"
    server.write_text(NEVER_ENDING_LINT, encoding="utf-8")
    # cwd: the script's directory comes first on sys.path, never the source tree
    client = RawClient(command=[sys.executable, str(server), str(started)], cwd=tmp_path)
    try:
        uri = client.open_config(tmp_path)
        deadline = time.monotonic() + TIMEOUT
        while not started.exists():
            assert time.monotonic() < deadline, "the lint never started"
            time.sleep(0.01)
        client.send({"id": 2, "method": "textDocument/hover",
                     "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}})
        assert "aws.batch.maxSpotAttempts" in client.response(2)["result"]["contents"]["value"]
        client.send({"id": 3, "method": "shutdown"})
        assert client.response(3)["result"] is None
        client.send({"method": "exit"})
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


def test_check_does_not_import_the_language_server(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process.executor = 'local'\n", encoding="utf-8")
    code = ("import sys\nfrom nflint_spot.cli.main import main\n"
            f"try:\n    main.main(['check', {str(config)!r}])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n")
    # cwd: `-c` puts the working directory first on sys.path; test the installed package
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT,
                            check=True, cwd=tmp_path)
    assert output.stdout.strip().splitlines()[-1] == "[]"
