"""WooCommerce REST API v3: a cooperative's own web shop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.woocommerce.descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "WooCommerceAdapter"]


if TYPE_CHECKING:
    from coopsync_adapters.woocommerce.adapter import WooCommerceAdapter


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import coopsync_adapters.woocommerce` stays light.
    if name == "WooCommerceAdapter":
        from coopsync_adapters.woocommerce.adapter import WooCommerceAdapter

        return WooCommerceAdapter
    raise AttributeError(name)
