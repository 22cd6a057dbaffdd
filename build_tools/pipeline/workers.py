"""Forked worker processes: each task runs in a process forked from the build, so it shares the loaded course
and libraries without reading docs/ again or pickling the model.

A task is a function with its arguments bound (`functools.partial`); forking hands it to the child as it is,
so no module global carries the course. Only results travel back, pickled. Workers ignore Ctrl-C (the
parent handles it), die with the parent even when it is killed (PR_SET_PDEATHSIG), and are killed at once
when the parent stops early, so none outlives its build.
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
job, so the memory this holds back a little longer is returned when it exits."""

_FORK = multiprocessing.get_context("fork")


def run_forked(tasks: Sequence[Callable[[], T]], workers: int) -> Iterator[tuple[int, T]]:
    """Run each task in its own forked process, at most `workers` at once, in the order given; yield
    `(index, result)` as each finishes. An exception in a task is raised here; leaving early kills the rest."""
    waiting = list(enumerate(tasks))
    running: dict[Connection, tuple[int, BaseProcess]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(workers, 1):
                index, task = waiting.pop(0)
                connection, process = _start(task)
                running[connection] = (index, process)
            for ready in wait(list(running)):
                connection = next(c for c in running if c is ready)
                index, process = running.pop(connection)
                yield index, _outcome(connection, process)
    finally:
        for _connection, process in running.values():
            _kill(process)


def _start(task: Callable[[], object]) -> tuple[Connection, BaseProcess]:
    """Fork one task's process; its result comes back through the pipe."""
    receive, send = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=_child, args=(task, send), daemon=True)
    process.start()
    send.close()
    return receive, process


def _outcome(connection: Connection, process: BaseProcess) -> Any:
    """The task's result, or its exception raised again here."""
    try:
        ok, value = connection.recv()
    except EOFError:
        process.join()
        raise BuildError(f"a worker process stopped without finishing its job (exit code {process.exitcode}); "
                         "if the machine ran out of memory, close other programs and build again") from None
    finally:
        connection.close()
    process.join()
    if not ok:
        raise value
    return value


def _child(task: Callable[[], object], send: Connection) -> None:
    """In the forked process: run the task and send back its result or its exception."""
    _worker_start()
    failure: BaseException | None = None
    try:
        result = task()
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        failure, result = error, None
    try:
        send.send((True, result) if failure is None else (False, failure))
    except Exception:  # noqa: BLE001 - an exception (or result) that does not pickle: its traceback goes instead
        told = "".join(traceback.format_exception(failure)) if failure else "a worker's result could not be sent back"
        send.send((False, RuntimeError(told)))
    send.close()


class Background(Generic[T]):
    """One task running in a forked process while this one goes on (`in_background`)."""

    def __init__(self, connection: Connection, process: BaseProcess) -> None:
        self._connection, self._process = connection, process
        self._result: tuple[T] | None = None

    def done(self) -> bool:
        return self._result is not None or self._connection.poll()

    def result(self) -> T:
        if self._result is None:
            self._result = (_outcome(self._connection, self._process),)
        return self._result[0]


@contextlib.contextmanager
def in_background(task: Callable[[], T]) -> Iterator[Background[T]]:
    """`task()` in one forked process while this one goes on; the process is killed on leaving if it has not
    finished (an error here, Ctrl-C)."""
    connection, process = _start(task)
    try:
        yield Background(connection, process)
    finally:
        _kill(process)


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # what the fork inherited (the course, the libraries) is never scanned or copied for it
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    gc.enable()  # the build's own process runs without collection (`build._without_collection`)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _kill(process: BaseProcess) -> None:
    """Stop a worker now if it still runs (Ctrl-C, a kill, an error in the build)."""
    if process.is_alive():
        with contextlib.suppress(Exception):
            process.kill()
    with contextlib.suppress(Exception):
        process.join(timeout=5)
