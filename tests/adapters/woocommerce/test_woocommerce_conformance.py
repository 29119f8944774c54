"""The shared conformance suite, over HTTPS (Basic auth) and over plain HTTP (OAuth 1.0a)."""

from __future__ import annotations

from typing import Any, ClassVar

from coopsync_adapters.testing.conformance import AdapterConformance
from coopsync_adapters.woocommerce.fake import WooCommerceFake


class TestWooCommerceConformance(AdapterConformance):
    make_fake = staticmethod(lambda clock: WooCommerceFake(clock=clock))
    category_id = "15"


class TestWooCommerceOverPlainHttpConformance(AdapterConformance):
    make_fake = staticmethod(lambda clock: WooCommerceFake(clock=clock))
    category_id = "15"
    settings_overrides: ClassVar[dict[str, Any]] = {"url": "http://toko-batik.example"}
