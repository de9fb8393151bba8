"""The command line: each command checks its arguments, calls one library function, prints.

Exit codes: 0 success, 1 an error the user can act on (``Error: ...``), 2 a
usage error (click's own, or an option with an invalid value), 3 ``--strict`` and
the build had warnings.

Every command that reads a build takes its folder as ``--out DIR``, the option
``build`` writes it with; the default is the configured ``out_dir`` (``output``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from blogweave.errors import BlogweaveError, UsageError

app = typer.Typer(
    help="Build a knowledge graph of people, organizations and technology from Markdown posts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

OUT_HELP = "Output folder of the build (configured out_dir)."
OUT_DEFAULT = "output"  # shown in --help; the value comes from load_settings


def _version(value: bool) -> None:
    if value:
        from blogweave import __version__

        typer.echo(f"blogweave {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build a knowledge graph of people, organizations and technology from Markdown posts."""


def out_option(help_text: str = OUT_HELP):
    return typer.Option(None, "--out", "-o", help=help_text, show_default=OUT_DEFAULT)


def build_folder(out: Optional[Path]) -> Path:
    """The build folder a reading command uses: ``--out``, else the configured ``out_dir``."""
    from blogweave.config import load_settings

    return load_settings(None, out_dir=out).out_dir


def check_formats(names) -> None:
    """An unknown format name given on the command line is a usage error (exit 2) listing the valid ones."""
    from blogweave.exporters import get_format

    for name in names:
        try:
            get_format(name)
        except BlogweaveError as err:
            fail(str(err), 2)


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {terminal_safe(message)}", err=True)
    raise typer.Exit(code)


def terminal_safe(text: str) -> str:
    """``text`` with control characters and undecodable bytes escaped, line breaks kept.

    Everything a post or a file name brings passes through here on its way to a terminal,
    where an escape sequence would otherwise run.
    """
    from blogweave.names import display_name

    return "\n".join("\t".join(display_name(part) for part in line.split("\t")) for line in text.split("\n"))


@app.command()
def build(
    content_dir: Path = typer.Argument(Path("content"), help="Folder of .md, .markdown and .txt posts."),
    out: Optional[Path] = out_option("Output folder (configured out_dir)."),
    formats: Optional[str] = typer.Option(
        None, "--formats", "-f", show_default="turtle,html,graphml,json",
        help="Comma-separated output formats; graph.ttl and graph.json are always written (the readers need them).",
    ),
    min_confidence: Optional[float] = typer.Option(
        None, "--min-confidence", show_default="0", help="Leave out facts below this confidence (0-1)."
    ),
    processes: Optional[int] = typer.Option(None, "--processes", "-j", show_default="0", help="Worker processes; 0 = all cores."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Parse on Dask: 'distributed' starts a local cluster, 'tcp://HOST:PORT' uses one."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Parse every post again, ignoring the build cache."),
    drafts: bool = typer.Option(False, "--drafts", help="Read drafts too (draft: true, _drafts/)."),
    strict: bool = typer.Option(False, "--strict", help="Exit with code 3 when any post gave a warning."),
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Read symbolic links that lead out of the content folder (skipped by default)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only warnings and errors."),
) -> None:
    """Read every post below CONTENT_DIR and write the knowledge graph to the output folder."""
    from blogweave.config import load_settings
    from blogweave.pipeline.build import build as run_build

    if formats is not None:
        check_formats(item.strip() for item in formats.split(",") if item.strip())
    try:
        settings = load_settings(
            content_dir,
            out_dir=out,
            formats=formats,
            min_confidence=min_confidence,
            processes=processes,
            scheduler=scheduler,
            cache=False if no_cache else None,
            strict=strict or None,
            drafts=drafts or None,
            follow_symlinks=follow_symlinks or None,
        )
        if not settings.content_dir.is_dir():
            fail(f"content folder {settings.content_dir} does not exist or is not a folder")
        with _progress(quiet) as progress:
            report = run_build(settings, progress=progress)
    except UsageError as err:
        fail(str(err), 2)
    except BlogweaveError as err:
        fail(str(err))
    for warning in report.warnings:
        typer.echo(f"Warning: {terminal_safe(warning)}", err=True)
    if not quiet:
        typer.echo(terminal_safe(_summary(report)))
    if settings.strict and report.warnings:
        typer.echo(f"Error: --strict and {len(report.warnings)} warning(s)", err=True)
        raise typer.Exit(3)


