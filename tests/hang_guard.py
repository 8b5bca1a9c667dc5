"""A wall-clock guard against hangs in robustness tests: not a timing assertion, only a way
to turn an endless loop into a failure with a message."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator


class HangGuardExpired(BaseException):
    """A BaseException, so no `except Exception` in the linter or CliRunner can swallow it."""


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise HangGuardExpired(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
