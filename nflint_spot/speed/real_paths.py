"""os.path.realpath for the loader's include stack, a directory at a time.

os.path.realpath resolves a path one component after the other, an lstat each (seven for a
corpus include), and a config's includes mostly sit in a few directories (an nf-core
pipeline's conf/, bactopia's conf/ and modules/). Resolving the directory once, then only
the last component, gives the same answer: realpath walks the components in order, so what
it holds after a file's directory is that directory's real path, and a last component that
is not a symbolic link is joined to it as it is. Links, `..`, relative paths, paths that
cannot be looked at and other systems' paths go to os.path.realpath itself.

One per load: a link changed between two loads is seen by the next one.
"""

from __future__ import annotations

import os
import stat


class RealPaths:
    __slots__ = ("known",)

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        real = self.known.get(path)
        if real is None:
            real = self.known[path] = self._resolve(path)
        return real

    def _resolve(self, path: str) -> str:
        # POSIX paths split and joined with string operations: posixpath's functions cost
        # more than the lstat saved, for the few components of a path.
        if os.name != "posix" or not path.startswith("/"):
            return os.path.realpath(path)
        cut = path.rfind("/")
        name = path[cut + 1:]
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        real_directory = self(path[:cut] or "/")
        joined = real_directory + name if real_directory.endswith("/") else f"{real_directory}/{name}"
        try:
            mode = os.lstat(joined).st_mode
        except (OSError, ValueError):
            return os.path.realpath(path)
        return os.path.realpath(path) if stat.S_ISLNK(mode) else joined
