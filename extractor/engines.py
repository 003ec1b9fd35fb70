"""Where documents are processed: a local process pool (pebble) or a dask.distributed cluster.

Both engines take the same picklable per-document function and yield ``(task, Part)`` as documents
finish, in completion order; a timeout or a dead worker becomes that document's error Part.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .parts import Part, failed_part


@dataclass(frozen=True)
class Task:
    """One document to process: where it is, its doc_id, and the part name its result is saved under."""

    path: str
    doc_id: str
    name: str


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_local(fn: Callable[[str, str, str], Part], tasks: Iterable[Task], workers: int,
              timeout: float | None) -> Iterator[tuple[Task, Part]]:
    """Run ``fn(path, doc_id, part name)`` on every task in a pool of ``workers`` processes, each under ``timeout`` s."""
    from pebble import ProcessExpired, ProcessPool

    # Workers are replaced now and then so a leak in a native library cannot grow without bound.
    with ProcessPool(max_workers=workers, max_tasks=200) as pool:
        pending = {}
        todo = iter(tasks)
        window = 4 * workers  # enough queued work to keep workers busy without scheduling the whole archive
        while True:
            for task in todo:
                pending[pool.schedule(fn, args=(task.path, task.doc_id, task.name), timeout=timeout)] = task
                if len(pending) >= window:
                    break
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                task = pending.pop(future)
                try:
                    yield task, future.result()
                except FutureTimeout:
                    yield task, failed_part(task.doc_id, task.path, f"timeout: no result within {timeout:g} s")
                except ProcessExpired as exc:
                    yield task, failed_part(task.doc_id, task.path, f"crash: {_death(exc.exitcode)}")
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled back
                    yield task, failed_part(task.doc_id, task.path, f"internal error: {type(exc).__name__}: {exc}")


def run_dask(fn: Callable[[str, str], Part], tasks: Iterable[Task], workers: int,
             scheduler: str | None) -> Iterator[tuple[Task, Part]]:
    """Run ``fn`` on every task on the dask cluster at ``scheduler``, or on a new local cluster of ``workers``."""
    import logging

    import dask
    from distributed import Client, LocalCluster, as_completed

    # A document whose worker dies twice is reported, not retried on every worker of the cluster.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        if scheduler:
            cluster, client = None, Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            yield from _drain_dask(client, as_completed(), fn, iter(tasks))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _drain_dask(client, finished, fn, todo) -> Iterator[tuple[Task, Part]]:
    from distributed import KilledWorker

    window = 4 * max(1, sum(client.nthreads().values()))
    pending = {}

    def submit() -> None:
        for task in todo:
            future = client.submit(fn, task.path, task.doc_id, key=f"doc-{task.name}", pure=False)
            pending[future.key] = task
            finished.add(future)
            if len(pending) >= window:
                return

    submit()
    for future in finished:
        task = pending.pop(future.key)
        try:
            yield task, future.result()
        except KilledWorker:
            yield task, failed_part(task.doc_id, task.path, "crash: the dask worker died on this document")
        except Exception as exc:  # noqa: BLE001 - the document's own failure, reported as its row
            yield task, failed_part(task.doc_id, task.path, f"internal error: {type(exc).__name__}: {exc}")
        future.release()
        submit()


def _death(exitcode: int | None) -> str:
    # A negative exit code is the signal that killed the worker (SIGSEGV from a native library, SIGKILL from OOM).
    if exitcode is not None and exitcode < 0:
        return f"worker process killed by {signal.Signals(-exitcode).name}"
    return f"worker process exited with status {exitcode}"
