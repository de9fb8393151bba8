"""The only place that wires the stages together: load, annotate, extract, resolve, build, export.

Where the parse runs (the rest always runs here, once):

* in this process, with ``-j1`` or when only one batch of posts needs parsing;
* in a pool of worker processes, one per core by default: each loads the model
  once, then loads and parses batches of posts and sends back only the small
  ``Extraction`` records (the post's text is dropped once its facts are out);
* on Dask with ``--scheduler`` (see ``blogweave.distributed``).

Results are put back in path order whichever way they were parsed, and the
graph sorts what it adds, so every way gives byte-identical outputs. Posts whose
file is unchanged since the last build come from the cache (``blogweave.cache``)
and the model is not even loaded when nothing needs parsing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from blogweave.config import Settings
from blogweave.errors import BlogweaveError, PostError
from blogweave.models import Extraction, Post

Progress = Callable[[int, int], None]  # (done, total)

LOCK_NAME = ".blogweave.lock"


@dataclass
class BuildReport:
    """What a build did, for the summary the CLI prints."""

    posts_found: int = 0
    posts_read: int = 0
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    cached: int = 0  # posts taken from the cache
    parsed: int = 0  # posts parsed in this build
    cache_rejected: int = 0  # damaged cache entries found, deleted and parsed again
    failed: int = 0  # posts kept without facts because parsing or extraction failed (tried again next build)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    up_to_date: bool = False  # nothing changed since the last build: outputs left as they were


@dataclass(frozen=True)
class Job:
    """A post that needs parsing: its place in path order, its file and its cache key."""

    index: int
    path: Path
    key: str | None = None
    size: int = 0


@dataclass(frozen=True)
class Parsed:
    """The outcome of one job: an extraction, a warning, or both.

    ``extraction`` is None when the post could not be read. A warning next to an
    extraction means parsing or extraction failed inside blogweave; such a result
    is kept for this build (the post still appears) but not cached.
    """

    index: int
    extraction: Extraction | None
    warning: str | None = None


def strip_post(extraction: Extraction) -> Extraction:
    """The extraction without the post's text, which nothing after extraction needs."""
    post = dataclasses.replace(extraction.post, text="", spans=(), line_starts=(0,))
    return dataclasses.replace(extraction, post=post)


def load_batch(items: Iterable[tuple[int, Path]], settings: Settings) -> tuple[list[tuple[int, Post]], list[Parsed]]:
    """Load posts; one that cannot be read becomes a warning naming the file."""
    from blogweave.posts import load_post

    posts, failed = [], []
    for index, path in items:
        try:
            posts.append((index, load_post(Path(path), settings.content_dir, settings)))
        except PostError as err:
            failed.append(Parsed(index, None, str(err)))
        except OSError as err:  # e.g. the file disappeared since it was listed
            failed.append(Parsed(index, None, f"{path}: cannot read: {err.strerror or err}"))
    return posts, failed


def extract_batch(nlp, posts: Sequence[tuple[int, Post]], batch_size: int = 32) -> list[Parsed]:
    """Parse a batch of posts with ``nlp.pipe`` and extract each one's mentions and facts."""
    from blogweave.extract import extract_post

    fits = [(i, p) for i, p in posts if len(p.text) <= nlp.max_length]
    results = [_failed(i, p, f"too long to parse ({len(p.text):,} characters; the limit is {nlp.max_length:,})")
               for i, p in posts if len(p.text) > nlp.max_length]
    long = [(i, p) for i, p in fits if len(p.text) > LONG_POST]
    fits = [(i, p) for i, p in fits if len(p.text) <= LONG_POST]
    done: set[int] = set()

    def extracted(index: int, post: Post, doc) -> Parsed:
        done.add(index)
        if isinstance(doc, _ParseFailure):
            return _failed(index, post, doc.problem)
        try:
            return Parsed(index, strip_post(extract_post(post, doc)))
        except Exception as err:  # a rule that fails on odd text must not stop the build
            return _failed(index, post, f"fact extraction failed ({type(err).__name__}: {err})")

    # each Doc is dropped as soon as its facts are out, so a batch never holds all its Docs at once
    try:
        pairs = ((post.text, (index, post)) for index, post in fits)
        for doc, (index, post) in nlp.pipe(pairs, as_tuples=True, batch_size=min(batch_size, PIPE_BATCH)):
            results.append(extracted(index, post, doc))
    except Exception:  # one post broke the parser: parse the rest one at a time so only that post is lost
        results += [extracted(i, p, _parse_one(nlp, p)) for i, p in fits if i not in done]
    results += [extracted(i, p, _parse_one(nlp, p)) for i, p in long]
    return results


