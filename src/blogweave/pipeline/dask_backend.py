"""Parsing on a Dask cluster, for content that outgrows one machine.

``--scheduler distributed`` starts a ``distributed.LocalCluster`` on this machine
(one single-threaded worker process per core); ``--scheduler tcp://HOST:PORT``
uses a running cluster. Posts are read here, sent to the workers in batches, and
parsed there; each worker thread loads the model once and keeps it. Only the
extractions come back; resolution and export run once, in this process, exactly
as in a local build, so the graph is byte-identical.

At most two batches per worker thread are in flight, so memory here holds a few
batches of post text, not the whole corpus. When a worker dies mid-batch (killed,
out of memory) the scheduler gives its batch to another worker; a batch that has
killed ``distributed.scheduler.allowed-failures`` workers (default 3) fails the
build with an error naming its posts.

Every worker must run the same blogweave, spaCy and model versions as this
process (otherwise the cache would mix facts from two pipelines); this is
checked before any post is sent.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator, Sequence

from blogweave.config import Settings
from blogweave.errors import BlogweaveError, ConfigError
from blogweave.pipeline.batches import Job, Parsed, extract_batch, load_batch, plan_batches, worker_count
from blogweave.pipeline.cache import fingerprint
from blogweave.pipeline.stages import DEFAULT_STAGES, Stages

_local = threading.local()


def worker_nlp(model: str | None, stages: Stages = DEFAULT_STAGES):
    """The model of this worker thread, loaded on first use and kept for the worker's life."""
    models = getattr(_local, "models", None)
    if models is None:
        models = _local.models = {}
    if model not in models:
        models[model] = stages.load_nlp(model)
    return models[model]


def parse_posts(posts, model: str | None, batch_size: int, stages: Stages = DEFAULT_STAGES) -> list[Parsed]:
    """The task each batch becomes: parse and extract posts on a worker."""
    return extract_batch(worker_nlp(model, stages), posts, batch_size, stages)


def connect(scheduler: str, workers: int):
    """A Dask client for ``scheduler``, and the local cluster it started (or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise ConfigError("--scheduler needs Dask: pip install 'blogweave[dask]'") from err
    if scheduler == "distributed":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # loopback only, any free port
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster
    if "://" not in scheduler:
        raise ConfigError(f"--scheduler takes 'distributed' or a scheduler address like tcp://HOST:PORT, not {scheduler!r}")
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError) as err:
        raise BlogweaveError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err


def check_workers(client, settings: Settings, stages: Stages = DEFAULT_STAGES) -> None:
    """Refuse workers whose blogweave code, spaCy or model differ from this process's."""
    mine = fingerprint(settings, stages.model_name)
    try:
        theirs = client.run(fingerprint, settings, stages.model_name)
    except Exception as err:  # a worker that cannot even import blogweave
        raise BlogweaveError(f"the Dask workers cannot run blogweave: {type(err).__name__}: {err}") from err
    for address, value in sorted(theirs.items()):
        if value != mine:
            raise BlogweaveError(
                f"Dask worker {address} runs other versions of blogweave, spaCy or the model than this machine; "
                "install the same environment on every worker"
            )


def parse_on_dask(jobs: Sequence[Job], settings: Settings, stages: Stages = DEFAULT_STAGES) -> Iterator[Parsed]:
    """Parse ``jobs`` on the cluster named by ``settings.scheduler``; results in any order."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError

    client, cluster = connect(settings.scheduler, worker_count(settings))
    try:
        check_workers(client, settings, stages)
        threads = max(sum(client.nthreads().values()), 1)
        queue = deque(plan_batches(jobs, threads, settings.batch_size))
        running = as_completed()
        names = {}

        def fill() -> list[Parsed]:
            failed = []
            while queue and running.count() < 2 * threads:
                batch = queue.popleft()
                posts, unreadable = load_batch(((j.index, j.path) for j in batch), settings, stages)
                failed.extend(unreadable)
                if posts:
                    future = client.submit(parse_posts, posts, settings.model, settings.batch_size, stages, pure=False)
                    names[future.key] = [post.rel_path for _, post in posts]
                    running.add(future)
            return failed

        yield from fill()
        for future in running:
            try:
                results = future.result()
            except (FutureCancelledError, Exception) as err:
                posts = ", ".join(names.get(future.key, [])[:5])
                raise BlogweaveError(
                    f"Dask could not parse a batch ({posts}): {type(err).__name__}: {err}"
                ) from err
            future.release()
            yield from results
            yield from fill()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
