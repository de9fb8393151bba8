"""Parsing on Dask: the same graph as a local build, and a build that survives a worker being killed."""

from __future__ import annotations

import functools
import os
import signal
import sys

import pytest

from blogweave.errors import ConfigError
from blogweave.pipeline.build import build
from test_pipeline import TINY, outputs, settings_for, write_posts

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, as the issue asks."""
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local


def kill_worker_once(marker: str, posts, model, batch_size, stages):
    """A task that SIGKILLs the worker running it the first time any worker runs it."""
    from pathlib import Path as _Path

    from blogweave.pipeline.dask_backend import parse_posts as real_parse_posts

    flag = _Path(marker)
    try:
        fd = os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return real_parse_posts(posts, model, batch_size, stages)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)


# the workers cannot import this test module, so its functions travel by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def test_dask_build_is_byte_identical_to_local(cluster, tmp_path):
    write_posts(tmp_path / "content", TINY)
    local = build(settings_for(tmp_path, "local", processes=1, cache=False))
    remote = build(settings_for(tmp_path, "dask", scheduler=cluster.scheduler_address, batch_size=1))
    assert remote.parsed == local.parsed == len(TINY)
    assert remote.warnings == local.warnings
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    # the cache it wrote serves a local rebuild
    again = build(settings_for(tmp_path, "dask", processes=1))
    assert (again.cached, again.parsed) == (len(TINY), 0)


def test_build_completes_when_a_worker_is_killed_mid_build(cluster, tmp_path, monkeypatch):
    import blogweave.pipeline.dask_backend as bd

    write_posts(tmp_path / "content", TINY)
    marker = tmp_path / "killed-once"
    monkeypatch.setattr(bd, "parse_posts", functools.partial(kill_worker_once, str(marker)))
    report = build(settings_for(tmp_path, "dask", scheduler=cluster.scheduler_address, batch_size=1, cache=False))
    assert marker.exists(), "no worker was killed, so the test proved nothing"
    killed = int(marker.read_text())
    assert killed not in {w.pid for w in cluster.workers.values() if hasattr(w, "pid")}  # a new process replaced it
    assert report.parsed == len(TINY)
    reference = build(settings_for(tmp_path, "local", processes=1, cache=False))
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert reference.posts_read == report.posts_read


def test_a_bad_scheduler_value_is_a_clear_error(tmp_path):
    write_posts(tmp_path / "content", TINY)
    with pytest.raises(ConfigError, match="'distributed' or a scheduler address"):
        build(settings_for(tmp_path, scheduler="yarn-please"))


def test_scheduler_distributed_starts_its_own_local_cluster(tmp_path):
    write_posts(tmp_path / "content", TINY)
    build(settings_for(tmp_path, "local", processes=1, cache=False))
    report = build(settings_for(tmp_path, "dask", scheduler="distributed", processes=2, cache=False))
    assert report.parsed == len(TINY)
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
