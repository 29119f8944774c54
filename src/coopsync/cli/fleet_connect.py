"""`coopsync fleet connect SHOP CHANNEL`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
