"""Fixtures of the `connect` tests. Each test module defines `fake`, its platform's fake."""

from __future__ import annotations

import pytest
from connect_shop import Owner


@pytest.fixture
def owner(fake: object, monkeypatch: pytest.MonkeyPatch) -> Owner:
    """The shop owner at the browser `connect` opens, approving each link it is shown."""
    found = Owner(fake, fake.approve)  # type: ignore[arg-type, attr-defined]
    monkeypatch.setattr("webbrowser.open", found.open)
    return found
