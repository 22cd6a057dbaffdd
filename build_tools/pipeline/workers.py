"""Forked worker processes: the workers are forked after the tasks are made, so every task (a function with its
arguments bound, `functools.partial`) and the loaded course they share reach the workers by the fork itself.

Nothing is pickled on the way in and no module global carries the course: the parent sends a worker only the
number of its next task, and gets its result back pickled. A worker runs several tasks in turn, so what one
task warms (fonts, WeasyPrint's caches, the slide measurer) serves the next one. Workers ignore Ctrl-C (the
parent handles it), die with the parent even when it is killed (PR_SET_PDEATHSIG), and are killed at once when
the parent stops early, so none outlives its build.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from build_tools.course.problems import BuildError

T = TypeVar("T")

WORKER_GC_THRESHOLDS = (100_000, 50, 100)
"""A worker's garbage collection runs far less often: rendering builds large, short-lived object trees, and
the default thresholds rescan them again and again (a PDF renders 15-20 % faster). A worker lives for one
build, so the memory this holds back a little longer is returned when it exits."""

_FORK = multiprocessing.get_context("fork")


class _Worker:
    """One forked process and the pipe to it; `task` is the number of the task it is running, if any."""

    def __init__(self, tasks: Sequence[Callable[[], object]]) -> None:
        self.connection, child_end = _FORK.Pipe(duplex=True)
        self.process: BaseProcess = _FORK.Process(target=_serve, args=(tasks, child_end), daemon=True)
        self.process.start()
        child_end.close()
        self.task: int | None = None

    def give(self, index: int | None) -> None:
        """The next task's number, or None: no more tasks, exit."""
        self.task = index
        self.connection.send(index)

    def outcome(self) -> Any:
        """The running task's result, or its exception raised again here."""
        try:
            ok, value = self.connection.recv()
        except EOFError:
            self.process.join()
            raise BuildError(f"a worker process stopped without finishing its job (exit code "
                             f"{self.process.exitcode}); if the machine ran out of memory, close other programs "
                             "and build again") from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """Kill the process now if it still runs (Ctrl-C, a kill, an error in the build)."""
        if self.process.is_alive():
            with contextlib.suppress(Exception):
                self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)
        self.connection.close()


def run_forked(tasks: Sequence[Callable[[], T]], workers: int) -> Iterator[tuple[int, T]]:
    """Run the tasks in at most `workers` forked processes, in the order given; yield `(index, result)` as each
    finishes. An exception in a task is raised here; leaving early kills the workers."""
    with started_forked(tasks, workers) as results:
        yield from results


@contextlib.contextmanager
def started_forked(tasks: Sequence[Callable[[], T]], workers: int) -> Iterator[Iterator[tuple[int, T]]]:
    """`run_forked` with the workers forked now, before the results are asked for: this process goes on with
    other work meanwhile (`check` checks the course while its outputs are planned); leaving kills the workers."""
    waiting = list(range(len(tasks)))
    pool = [_Worker(tasks) for _ in range(min(max(workers, 1), len(tasks)))]
    try:
        for worker in pool:
            worker.give(waiting.pop(0))
        yield _results(pool, waiting)
    finally:
        for worker in pool:
            worker.stop()


def _results(pool: list[_Worker], waiting: list[int]) -> Iterator[tuple[int, Any]]:
    busy = len(pool)
    while busy:
        for ready in wait([worker.connection for worker in pool if worker.task is not None]):
            worker = next(w for w in pool if w.connection is ready)
            index = worker.task
            assert index is not None
            result = worker.outcome()
            worker.give(waiting.pop(0) if waiting else None)
            busy -= worker.task is None
            yield index, result
    for worker in pool:
        worker.process.join()


def _serve(tasks: Sequence[Callable[[], object]], connection: Connection) -> None:
    """In a forked worker: run the tasks the parent names, one at a time, sending back each result (or its
    exception), until the parent says there are no more."""
    _worker_start()
    while (index := connection.recv()) is not None:
        failure: BaseException | None = None
        try:
            result = tasks[index]()
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which raises it
            failure, result = error, None
        try:
            connection.send((True, result) if failure is None else (False, failure))
        except Exception:  # noqa: BLE001 - an exception (or result) that does not pickle: its traceback goes instead
            told = "".join(traceback.format_exception(failure)) if failure else "a result could not be sent back"
            connection.send((False, RuntimeError(told)))
    connection.close()


class Background(Generic[T]):
    """One task running in a forked process while this one goes on (`in_background`)."""

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker
        self._result: tuple[T] | None = None

    def done(self) -> bool:
        return self._result is not None or self._worker.connection.poll()

    def result(self) -> T:
        if self._result is None:
            self._result = (self._worker.outcome(),)
            self._worker.give(None)
        return self._result[0]


@contextlib.contextmanager
def in_background(task: Callable[[], T]) -> Iterator[Background[T]]:
    """`task()` in one forked process while this one goes on; the process is killed on leaving if it has not
    finished (an error here, Ctrl-C)."""
    worker = _Worker([task])
    worker.give(0)
    try:
        yield Background(worker)
    finally:
        worker.stop()


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # what the fork inherited (the course, the libraries) is never scanned or copied for it
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    gc.enable()  # the build's and check's own processes run without collection (`without_collection`)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def without_collection() -> Iterator[None]:
    """No garbage collection in the build's or check's own process meanwhile: each reads the course once and keeps
    it until it ends, so the passes only cost time (0.15-0.2 s of a build's start, a tenth of a second of a check
    after an edit, reading back its kept pages and facts). Forked workers collect as usual (`_worker_start`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
