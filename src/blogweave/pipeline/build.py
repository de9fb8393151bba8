"""The only place that wires the stages together: load, annotate, extract, resolve, build, export.

Where the parse runs (the rest always runs here, once):

* in this process, with ``-j1`` or when only one batch of posts needs parsing;
* in a pool of worker processes, one per core by default: each loads the model
  once, then loads and parses batches of posts and sends back only the small
  ``Extraction`` records (the post's text is dropped once its facts are out);
* on Dask with ``--scheduler`` (see ``blogweave.pipeline.dask_backend``).

Results are put back in path order whichever way they were parsed, and the
graph sorts what it adds, so every way gives byte-identical outputs. Posts whose
file is unchanged since the last build come from the cache (``blogweave.pipeline.cache``)
and the model is not even loaded when nothing needs parsing.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from blogweave.pipeline.batches import Job, Parsed, plan_batches, worker_count
from blogweave.pipeline.cache import CACHE_DIR, BuildCache, dist_version, fingerprint, post_key
from blogweave.pipeline.dask_backend import parse_on_dask
from blogweave.pipeline.local import parse_here, parse_in_pool
from blogweave.pipeline.report import BuildReport
from blogweave.pipeline.stages import DEFAULT_STAGES, Stages
from blogweave.pipeline.stamps import inputs_digest, make_stamp, up_to_date
from blogweave.config import Settings
from blogweave.errors import BlogweaveError, PostError
from blogweave.exporters import FORMATS, MARKER, export, get_format, mark_folder
from blogweave.exporters.json import read_json
from blogweave.files import remove
from blogweave.graph.network import build_graph
from blogweave.models import Extraction
from blogweave.posts.loader import relative_path
from blogweave.resolve import curation as curation_stage
from blogweave.posts.sites import Site, apply_site, detect_site, select_posts

Progress = Callable[[int, int], None]  # (done, total)

LOCK_NAME = ".blogweave.lock"
#: Written by every build whatever ``--formats`` says: what the commands that read a build need
#: (``explain``, ``export`` and ``load`` read graph.json; ``query`` and ``serve`` read graph.ttl).
READER_FORMATS = ("turtle", "json")


def parse_jobs(jobs: Sequence[Job], settings: Settings, stages: Stages = DEFAULT_STAGES) -> Iterator[Parsed]:
    """Parse every job, here, in worker processes, or on Dask; results come in any order."""
    if not jobs:
        return
    if settings.scheduler:
        yield from parse_on_dask(jobs, settings, stages)
        return
    workers = worker_count(settings)
    batches = plan_batches(jobs, workers, settings.batch_size)
    if min(workers, len(batches)) <= 1:
        yield from parse_here(jobs, settings, stages)
    else:
        yield from parse_in_pool(batches, settings, min(workers, len(batches)), stages)


def scan_posts(
    settings: Settings, hashed: bool, problems: list[str] | None = None, stages: Stages = DEFAULT_STAGES,
    site: Site | None = None, skipped: Counter | None = None,
) -> list[Job]:
    """Every post file in path order, with its size and (when ``hashed``) its cache key.

    Files the site's conventions or the include/exclude globs leave out are
    counted in ``skipped`` by reason (see ``blogweave.posts.sites``). Folders that
    cannot be read, and folder link loops, are noted in ``problems``.
    """
    if site is None:
        site = detect_site(settings.content_dir, problems)
    found = stages.find_posts(
        settings.content_dir, exclude=[settings.out_dir], problems=problems, follow_symlinks=settings.follow_symlinks
    )
    by_rel = {relative_path(path, settings.content_dir): path for path in found}
    kept, left_out = select_posts(list(by_rel), site, settings.include, settings.exclude, settings.drafts)
    if skipped is not None:
        skipped.update(left_out)
    jobs = []
    for index, path in enumerate(by_rel[rel] for rel in kept):
        try:  # read_bytes refuses what load_post refuses (FIFOs, huge files) without blocking
            data = stages.read_bytes(path) if hashed else None
            size = len(data) if data is not None else os.stat(path).st_size
        except (PostError, OSError):
            jobs.append(Job(index, path))  # load_post will say what is wrong with it
            continue
        key = cache_key(relative_path(path, settings.content_dir), data) if hashed else None
        jobs.append(Job(index, path, key, size))
    return jobs


def extract_all(
    settings: Settings,
    report: BuildReport,
    progress: Progress | None = None,
    cache=None,
    scanned: list[Job] | None = None,
    stages: Stages = DEFAULT_STAGES,
    site: Site | None = None,
) -> list[Extraction]:
    """Every readable post's extraction, in path order: from ``cache`` where the file is unchanged.

    Drafts (unless ``settings.drafts``) and listing pages are left out and
    counted in ``report.skipped``; authors are resolved through the site's authors files.
    """
    if site is None:
        site = detect_site(settings.content_dir, report.warnings)
    if scanned is None:
        scanned = scan_posts(settings, cache is not None, report.warnings, stages, site, report.skipped)
    total = len(scanned)
    report.posts_found = total + sum(report.skipped.values())
    results: list[Parsed | None] = [None] * total
    jobs: list[Job] = []
    for job in scanned:
        hit = cache.get(job.key) if cache is not None and job.key else None
        if hit is not None:
            results[job.index] = Parsed(job.index, hit)
            report.cached += 1
        else:
            jobs.append(job)
    if cache is not None:
        report.cache_rejected = cache.rejected
    keys = {job.index: job.key for job in jobs}
    done = report.cached
    if progress:
        progress(done, total)
    for parsed in parse_jobs(jobs, settings, stages):
        results[parsed.index] = parsed
        report.parsed += 1
        key = keys[parsed.index]
        if parsed.extraction is not None and parsed.warning is not None:
            report.failed += 1
        elif cache is not None and key and parsed.extraction is not None:
            cache.put(key, parsed.extraction)
        done += 1
        if progress:
            progress(done, total)
    extractions = []
    for parsed in results:
        if parsed is None:
            continue
        if parsed.warning:
            report.warnings.append(parsed.warning)
        if parsed.extraction is not None:
            report.warnings.extend(parsed.extraction.warnings)
            extractions.append(parsed.extraction)
    extractions, left_out = apply_site(extractions, site, settings.drafts, settings.default_author)
    report.skipped.update(left_out)
    report.posts_read = len(extractions)
    return extractions


def cache_key(rel_path: str, data: bytes) -> str:
    return post_key(rel_path, data)


def open_cache(settings: Settings, stages: Stages = DEFAULT_STAGES):
    """The build cache of the output folder, or None with ``--no-cache``."""
    if not settings.cache:
        return None
    return BuildCache(settings.out_dir, fingerprint(settings, stages.model_name))


def build(settings: Settings, progress: Progress | None = None, stages: Stages = DEFAULT_STAGES) -> BuildReport:
    """Build the knowledge graph of ``settings.content_dir`` and write every output format.

    When no post, setting or part of blogweave changed since the last build and
    its outputs are untouched, nothing is written and the last report is returned
    (``report.up_to_date``). Each output file is replaced atomically and ``graph.json`` (what
    ``load_graph`` reads) is written last, so a build killed at any moment
    leaves the previous outputs whole; a lock keeps two builds out of one folder. ``stages`` are the
    functions that load, parse, extract and resolve (tests pass stand-ins).
    """
    # fail on a bad name before any work; the readers' formats are always written
    formats = [get_format(name) for name in dict.fromkeys([*settings.formats, *READER_FORMATS])]
    formats.sort(key=lambda fmt: fmt.name == "json")
    report = BuildReport()
    if os.path.lexists(settings.out_dir) and settings.out_dir.resolve() == settings.content_dir.resolve():
        raise BlogweaveError(f"the output folder {settings.out_dir} is the content folder; give another folder to --out")
    prepare_output_folder(settings.out_dir)
    with _build_lock(settings.out_dir):
        clean_stale_outputs(settings.out_dir)
        cache = open_cache(settings, stages)
        if cache is not None and cache.problem():
            report.warnings.append(cache.problem())
            cache = None
        with _timed(report, "scan"):
            site = detect_site(settings.content_dir, report.warnings)
            report.conventions = site.conventions()
            scanned = scan_posts(settings, cache is not None, report.warnings, stages, site, report.skipped)
            inputs = inputs_digest(settings, cache, scanned, site.authors.digest)
        if inputs and up_to_date(cache, inputs, report):
            report.removed = remove_unwritten_outputs(settings.out_dir, set(report.outputs))
            if progress:
                progress(report.posts_found, report.posts_found)
            return report
        with _timed(report, "extract"):
            extractions = extract_all(settings, report, progress, cache, scanned, stages, site)
        with _timed(report, "resolve"):
            entities, facts, posts = stages.resolve_entities(extractions)
            del extractions
            entities, facts, posts, curated = curation_stage.apply(settings.curation, entities, facts, posts,
                                                                   report.warnings)
            facts = [f for f in facts if f.confidence >= settings.min_confidence]
        with _timed(report, "graph"):
            graph = build_graph(entities, facts, posts, settings.base_iri, built_with=f"blogweave {dist_version('blogweave')}")
            # where the posts are, as seen from the outputs: the HTML graph links to them
            graph.graph["content_dir"] = os.path.relpath(settings.content_dir.resolve(), settings.out_dir.resolve())
            del entities, facts, posts
            for node, notes in curated.items():  # which file and line changed each entity
                if node in graph:
                    graph.nodes[node]["curation"] = notes
        report.entities = Counter(d["type"] for _, d in graph.nodes(data=True) if d.get("kind") == "entity")
        report.facts = Counter(d["predicate"] for *_, d in graph.edges(data=True) if d["predicate"] != "author")
        for fmt in formats:
            with _timed(report, f"export {fmt.name}"):
                report.outputs[fmt.name] = export(graph, fmt.name, settings.out_dir / fmt.filename)
        report.removed = remove_unwritten_outputs(settings.out_dir, set(report.outputs))
        if cache is not None:  # only now: a failed build keeps the entries it did not reach
            cache.prune()
            if inputs and not report.failed:
                cache.write_stamp(make_stamp(inputs, report))
    return report


def prepare_output_folder(out_dir: Path) -> None:
    """Make ``out_dir`` blogweave's own output folder, or refuse with a BlogweaveError naming it.

    A folder that is new, empty or marked by an earlier build (``MARKER``; a folder an older
    blogweave built, which holds its lock file, is marked now) is used as it is. A folder with
    other files in it (a log, notes) is used too, but only when none of blogweave's output
    names is taken there: a ``graph.ttl`` that blogweave did not write is never replaced.
    """
    out_dir = Path(out_dir)
    try:
        if os.path.lexists(out_dir) and not out_dir.is_dir():
            raise BlogweaveError(f"the output folder {out_dir} is a file, not a folder; give a folder to --out")
        if out_dir.is_dir():
            if (out_dir / MARKER).is_file():
                return
            names = set(os.listdir(out_dir))
            taken = sorted(names & ({fmt.filename for fmt in FORMATS.values()} | {CACHE_DIR}))
            if taken and LOCK_NAME not in names:
                raise BlogweaveError(
                    f"the output folder {out_dir} holds {', '.join(taken)}, which blogweave did not write "
                    f"(the folder has no {MARKER} file); give a new or empty folder to --out"
                )
        else:
            out_dir.mkdir(parents=True)
        mark_folder(out_dir)
    except OSError as err:
        raise BlogweaveError(f"cannot write to the output folder {out_dir}: {err.strerror or err}") from err


@contextlib.contextmanager
def _timed(report: BuildReport, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


@contextlib.contextmanager
def _build_lock(out_dir: Path):
    """Hold an exclusive lock on the output folder; the OS releases it even when the build is killed."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds must not overlap
        yield
        return
    try:
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as err:
        raise BlogweaveError(f"cannot write to the output folder {out_dir}: {err.strerror or err}") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BlogweaveError(f"another build is writing to {out_dir}; wait for it to finish") from None
        yield
    finally:
        os.close(fd)