@dataclass(frozen=True)
class _ParseFailure:
    problem: str


#: Docs spaCy runs through its components together. On CPU bigger batches are no faster, and the
#: memory peak grows with them: the 32 longest corpus posts at once peak at 1.5 GB, 4 at a time at 0.4 GB.
PIPE_BATCH = 4

#: Posts longer than this (characters) are parsed in paragraph-aligned pieces: one huge document
#: makes the parser's memory peak at gigabytes, while the pieces peak at tens of megabytes.
LONG_POST = 50_000


def split_text(text: str, size: int = LONG_POST) -> list[str]:
    """``text`` cut after blank lines (else after line ends) into pieces of about ``size`` characters.

    The pieces joined give ``text`` back exactly, so character offsets stay valid.
    """
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        cut = cut + 2 if cut != -1 else text.rfind("\n", start + size // 2, start + size) + 1
        if cut <= start:  # no line break at all: cut after a space, or hard
            cut = text.rfind(" ", start + size // 2, start + size) + 1 or start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse_text(nlp, text: str):
    """The Doc of ``text``; a long text is parsed in pieces that are joined back into one Doc."""
    if len(text) <= LONG_POST:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(split_text(text)))
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    return joined if joined.text == text else nlp(text)


def _parse_one(nlp, post: Post):
    try:
        return parse_text(nlp, post.text)
    except Exception as err:
        return _ParseFailure(f"could not be parsed ({type(err).__name__}: {err})")


def _failed(index: int, post: Post, problem: str) -> Parsed:
    extraction = strip_post(Extraction(post=post))
    return Parsed(index, extraction, f"{post.rel_path}: {problem}; kept without facts")


def plan_batches(jobs: Sequence[Job], workers: int, batch_size: int) -> list[list[Job]]:
    """Group jobs into batches for workers, largest posts first so no worker is left with a long tail.

    A batch holds at most ``batch_size`` posts and about a quarter of a worker's
    share of the bytes, so every worker gets several batches.
    """
    ordered = sorted(jobs, key=lambda j: (-j.size, j.index))
    target = max(sum(j.size for j in jobs) / (4 * max(workers, 1)), 1)
    batches: list[list[Job]] = []
    current: list[Job] = []
    current_size = 0
    for job in ordered:
        current.append(job)
        current_size += job.size
        if len(current) >= batch_size or current_size >= target:
            batches.append(current)
            current, current_size = [], 0
    if current:
        batches.append(current)
    return batches


def worker_count(settings: Settings) -> int:
    return settings.processes or os.cpu_count() or 1


# --- where the parse runs ---------------------------------------------------------------


def parse_jobs(jobs: Sequence[Job], settings: Settings) -> Iterator[Parsed]:
    """Parse every job, here, in worker processes, or on Dask; results come in any order."""
    if not jobs:
        return
    if settings.scheduler:
        from blogweave.distributed import parse_on_dask

        yield from parse_on_dask(jobs, settings)
        return
    workers = worker_count(settings)
    batches = plan_batches(jobs, workers, settings.batch_size)
    if min(workers, len(batches)) <= 1:
        yield from _parse_here(jobs, settings)
    else:
        yield from _parse_in_pool(batches, settings, min(workers, len(batches)))


def _parse_here(jobs: Sequence[Job], settings: Settings) -> Iterator[Parsed]:
    from blogweave.nlp import load_nlp

    nlp = load_nlp(settings.model)
    gc.freeze()  # the model's many objects never die: keep the collector from walking them again and again
    size = settings.batch_size
    for start in range(0, len(jobs), size):
        posts, failed = load_batch(((j.index, j.path) for j in jobs[start : start + size]), settings)
        yield from failed
        yield from extract_batch(nlp, posts, size)


_worker_nlp = None


def _init_worker(model: str | None, parent: int) -> None:
    """Runs once in each worker process: load the model, and exit if the build process dies."""
    global _worker_nlp
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    from blogweave.nlp import load_nlp

    _worker_nlp = load_nlp(model)
    gc.freeze()


def _exit_when_orphaned(parent: int) -> None:
    # A killed build (kill -9) cannot stop its workers; they notice they were re-parented and go.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _pool_task(items: list[tuple[int, Path]], settings: Settings) -> list[Parsed]:
    posts, failed = load_batch(items, settings)
    return failed + extract_batch(_worker_nlp, posts, settings.batch_size)


def _parse_in_pool(batches: list[list[Job]], settings: Settings, workers: int) -> Iterator[Parsed]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from blogweave.nlp import model_name

    model_name(settings.model)  # a missing model is an error here, not a broken pool
    # fork shares the imported modules with the workers; elsewhere spawn is the only safe choice
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(settings.model, os.getpid()),
    )
    try:
        futures = [pool.submit(_pool_task, [(j.index, j.path) for j in batch], settings) for batch in batches]
        for future in as_completed(futures):
            yield from future.result()
    except BrokenProcessPool as err:
        raise BlogweaveError(
            "a worker process died while parsing posts (out of memory?); try fewer processes with -j"
        ) from err
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- the build ----------------------------------------------------------------------------


