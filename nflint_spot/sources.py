"""Reading config files: UTF-8 (a BOM is accepted), regular files only, clear errors.

Every file a lint reads goes through `read_config` (the loader's includes too, after
`check_include`) or `read_settings_text`, so while a recording is on (`start_recording`)
they log what each read gave: the result cache (result_cache.py) keys a stored lint on
exactly those reads, missing and refused files included. This module stays light: the cache's look-up imports it and
nothing of the linter.
"""

from __future__ import annotations

import os
import stat

# The kernel's and devices' file systems: `includeConfig '/proc/self/environ'` would put the
# environment (tokens, keys) into the excerpt of the syntax error it makes, and from there
# into CI logs and reports. Their files look regular to stat (/proc's have size 0).
SYSTEM_DIRECTORIES = ("/proc", "/sys", "/dev")

# (kind, path, ok, text or error message) per read while recording; None when not recording.
Read = tuple[str, str, bool, str]
_recorded: list[Read] | None = None


def start_recording() -> None:
    global _recorded
    _recorded = []


def stop_recording() -> list[Read]:
    global _recorded
    recorded, _recorded = _recorded or [], None
    return recorded


class ConfigReadError(Exception):
    """A file that cannot be read or decoded; the CLI prints it and exits 2. `line` and
    `column` (1-based) where the problem is at a place in it: printed `path:line:col:`, as
    every position is."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        where = path if line is None else f"{path}:{line}:{column}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    @property
    def detail(self) -> str:
        """What went wrong, with the place when there is one (an include's CFG001 says it;
        the result cache and include replays compare it: the same error elsewhere differs)."""
        return self.message if self.line is None else str(self)


def check_include(path: str) -> None:
    """Raises ConfigReadError, without opening the file, for an include that is not to be
    read: a system path or anything but a regular file (a FIFO would block, a device never
    end). The command line's files are checked by the CLI (cli.arguments.refuse_system_files)."""
    refusal = file_refusal(path)
    if refusal is None:
        return
    if _recorded is not None:
        _recorded.append(("include", path, False, refusal))
    raise ConfigReadError(path, refusal)


def file_refusal(path: str) -> str | None:
    """Why `path` is never read (an include, a file named on the command line, a settings
    file), or None (the read words a missing file)."""
    real = os.path.realpath(path)
    for candidate in (os.path.abspath(path), real):  # as written, then where its links lead
        for directory in SYSTEM_DIRECTORIES:
            if candidate == directory or candidate.startswith(directory + "/"):
                return f"is a system path (under {directory}/), never read: its content could end up in the output"
    try:
        mode = os.stat(real).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a config file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a FIFO, socket or device?)"
    return None


def read_config(path: str) -> str:
    if _recorded is None:
        return _read_config(path)
    try:
        text = _read_config(path)
    except ConfigReadError as error:
        _recorded.append(("config", path, False, error.detail))
        raise
    _recorded.append(("config", path, True, text))
    return text


def _read_config(path: str) -> str:
    return decode_config(path, _read_regular_file(path))


def _read_regular_file(path: str) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO must not hang waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigReadError(path, "no such file") from None
    except IsADirectoryError:
        raise ConfigReadError(path, "is a directory, not a config file") from None
    except PermissionError:
        raise ConfigReadError(path, "permission denied") from None
    except OSError as error:
        raise ConfigReadError(path, f"cannot open: {error.strerror or error}") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise ConfigReadError(path, "is a directory, not a config file")
        raise ConfigReadError(path, "is not a regular file (a FIFO, socket or device?)")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read()
        except OSError as error:
            raise ConfigReadError(path, f"cannot read: {error.strerror or error}") from error
    return data


def decode_config(path: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        raise ConfigReadError(path, "is UTF-16 encoded; Nextflow configs must be UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise ConfigReadError(
            path, f"invalid UTF-8 (byte 0x{data[error.start]:02x}); configs must be UTF-8", line, column
        ) from None
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL byte beside every character
    (else it would be reported as a NUL byte at 1:2, which says nothing about the cause)."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head[:2]:
        return False
    half = len(head) // 2
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return (odd >= half * 0.9 and even <= half * 0.1) or (even >= half * 0.9 and odd <= half * 0.1)


def read_settings_text(path: str) -> str:
    """A settings file's text. Raises ConfigReadError (settings.py words it with the file's
    position): a system path or anything but a regular file is refused unread, as an include
    is (a `.nflint-spot.yaml` linking to /proc/self/environ, a FIFO that would block)."""
    try:
        text = _read_settings_text(path)
    except ConfigReadError as error:
        if _recorded is not None:
            _recorded.append(("settings", path, False, error.detail))
        raise
    if _recorded is not None:
        _recorded.append(("settings", path, True, text))
    return text


def _read_settings_text(path: str) -> str:
    refusal = file_refusal(path)
    if refusal is not None:
        raise ConfigReadError(path, refusal)
    if os.path.islink(path) and not os.path.exists(path):
        raise ConfigReadError(path, f"is a symbolic link to a missing file ({os.readlink(path)})")
    data = _read_regular_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise ConfigReadError(path, f"invalid UTF-8 (byte 0x{data[error.start]:02x}); settings files must be UTF-8",
                              line, column) from None