def clean_stale_outputs(out_dir: Path) -> None:
    """Remove what a killed build left behind: temporary files, and a folder output's parked old copy.

    ``atomic_output`` writes ``.NAME.XXXX.tmp`` beside each output and, for a
    folder output, parks the previous one as ``.NAME.old`` while swapping; if the
    swap was cut short the old copy is put back.
    """
    names = {fmt.filename for fmt in FORMATS.values()}
    for entry in os.scandir(out_dir):
        for name in names:
            path = Path(entry.path)
            if entry.name.startswith(f".{name}.") and entry.name.endswith(".tmp"):
                remove(path)
            elif entry.name == f".{name}.old":
                target = out_dir / name
                if target.exists():
                    remove(path)
                else:
                    path.rename(target)


def remove_unwritten_outputs(out_dir: Path, written: set[str]) -> list[Path]:
    """Remove the outputs of formats this build did not write, so no stale file sits beside the new ones.

    Only a format's own file name in this (marked) output folder is removed, and a folder output only
    when it carries blogweave's marker: nothing blogweave did not write. Returns what was removed.
    """
    removed = []
    for fmt in FORMATS.values():
        path = Path(out_dir) / fmt.filename
        if fmt.name in written or path.is_symlink() or not path.exists():
            continue
        if path.is_dir() and not (path / MARKER).is_file():
            continue
        remove(path)
        removed.append(path)
    return removed