def _rel_path(path: Path, content_dir: Path) -> str:
    for p, base in ((path, content_dir), (path.absolute(), content_dir.absolute())):
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def scan_posts(settings: Settings, hashed: bool, problems: list[str] | None = None) -> list[Job]:
    """Every post file in path order, with its size and (when ``hashed``) its cache key.

    Folders that cannot be read, and folder link loops, are noted in ``problems``.
    """
    from blogweave.posts import find_posts, read_bytes

    jobs = []
    for index, path in enumerate(find_posts(settings.content_dir, exclude=[settings.out_dir], problems=problems)):
        try:  # read_bytes refuses what load_post refuses (FIFOs, huge files) without blocking
            data = read_bytes(path) if hashed else None
            size = len(data) if data is not None else os.stat(path).st_size
        except (PostError, OSError):
            jobs.append(Job(index, path))  # load_post will say what is wrong with it
            continue
        key = cache_key(_rel_path(path, settings.content_dir), data) if hashed else None
        jobs.append(Job(index, path, key, size))
    return jobs


def extract_all(
    settings: Settings, report: BuildReport, progress: Progress | None = None, cache=None, scanned: list[Job] | None = None
) -> list[Extraction]:
    """Every readable post's extraction, in path order: from ``cache`` where the file is unchanged."""
    if scanned is None:
        scanned = scan_posts(settings, cache is not None, report.warnings)
    report.posts_found = total = len(scanned)
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
    for parsed in parse_jobs(jobs, settings):
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
    report.posts_read = len(extractions)
    return extractions


def cache_key(rel_path: str, data: bytes) -> str:
    from blogweave.cache import post_key

    return post_key(rel_path, data)


def open_cache(settings: Settings):
    """The build cache of the output folder, or None with ``--no-cache``."""
    if not settings.cache:
        return None
    from blogweave.cache import BuildCache, fingerprint

    return BuildCache(settings.out_dir, fingerprint(settings))


