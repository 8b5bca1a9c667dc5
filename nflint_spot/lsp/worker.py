"""The language server's worker threads: an executor of one daemon thread that runs what it
is given in order. ThreadPoolExecutor's threads are not daemons, and Python joins them when
the process ends: an `exit` from the client in the middle of a minute-long lint would wait
for it. A daemon thread is dropped when the process exits, and a lint
has nothing to finish once nobody will read its result."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any


class DaemonWorker(Executor):
    """Runs each submitted call on one daemon thread, first in, first out."""

    def __init__(self, name: str) -> None:
        self._calls: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...],
                                             dict[str, Any]] | None] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()  # submit and shutdown from different threads
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new calls after shutdown")
            self._calls.put((future, fn, args, kwargs))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if cancel_futures:
                while True:
                    try:
                        item = self._calls.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item[0].cancel()
            self._calls.put(None)  # the thread ends after the call it runs, if any
        if wait:
            self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._calls.get()
            if item is None:
                return
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # the caller's to handle, as with ThreadPoolExecutor
                future.set_exception(error)
            else:
                future.set_result(result)