def load_graph(out_dir: Path):
    """The graph of a previous build, read back from its ``graph.json``."""
    path = Path(out_dir) / "graph.json"
    if not path.is_file():
        raise BlogweaveError(f"no graph at {path}; build one first with: blogweave build CONTENT_DIR --out {out_dir}")
    return read_json(path)


def build_knowledge_graph(content_dir: Path | str = "content", out_dir: Path | str | None = None, **settings):
    """Build ``content_dir`` into ``out_dir`` (settings as on the command line) and return the KnowledgeGraph.

    ``settings`` are the names of ``blogweave.config.Settings`` (``formats``, ``min_confidence``,
    ``processes``, ...); configuration files and ``BLOGWEAVE_`` variables apply as for ``blogweave build``.
    """
    from blogweave.config import load_settings
    from blogweave.graph.view import KnowledgeGraph

    resolved = load_settings(Path(content_dir), out_dir=out_dir, **settings)
    if not resolved.content_dir.is_dir():
        raise BlogweaveError(f"content folder {resolved.content_dir} does not exist or is not a folder")
    report = build(resolved)
    return KnowledgeGraph(load_graph(resolved.out_dir), resolved.out_dir, report)


def load_knowledge_graph(out_dir: Path | str | None = None):
    """The KnowledgeGraph of an earlier build in ``out_dir`` (default: the configured ``out_dir``)."""
    from blogweave.config import load_settings
    from blogweave.graph.view import KnowledgeGraph

    folder = load_settings(None, out_dir=out_dir).out_dir
    return KnowledgeGraph(load_graph(folder), folder)