def build(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Build the knowledge graph of ``settings.content_dir`` and write every output format.

    When no post, setting or part of blogweave changed since the last build and
    its outputs are untouched, nothing is written and the last report is returned
    (``report.up_to_date``). Each output file is replaced atomically and ``graph.json`` (what
    ``load_graph`` reads) is written last, so a build killed at any moment
    leaves the previous outputs whole; a lock keeps two builds out of one folder.
    """
    from blogweave import __version__
    from blogweave.exporters import export, get_format
    from blogweave.graph import build_graph
    from blogweave.resolve import resolve_entities

    formats = [get_format(name) for name in settings.formats]  # fail on a bad name before any work
    formats.sort(key=lambda fmt: fmt.name == "json")
    report = BuildReport()
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(settings.out_dir):
        clean_stale_outputs(settings.out_dir)
        cache = open_cache(settings)
        with _timed(report, "scan"):
            scanned = scan_posts(settings, cache is not None, report.warnings)
            inputs = _inputs_digest(settings, cache, scanned)
        if inputs and _up_to_date(cache, inputs, report):
            if progress:
                progress(report.posts_found, report.posts_found)
            return report
        with _timed(report, "extract"):
            extractions = extract_all(settings, report, progress, cache, scanned)
        with _timed(report, "resolve"):
            entities, facts, posts = resolve_entities(extractions)
            del extractions
            facts = [f for f in facts if f.confidence >= settings.min_confidence]
        with _timed(report, "graph"):
            graph = build_graph(entities, facts, posts, settings.base_iri, built_with=f"blogweave {__version__}")
            # where the posts are, as seen from the outputs: the HTML graph links to them
            graph.graph["content_dir"] = os.path.relpath(settings.content_dir.resolve(), settings.out_dir.resolve())
            del entities, facts, posts
        report.entities = Counter(d["type"] for _, d in graph.nodes(data=True) if d.get("kind") == "entity")
        report.facts = Counter(d["predicate"] for *_, d in graph.edges(data=True) if d["predicate"] != "author")
        for fmt in formats:
            with _timed(report, f"export {fmt.name}"):
                report.outputs[fmt.name] = export(graph, fmt.name, settings.out_dir / fmt.filename)
        if cache is not None:  # only now: a failed build keeps the entries it did not reach
            cache.prune()
            if inputs and not report.failed:
                cache.write_stamp(_stamp(inputs, report))
    return report


def _inputs_digest(settings: Settings, cache, scanned: list[Job]) -> str | None:
    """A digest of everything the outputs depend on, or None when it cannot be known (no cache, unreadable post)."""
    if cache is None or any(job.key is None for job in scanned):
        return None
    import hashlib
    import json

    from blogweave.cache import package_digest

    whole = [cache.root.name, package_digest(exclude=()), list(settings.formats), settings.min_confidence,
             settings.base_iri, [job.key for job in scanned]]
    return hashlib.sha256(json.dumps(whole).encode()).hexdigest()


def _stamp(inputs: str, report: BuildReport) -> dict:
    outputs = {}
    for name, path in report.outputs.items():
        info = path.stat()
        outputs[name] = [str(path), info.st_size, info.st_mtime_ns]
    return {
        "inputs": inputs,
        "outputs": outputs,
        "report": {"posts_found": report.posts_found, "posts_read": report.posts_read,
                   "entities": dict(report.entities), "facts": dict(report.facts), "warnings": report.warnings},
    }


def _up_to_date(cache, inputs: str, report: BuildReport) -> bool:
    """True, with ``report`` filled in from the last build, when its inputs and untouched outputs match."""
    stamp = cache.read_stamp()
    try:
        if stamp["inputs"] != inputs:
            return False
        for name, (path, size, mtime) in stamp["outputs"].items():
            info = os.stat(path)
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return False
        last = stamp["report"]
        report.posts_found, report.posts_read = int(last["posts_found"]), int(last["posts_read"])
        report.entities, report.facts = Counter(last["entities"]), Counter(last["facts"])
        report.warnings = [str(w) for w in last["warnings"]]
        report.outputs = {name: Path(path) for name, (path, _, _) in stamp["outputs"].items()}
    except (KeyError, TypeError, ValueError, OSError, AttributeError):
        return False
    report.cached = report.posts_read
    report.up_to_date = True
    return True


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
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
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
    from blogweave.exporters import FORMATS

    names = {fmt.filename for fmt in FORMATS.values()}
    for entry in os.scandir(out_dir):
        for name in names:
            path = Path(entry.path)
            if entry.name.startswith(f".{name}.") and entry.name.endswith(".tmp"):
                _remove(path)
            elif entry.name == f".{name}.old":
                target = out_dir / name
                if target.exists():
                    _remove(path)
                else:
                    path.rename(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def load_graph(out_dir: Path):
    """The graph of a previous build, read back from its ``graph.json``."""
    from blogweave.exporters.json import read_json

    path = Path(out_dir) / "graph.json"
    if not path.is_file():
        raise BlogweaveError(f"no graph at {path}; build one first with: blogweave build CONTENT_DIR --out {out_dir}")
    return read_json(path)
