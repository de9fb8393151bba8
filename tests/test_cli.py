"""The command line as a user meets it: help, exit codes, error text, README coverage."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blogweave.cli import app

ROOT = Path(__file__).resolve().parents[1]

runner = CliRunner()
COMMANDS = ["build", "explain", "query", "serve", "export"]
READERS = ["explain", "query", "serve", "export"]  # the commands that read a build


def _readme_exit_codes() -> dict[str, int]:
    """The exit codes of the README's table ("| 2 | a usage error: ... |"), by what they mean."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict((text.strip(), int(code)) for code, text in re.findall(r"^\| (\d) \| (.+?) \|$", readme, re.M))
    meaning = {"success": "ok", "an error you can act on": "error", "a usage error": "usage", "`build --strict`": "strict"}
    codes = {}
    for text, code in rows.items():
        for start, key in meaning.items():
            if text.startswith(start):
                codes[key] = code
    assert set(codes) == set(meaning.values()), f"README's exit code table lacks some of {sorted(meaning)}"
    return codes


EXIT = _readme_exit_codes()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"blogweave {command}\b", readme), f"README does not show `blogweave {command}`"


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "blogweave", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "build" in result.stdout


def test_missing_content_dir_is_an_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Error: content folder" in result.output
    assert "does not exist" in result.output


def test_unknown_format_lists_the_valid_ones(tmp_path):
    (tmp_path / "posts").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "posts"), "--out", str(tmp_path / "out"), "--formats", "xls"])
    assert result.exit_code == EXIT["usage"]
    assert "unknown format 'xls'" in result.output
    assert "turtle" in result.output and "graphml" in result.output


def test_bad_min_confidence_is_rejected(tmp_path):
    (tmp_path / "posts").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "posts"), "--min-confidence", "7"])
    assert result.exit_code == EXIT["usage"]
    assert "min_confidence" in result.output


def test_usage_error_exits_2():
    result = runner.invoke(app, ["build", "--no-such-option"])
    assert result.exit_code == 2


def test_export_without_a_build_says_how_to_build(tmp_path):
    result = runner.invoke(app, ["export", "--format", "turtle", "--out", str(tmp_path)])
    assert result.exit_code == EXIT["error"]
    assert "blogweave build" in result.output


# ---------------------------------------------------------------- every command, its common options, exit codes

POSTS = {
    "2022-05-01-new-job.md": "---\ntitle: New job\nauthor: Mira Tolvanen\n---\n\n"
    "Mira Tolvanen joined Quillfeather Systems as an engineer in 2020.\n",
    "2022-06-01-release.md": "---\ntitle: Release\nauthor: Mira Tolvanen\n---\n\n"
    "Quillfeather Systems developed Brambleview, a tool for drawing maps.\n",
}


@pytest.fixture(scope="module")
def turtle_build(tmp_path_factory):
    """A small site built with ``--formats turtle`` only: every reader must still work on it."""
    root = tmp_path_factory.mktemp("cli")
    content = root / "content"
    content.mkdir()
    for name, text in POSTS.items():
        (content / name).write_text(text, encoding="utf-8")
    out = root / "built"
    result = runner.invoke(app, ["build", str(content), "--out", str(out), "--formats", "turtle", "-j", "1", "-q"])
    assert result.exit_code == EXIT["ok"], result.output
    return content, out


def wide(args, **kwargs):
    return runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1"}, **kwargs)


def test_version():
    from blogweave import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == EXIT["ok"]
    assert result.output.strip() == f"blogweave {__version__}"


def test_help_shows_the_defaults():
    text = wide(["build", "--help"]).output
    assert "Output folder ." not in text
    assert re.search(r"--out\b.*default: \(?output\)?", text)
    assert "turtle,html,graphml,json" in text
    for command in READERS:
        text = wide([command, "--help"]).output
        assert re.search(r"--out\b.*default: \(?output\)?", text), command
    assert re.search(r"--port\b.*default: 7878", wide(["serve", "--help"]).output)


@pytest.mark.model
def test_a_turtle_only_build_writes_what_the_readers_need(turtle_build):
    _, out = turtle_build
    assert (out / "graph.ttl").is_file() and (out / "graph.json").is_file()
    assert not (out / "graph.html").exists()


@pytest.mark.model
def test_explain_reads_the_build_in_out(turtle_build):
    _, out = turtle_build
    result = runner.invoke(app, ["explain", "Quillfeather Systems", "--out", str(out)])
    assert result.exit_code == EXIT["ok"], result.output
    assert "Quillfeather Systems (Organization)" in result.output
    assert runner.invoke(app, ["explain", "Quillfeather Systems", "--out", str(out), "--type", "organization"]).exit_code == 0
    assert runner.invoke(app, ["explain", "Nobody Here", "--out", str(out)]).exit_code == EXIT["error"]
    assert runner.invoke(app, ["explain", "Quillfeather Systems", "--out", str(out), "--type", "Animal"]).exit_code == EXIT["usage"]


