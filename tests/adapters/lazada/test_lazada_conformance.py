"""The shared conformance suite, run against the Lazada fake."""

from __future__ import annotations

from typing import ClassVar

from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.conformance import AdapterConformance


class TestLazadaConformance(AdapterConformance):
    make_fake = staticmethod(lambda clock: LazadaFake(clock=clock))  # type: ignore[assignment]
    category_id = "10002019"
    attributes: ClassVar[dict[str, str]] = {"brand": "No Brand"}
    updates_answer_without_data = True  # /product/update, price_quantity/update: code 0 only
