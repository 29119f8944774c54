"""Fixtures shared by every test folder (keep this small; folders add their own conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def example_config() -> Path:
    """The sandbox shop from the README: must always validate with no environment."""
    return REPO_ROOT / "config.example.yaml"


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run `coopsync ARGS...` in-process; the result has exit_code, stdout and stderr."""
    from coopsync.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    return invoke
