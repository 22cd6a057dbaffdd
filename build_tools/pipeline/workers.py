"""Worker processes that share the loaded course: forked after loading, so none reads docs/ again.

The build's jobs and `make check`'s pre-render checks both run here. Workers ignore Ctrl-C (the parent
handles it), die with the parent even when it is killed (PR_SET_PDEATHSIG), and are killed at once when
the parent stops early, so none outlives its build.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from build_tools.course.model import Course
from build_tools.parts import chinese_words

_COURSE: Course | None = None
T = TypeVar("T")


def shared_course() -> Course:
    """The course the pool was started with (in a worker: inherited from the parent by the fork)."""
    assert _COURSE is not None, "only inside forked_pool()"
    return _COURSE


@contextlib.contextmanager
def forked_pool(course: Course, workers: int, preload: Iterable[str] = ()) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers share `course`; `preload` names modules to import once, before the fork.

    jieba's dictionary is loaded before the fork too. On any exception the workers are killed.
    """
    global _COURSE
    _COURSE = course
    for module in preload:
        importlib.import_module(module)
    chinese_words.preload()
    try:
        with _pool(workers) as pool:
            yield pool
    finally:
        _COURSE = None


#: A worker's garbage collection runs far less often: rendering builds large, short-lived object trees,
#: and the default thresholds rescan them again and again (a PDF renders 15-20 % faster). A worker
#: lives for one build, so the memory this holds back a little longer is returned when it exits.
WORKER_GC_THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def in_background(function: Callable[..., T], *args: object) -> Iterator[Future[T]]:
    """`function(*args)` in one forked worker process while this one goes on; the worker is killed on exit
    if it has not finished (an error here, Ctrl-C). Its result comes back pickled."""
    with _pool(1) as pool:
        yield pool.submit(function, *args)


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Forked workers (`_worker_start`); waited for on a normal exit, killed on any exception."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start)
    try:
        yield pool
        pool.shutdown(wait=True)
    except BaseException:
        _kill(pool)
        raise


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # what the fork inherited (the course, the libraries) is never scanned or copied for it
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    gc.enable()  # the build's own process runs without collection (`build._without_collection`)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now (Ctrl-C, a kill, a crash)."""
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
