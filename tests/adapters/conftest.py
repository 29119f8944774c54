"""Fixtures shared by the platforms' adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync.sandbox.marketplace import PNG_1PX
from coopsync_adapters.testing.books import Books, open_books
from coopsync_adapters.testing.harness import Harness, make_harness


@pytest.fixture
async def books(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Books]:
    """The module's platform fake selling one listing, pulled into a fresh state store: a test
    module names it as `BOOKS = (make_fake, title, (sku, price, stock))`."""
    make_fake, title, sku = request.module.BOOKS
    async with open_books(make_fake, tmp_path, title, sku) as opened:
        yield opened


@pytest.fixture
async def harness(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Harness]:
    """The module's platform fake (`HARNESS_FAKE = ShopeeFake`, a class taking `clock=`) and
    the real adapter talking to it, with the catalog's image `batik.png` in `tmp_path`."""
    make_fake = request.module.HARNESS_FAKE
    (tmp_path / "batik.png").write_bytes(PNG_1PX)
    opened = make_harness(lambda clock: make_fake(clock=clock), base_dir=tmp_path)
    yield opened
    await opened.adapter.aclose()
