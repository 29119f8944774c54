"""Fixtures shared by the platforms' adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync_adapters.testing.books import Books, open_books


@pytest.fixture
async def books(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Books]:
    """The module's platform fake selling one listing, pulled into a fresh state store: a test
    module names it as `BOOKS = (make_fake, title, (sku, price, stock))`."""
    make_fake, title, sku = request.module.BOOKS
    async with open_books(make_fake, tmp_path, title, sku) as opened:
        yield opened
