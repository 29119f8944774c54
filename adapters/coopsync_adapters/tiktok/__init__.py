"""TikTok Shop Partner API adapter (`platform: tiktok`, alias `tokopedia`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.tiktok.descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "TikTokAdapter"]

if TYPE_CHECKING:
    from coopsync_adapters.tiktok.adapter import TikTokAdapter


def __getattr__(name: str) -> Any:
    # Keep `import coopsync_adapters.tiktok` light: the adapter (httpx, tenacity) loads on use.
    if name == "TikTokAdapter":
        from coopsync_adapters.tiktok.adapter import TikTokAdapter

        return TikTokAdapter
    raise AttributeError(name)