def _summary(report) -> str:
    from blogweave.models import ENTITY_TYPES, RELATIONS

    entities = ", ".join(f"{report.entities.get(t, 0)} {t}" for t in ENTITY_TYPES)
    facts = ", ".join(f"{report.facts.get(r, 0)} {r}" for r in RELATIONS)
    lines = [
        f"posts:    {report.posts_read} read of {report.posts_found}"
        + (f" ({report.cached} from cache)" if report.cached else ""),
        f"entities: {entities}",
        f"facts:    {facts}",
        f"warnings: {len(report.warnings)}",
    ]
    if report.skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(report.skipped.items()))
        lines.insert(1, f"skipped:  {sum(report.skipped.values())} files ({reasons})")
    if report.conventions:
        lines.insert(1, f"site:     {'; '.join(report.conventions)}")
    lines += [f"removed:  {path} (not among this build's formats)" for path in report.removed]
    if report.up_to_date:  # nothing changed since the last build: its outputs stand as they are
        lines += [f"current:  {path}" for path in report.outputs.values()]
    else:
        lines += [f"wrote:    {path}" for path in report.outputs.values()]
    return "\n".join(lines)


class _progress:
    """A progress bar on stderr that appears only when the build takes more than a moment."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=None)
        self.bar.start()
        self.task = self.bar.add_task("parsing posts", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total or None)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


@app.command()
def explain(
    name: str = typer.Argument(..., help="An entity's name or alias (case does not matter), or its IRI."),
    out: Optional[Path] = out_option(),
    entity_type: Optional[str] = typer.Option(
        None, "--type", "-t", help="Person, Organization or Technology: which of several same-named entities."
    ),
) -> None:
    """Print every fact about an entity with its evidence sentence, post, line and rule."""
    from blogweave.graph.explain import explain_entity
    from blogweave.models import ENTITY_TYPES
    from blogweave.pipeline.build import load_graph

    if entity_type is not None and entity_type.casefold() not in {t.casefold() for t in ENTITY_TYPES}:
        fail(f"--type must be one of {', '.join(ENTITY_TYPES)}, got {entity_type!r}", 2)
    try:
        typer.echo(terminal_safe(explain_entity(load_graph(build_folder(out)), name, entity_type)))
    except UsageError as err:
        fail(str(err), 2)
    except BlogweaveError as err:
        fail(str(err))


@app.command()
def query(
    query_text: Optional[str] = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or a shipped query's name."),
    out: Optional[Path] = out_option(),
    graph: Optional[Path] = typer.Option(
        None, "--graph", "-g", show_default="OUT/graph.ttl", help="One RDF file to query instead of a build's graph.ttl."
    ),
    fmt: str = typer.Option("table", "--format", help="table, csv, json, tsv or xml."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE for a named query's parameter (repeatable)."),
    list_: bool = typer.Option(False, "--list", help="List the shipped named queries."),
) -> None:
    """Run a SPARQL query over the exported graph (with Oxigraph)."""
    from blogweave.sparql import store as q

    try:
        if list_:
            for item in q.list_queries():
                typer.echo(f"{item.name:<20} {item.description}")
            return
        if not query_text:
            fail("give a QUERY (SPARQL text, a .rq file or a name from --list)", 2)
        if fmt not in q.FORMATS:
            fail(f"--format must be one of {', '.join(q.FORMATS)}, got {fmt!r}", 2)
        params = {}
        for item in param:
            key, sep, value = item.partition("=")
            if not sep or not key:
                fail(f"--param takes NAME=VALUE, got {item!r}", 2)
            params[key] = value
        if graph is None:
            from blogweave.sparql.server import GRAPH_FILE

            graph = build_folder(out) / GRAPH_FILE
        text = q.run_query(query_text, graph, fmt=fmt, params=params)
        typer.echo(terminal_safe(text) if fmt == "table" or sys.stdout.isatty() else text, nl=False)
    except UsageError as err:
        fail(str(err), 2)
    except BlogweaveError as err:
        fail(str(err))


@app.command()
def serve(
    out: Optional[Path] = out_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; non-loopback addresses print a warning."),
    port: int = typer.Option(7878, "--port", help="TCP port."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run before it is stopped (HTTP 503)."),
    max_rows: int = typer.Option(10_000, "--max-rows", help="Most result rows (or triples) a query may return (HTTP 413)."),
    max_body: int = typer.Option(1_000_000, "--max-body", help="Largest POST body in bytes (HTTP 413)."),
    max_bytes: int = typer.Option(64_000_000, "--max-bytes", help="Largest response body in bytes (HTTP 413)."),
    max_connections: int = typer.Option(64, "--max-connections", help="Open connections at once; more get HTTP 503."),
    max_query_length: int = typer.Option(32_768, "--max-query-length", help="Longest query in characters (HTTP 414/400)."),
    workers: int = typer.Option(0, "--workers", help="Query worker processes; 0 = one per core, at most 4."),
    max_memory: int = typer.Option(2048, "--max-memory", help="Memory (MB) of each query worker; 0 = no limit (HTTP 500)."),
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and the HTML graph at /."""
    import signal

    from blogweave.sparql.server import is_loopback, serve as run_server

    for name, value in (("--timeout", timeout), ("--max-rows", max_rows), ("--max-body", max_body),
                        ("--max-query-length", max_query_length), ("--max-bytes", max_bytes),
                        ("--max-connections", max_connections)):
        if value <= 0:
            fail(f"{name} must be positive, got {value}", 2)
    if workers < 0 or max_memory < 0:
        fail("--workers and --max-memory must be 0 or more", 2)
    if not is_loopback(host):
        typer.echo(f"Warning: listening on {host}, not a loopback address: anyone who can reach this machine "
                   "can read the graph and the output folder", err=True)

    def ready(server) -> None:
        typer.echo(f"SPARQL endpoint: {server.url}/sparql\nQuery page:      {server.url}/query\n"
                   f"HTML graph:      {server.url}/\n(Ctrl-C to stop)")
        sys.stdout.flush()

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        run_server(build_folder(out), host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
                   max_query_length=max_query_length, workers=workers, max_memory_mb=max_memory,
                   max_bytes=max_bytes, max_connections=max_connections, on_ready=ready)
    except UsageError as err:
        fail(str(err), 2)
    except BlogweaveError as err:
        fail(str(err))


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C: workers are killed, the port freed


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="Output format: turtle, ntriples, jsonld, rdfxml, html, graphml, gexf, json, cytoscape, neo4j."),
    out: Optional[Path] = out_option(),
    to: Optional[str] = typer.Option(
        None, "--to", show_default="OUT/<the format's file>", help="File (or folder, for neo4j) to write; '-' for stdout."
    ),
) -> None:
    """Export a built graph (the build in --out) to another format."""
    from blogweave.exporters import export as run_export, get_format

    from blogweave.pipeline.build import load_graph

    check_formats([fmt])
    try:
        spec = get_format(fmt)
        build_dir = build_folder(out)
        graph = load_graph(build_dir)
        if to == "-":
            import tempfile

            if spec.name == "neo4j":
                fail("the neo4j format writes a folder; give --to DIR", 2)
            with tempfile.TemporaryDirectory() as tmp:
                path = run_export(graph, spec.name, Path(tmp) / spec.filename)
                sys.stdout.write(path.read_text(encoding="utf-8"))
            return
        path = run_export(graph, spec.name, Path(to) if to else build_dir / spec.filename)
        typer.echo(f"wrote {path}")
    except UsageError as err:
        fail(str(err), 2)
    except BlogweaveError as err:
        fail(str(err))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
