"""The manual channel (`platform: manual`): WhatsApp groups, Instagram, bazaars; no API.

It exports the catalog as a price list (CSV and a WhatsApp-ready message) and imports the sales
a shop records by hand in a CSV, so that stock and reports cover these sales too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.manual.descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "ManualAdapter"]

if TYPE_CHECKING:
    from coopsync_adapters.manual.adapter import ManualAdapter


def __getattr__(name: str) -> Any:
    if name == "ManualAdapter":
        from coopsync_adapters.manual.adapter import ManualAdapter

        return ManualAdapter
    raise AttributeError(name)
