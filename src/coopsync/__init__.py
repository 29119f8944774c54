"""coopsync: one catalog, every marketplace. `coopsync.Shop.open(path)` is the library entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coopsync.shop import Shop

__all__ = ["Shop"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import coopsync` (and `coopsync --help`) stays light.
    if name == "Shop":
        from coopsync.shop import Shop

        return Shop
    raise AttributeError(name)