@pytest.mark.model
def test_query_reads_the_build_in_out_or_one_file(turtle_build):
    _, out = turtle_build
    result = runner.invoke(app, ["query", "worked-at", "--out", str(out)])
    assert result.exit_code == EXIT["ok"], result.output
    assert "Mira Tolvanen" in result.output and "Quillfeather Systems" in result.output
    by_file = runner.invoke(app, ["query", "worked-at", "--graph", str(out / "graph.ttl")])
    assert by_file.exit_code == EXIT["ok"] and by_file.output == result.output
    for fmt in ("csv", "json", "tsv"):
        assert runner.invoke(app, ["query", "entities", "--out", str(out), "--format", fmt]).exit_code == EXIT["ok"]
    assert runner.invoke(app, ["query", "worked-at", "--out", str(out), "--format", "yaml"]).exit_code == EXIT["usage"]
    assert runner.invoke(app, ["query", "worked-at", "--out", str(out), "-p", "novalue"]).exit_code == EXIT["usage"]
    assert runner.invoke(app, ["query", "--out", str(out)]).exit_code == EXIT["usage"]
    assert runner.invoke(app, ["query", "--list"]).exit_code == EXIT["ok"]


@pytest.mark.model
def test_export_reads_the_build_in_out_and_a_rebuild_removes_what_it_no_longer_writes(turtle_build, tmp_path):
    content, built = turtle_build
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(content), "--out", str(out), "--formats", "turtle", "-q"]).exit_code == 0
    result = runner.invoke(app, ["export", "--format", "gexf", "--out", str(out)])
    assert result.exit_code == EXIT["ok"], result.output
    assert (out / "graph.gexf").is_file()
    elsewhere = tmp_path / "copy.nt"
    assert runner.invoke(app, ["export", "--format", "ntriples", "--out", str(out), "--to", str(elsewhere)]).exit_code == 0
    assert elsewhere.is_file()
    stdout = runner.invoke(app, ["export", "--format", "json", "--out", str(out), "--to", "-"])
    assert stdout.exit_code == EXIT["ok"] and '"nodes"' in stdout.output
    assert runner.invoke(app, ["export", "--format", "xls", "--out", str(out)]).exit_code == EXIT["usage"]
    assert runner.invoke(app, ["export", "--format", "neo4j", "--out", str(out), "--to", "-"]).exit_code == EXIT["usage"]
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not blogweave's: never removed
    rebuilt = runner.invoke(app, ["build", str(content), "--out", str(out), "--formats", "turtle"])
    assert rebuilt.exit_code == EXIT["ok"], rebuilt.output
    assert not (out / "graph.gexf").exists()
    assert f"removed:  {out / 'graph.gexf'}" in rebuilt.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.model
def test_serve_reads_the_build_in_out(turtle_build, monkeypatch):
    import blogweave.sparql.server as server

    _, out = turtle_build
    called = {}
    monkeypatch.setattr(server, "serve", lambda out_dir, **kwargs: called.update(out_dir=out_dir, **kwargs))
    monkeypatch.setattr("signal.signal", lambda *args: None)  # serve's SIGTERM handler stays out of pytest
    result = runner.invoke(app, ["serve", "--out", str(out), "--port", "0", "--host", "127.0.0.1"])
    assert result.exit_code == EXIT["ok"], result.output
    assert called["out_dir"] == out and called["port"] == 0
    assert runner.invoke(app, ["serve", "--out", str(out), "--timeout", "0"]).exit_code == EXIT["usage"]
    assert runner.invoke(app, ["serve", "--out", str(out), "--port", "nine"]).exit_code == EXIT["usage"]


@pytest.mark.model
def test_readers_default_to_the_configured_out_dir(turtle_build, tmp_path, monkeypatch):
    _, out = turtle_build
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f'[tool.blogweave]\nout_dir = "{out.as_posix()}"\n', encoding="utf-8")
    assert runner.invoke(app, ["explain", "Brambleview"]).exit_code == EXIT["ok"]
    assert runner.invoke(app, ["query", "entities"]).exit_code == EXIT["ok"]
    assert runner.invoke(app, ["export", "--format", "cytoscape", "--to", str(tmp_path / "g.cyjs")]).exit_code == 0
    monkeypatch.setenv("BLOGWEAVE_OUT_DIR", str(tmp_path / "none"))  # the environment wins over the file
    assert runner.invoke(app, ["explain", "Brambleview"]).exit_code == EXIT["error"]


@pytest.mark.parametrize("command", READERS)
def test_every_reader_without_a_build_says_how_to_build(command, tmp_path):
    args = {"explain": ["explain", "X"], "query": ["query", "entities"], "serve": ["serve"],
            "export": ["export", "--format", "json"]}[command]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "nothing")])
    assert result.exit_code == EXIT["error"]
    assert "blogweave build" in result.output


@pytest.mark.parametrize("args", [
    ["build", "--processes", "-1"], ["build", "--min-confidence", "high"], ["build", "--formats", "turtle,xls"],
    ["explain"], ["query", "--no-such-option"], ["export"], ["serve", "--max-rows", "-5"],
])
def test_usage_errors_exit_with_the_readme_code(args, tmp_path):
    assert runner.invoke(app, [*args, "--out", str(tmp_path / "o")] if args[0] == "build" else args).exit_code == EXIT["usage"]


def test_strict_exit_code(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "broken.md").write_bytes(b"\xff\xfe\x00binary")
    result = runner.invoke(app, ["build", str(content), "--out", str(tmp_path / "o"), "--strict", "-q", "-j", "1"])
    assert result.exit_code == EXIT["strict"], result.output
