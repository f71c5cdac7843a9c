"""Run a generator in another process and take its items as they come: two cores at work on one job."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from fangfanpin.core.collector import collector_paused
from fangfanpin.core.tabular import FileRefused

AHEAD = 4  # items the child may be ahead of the parent
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


class Streamed:
    """Run a generator in a forked process and hand its items over as they come (in-process without fork).

    An import's reader process reads and checks the file while the importing process writes what it has
    already handed over: the two cores work at once. A thread receives up to `ahead` items ahead, so that
    neither side waits for the other on every item. A FileRefused raised in the child is raised again here;
    any other failure becomes a RuntimeError. The child may stream from a child of its own.
    """

    def __init__(self, fn: Callable[..., Iterator[Any]], *args: Any, ahead: int = AHEAD) -> None:
        self.ended = False
        if _FORK is None:
            self.items: Iterator[Any] | None = fn(*args)
            return
        self.items = None
        self.pipe, child = _FORK.Pipe(duplex=False)
        # Not daemonic: a daemonic process may not start a child of its own. `close` stops it.
        self.process = _FORK.Process(target=_stream_to, args=(child, fn, *args))
        self.process.start()
        child.close()
        self.received: queue.Queue[bytes | None] = queue.Queue(maxsize=ahead)
        self.receiver = threading.Thread(target=self._receive, daemon=True)
        self.receiver.start()

    def _receive(self) -> None:
        try:
            while True:
                self.received.put(self.pipe.recv_bytes())  # the pipe's I/O runs without the GIL
        except (EOFError, OSError):
            self.received.put(None)

    def __iter__(self) -> Iterator[Any]:
        if self.items is not None:
            yield from self.items
            self.ended = True
            return
        while not self.ended:
            data = self.received.get()
            if data is None:
                self.ended = True
                raise RuntimeError("文件读取进程意外退出")
            kind, value = pickle.loads(data)
            if kind == "item":
                yield value
                continue
            self.ended = True
            self.process.join()
            if kind == "refused":
                raise FileRefused(value)
            if kind == "error":
                raise RuntimeError(value)

    def drain(self) -> None:
        """Read what is left: raise FileRefused if the file turns out refused; else stop the child."""
        if self.ended or self.items is not None:
            return
        try:
            for _ in self:
                pass
        except RuntimeError:
            pass

    def close(self) -> None:
        """Stop the child if it still runs, and the receiving thread with it."""
        if self.items is not None:
            return
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        while self.receiver.is_alive():  # it may wait to put an item nobody will take
            try:
                self.received.get_nowait()
            except queue.Empty:
                self.receiver.join(0.1)
        self.pipe.close()


def _stream_to(pipe: Any, fn: Callable[..., Iterator[Any]], *args: Any) -> None:
    try:
        with collector_paused():
            for item in fn(*args):
                pipe.send(("item", item))
        pipe.send(("end", None))
    except FileRefused as refused:
        pipe.send(("refused", refused.errors))
    except Exception as error:  # reported to the parent, which refuses the import
        pipe.send(("error", f"{type(error).__name__}: {error}"))
    pipe.close()
    # Leave at once: the inherited database connection belongs to the parent and must not be closed here.
    os._exit(0)
