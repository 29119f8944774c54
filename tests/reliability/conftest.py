"""Fixtures for the reliability suite: a copy of the example sandbox shop in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def shop(tmp_path: Path, example_config: Path) -> Path:
    """A copy of config.example.yaml (sandbox channels only) in its own folder."""
    target = tmp_path / "toko" / "coopsync.yaml"
    target.parent.mkdir()
    shutil.copy(example_config, target)
    return target
