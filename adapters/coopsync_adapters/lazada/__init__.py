"""Lazada Open Platform adapter (Indonesia by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.lazada.descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "LazadaAdapter"]

if TYPE_CHECKING:
    from coopsync_adapters.lazada.adapter import LazadaAdapter


def __getattr__(name: str) -> Any:
    # Imported on first use, so that naming the package stays cheap.
    if name == "LazadaAdapter":
        from coopsync_adapters.lazada.adapter import LazadaAdapter

        return LazadaAdapter
    raise AttributeError(name)
