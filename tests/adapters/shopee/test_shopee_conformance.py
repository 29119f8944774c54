"""The shared conformance suite, run against ShopeeFake."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.conformance import AdapterConformance


class TestShopeeConformance(AdapterConformance):
    make_fake = staticmethod(lambda clock: ShopeeFake(clock=clock))
    category_id = "100017"  # the fake's Batik category: attribute 100134 (Bahan) is mandatory
    attributes: ClassVar[Mapping[str, str]] = {"100134": "Katun"}
