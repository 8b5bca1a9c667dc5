"""A small per-user cache directory for start-up data (parser tables, compiled code).

Entries are `marshal` blobs written atomically (a concurrent run reads the old file or the
new one, never half of one), each stored with the exact key text it was made from and
returned only for that text: the file name only spreads keys over files (_file_name). One
entry holds compiled code that gets executed, so a directory is used only if it belongs to
the user and nobody else can write to it — the way Python trusts __pycache__ only as far
as the package next to it. Without a usable directory everything still works, only without
the cache.
"""

from __future__ import annotations

import marshal
import os
import stat
from typing import Any, Iterator

_UID = os.getuid() if hasattr(os, "getuid") else None  # None: Windows, no POSIX owners


def _directories() -> Iterator[str]:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    yield os.path.join(base, "nflint-spot")
    if _UID is not None:  # a shared temp dir only where ownership can be checked
        import tempfile  # here: ~7 ms to import, and seldom needed

        yield os.path.join(tempfile.gettempdir(), f"nflint-spot-{_UID}")


def _private(path: str) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    if _UID is None:
        return True  # the per-user profile directory, private by its ACLs
    return info.st_uid == _UID and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _file_name(name: str, key: str) -> str:
    # A checksum of the key is enough here (the key itself is compared on loading): its
    # bytes as one integer modulo the prime 2**61 - 1, which needs no module (zlib's CRC or
    # hashlib mean loading a shared library, ~0.5 ms of every start).
    digest = int.from_bytes(key.encode("utf-8"), "little") % _PRIME
    return f"{name}-{digest:016x}.marshal"


_PRIME = (1 << 61) - 1


def load(name: str, key: str, touch: bool = False) -> Any:
    """The data stored under `name` for exactly `key`, or None (missing, stale, unreadable,
    damaged or not private). `touch` marks the entry used (eviction drops the oldest)."""
    file_name = _file_name(name, key)
    for directory in _directories():
        path = os.path.join(directory, file_name)
        if _private(directory) and _private(path):
            try:
                with open(path, "rb") as handle:
                    stored = marshal.loads(handle.read())
            except (OSError, ValueError, EOFError, TypeError):
                stored = None
            if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
                if touch:
                    try:
                        os.utime(path)
                    except OSError:
                        pass  # a read-only cache still serves
                return stored[1]
        if _private(directory) and os.access(directory, os.W_OK):
            # store() writes here, so the temp directory holds nothing for this user (and a
            # miss need not import tempfile to find it).
            return None
    return None


def store(name: str, key: str, data: Any) -> str | None:
    """Store `data` (builtins and code objects only) for `key`, if a directory allows; the
    path written, or None. Raises ValueError when marshal cannot write `data`."""
    blob = marshal.dumps((key, data))
    file_name = _file_name(name, key)
    for directory in _directories():
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            if not _private(directory):
                continue
            partial = os.path.join(directory, f"{file_name}.{os.getpid()}.partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            target = os.path.join(directory, file_name)
            os.replace(partial, target)
            return target
        except OSError:
            continue  # read-only home: try the temp dir; failing both, no cache
    return None
