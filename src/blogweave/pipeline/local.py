"""Parsing on this machine: in this process, or in a pool of worker processes that each load the model once."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from blogweave.pipeline.batches import Job, Parsed, extract_batch, load_batch
from blogweave.pipeline.stages import Stages
from blogweave.config import Settings
from blogweave.errors import BlogweaveError


def parse_here(jobs: Sequence[Job], settings: Settings, stages: Stages) -> Iterator[Parsed]:
    """Parse every job in this process, batch by batch."""
    nlp = stages.load_nlp(settings.model)
    gc.freeze()  # the model's many objects never die: keep the collector from walking them again and again
    size = settings.batch_size
    for start in range(0, len(jobs), size):
        posts, failed = load_batch(((j.index, j.path) for j in jobs[start : start + size]), settings, stages)
        yield from failed
        yield from extract_batch(nlp, posts, size, stages)


_worker_nlp = None


def _init_worker(model: str | None, parent: int, stages: Stages) -> None:
    """Runs once in each worker process: load the model, and exit if the build process dies."""
    global _worker_nlp
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    _worker_nlp = stages.load_nlp(model)
    gc.freeze()


def _exit_when_orphaned(parent: int) -> None:
    # A killed build (kill -9) cannot stop its workers; they notice they were re-parented and go.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _pool_task(items: list[tuple[int, Path]], settings: Settings, stages: Stages) -> list[Parsed]:
    posts, failed = load_batch(items, settings, stages)
    return failed + extract_batch(_worker_nlp, posts, settings.batch_size, stages)


def parse_in_pool(batches: list[list[Job]], settings: Settings, workers: int, stages: Stages) -> Iterator[Parsed]:
    """Parse ``batches`` in ``workers`` processes, each loading the model once; results in any order."""
    stages.model_name(settings.model)  # a missing model is an error here, not a broken pool
    # fork shares the imported modules with the workers; elsewhere spawn is the only safe choice
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(settings.model, os.getpid(), stages),
    )
    try:
        futures = [pool.submit(_pool_task, [(j.index, j.path) for j in batch], settings, stages) for batch in batches]
        for future in as_completed(futures):
            yield from future.result()
    except BrokenProcessPool as err:
        raise BlogweaveError(
            "a worker process died while parsing posts (out of memory?); try fewer processes with -j"
        ) from err
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
