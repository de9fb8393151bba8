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
    assert result.exit_code == 1
    assert "unknown format 'xls'" in result.output
    assert "turtle" in result.output and "graphml" in result.output


def test_bad_min_confidence_is_rejected(tmp_path):
    (tmp_path / "posts").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "posts"), "--min-confidence", "7"])
    assert result.exit_code == 1
    assert "min_confidence" in result.output


def test_usage_error_exits_2():
    result = runner.invoke(app, ["build", "--no-such-option"])
    assert result.exit_code == 2


def test_export_without_a_build_says_how_to_build(tmp_path):
    result = runner.invoke(app, ["export", "--format", "turtle", "--from", str(tmp_path)])
    assert result.exit_code == 1
    assert "blogweave build" in result.output
