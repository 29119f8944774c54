"""TikTok Shop passes the shared conformance suite against its fake."""

from __future__ import annotations

from coopsync_adapters.testing.conformance import AdapterConformance
from coopsync_adapters.tiktok.fake import TikTokFake


class TestTikTokConformance(AdapterConformance):
    make_fake = staticmethod(lambda clock: TikTokFake(clock=clock))
    category_id = "600001"
