"""Lazada as coopsync knows it: settings, limits, credentials; the adapter loads on first use."""

from __future__ import annotations

from datetime import timedelta

from coopsync.adapters import MARKETPLACE, Capability, ListingRules
from coopsync.platforms import Credential, PlatformDescriptor
from coopsync_adapters.lazada.settings import LazadaChannel

RULES = ListingRules(
    title_max=255,
    description_max=25_000,
    images_min=1,
    images_max=8,
    variants_max=50,
    variant_tiers_max=2,
    # price_quantity/update and stock/sellable/update take at most 50 SKUs, 20 recommended; one
    # bad SKU fails its whole call, so a smaller call loses less.
    stock_batch=20,
    price_batch=20,
    sku_lookup_batch=50,  # products/get sku_seller_list
    required_fields=("category_id", "weight_g", "dimensions"),
)

_CONSOLE = "Lazada Open Platform (open.lazada.com) → App Console → your app"
_CONSOLE_ID = "Lazada Open Platform (open.lazada.com) → App Console → aplikasi Anda"

CREDENTIALS = (
    Credential(
        field="app_key",
        env="LAZADA_APP_KEY",
        where={"en": f"{_CONSOLE}: App Key", "id": f"{_CONSOLE_ID}: App Key"},
        secret=False,
    ),
    Credential(
        field="app_secret",
        env="LAZADA_APP_SECRET",
        where={"en": f"{_CONSOLE}: App Secret", "id": f"{_CONSOLE_ID}: App Secret"},
    ),
    Credential(
        field="refresh_token",
        env="LAZADA_REFRESH_TOKEN",
        where={
            "en": "exchanging the code the seller's authorisation returns (/auth/token/create)",
            "id": "menukar kode dari otorisasi penjual (/auth/token/create)",
        },
        lifetime=timedelta(days=180),  # rotates; about 180 days from the first (14 in test)
    ),
    Credential(
        field="access_token",
        env="LAZADA_ACCESS_TOKEN",
        where={
            "en": "optional: coopsync gets one from the refresh token",
            "id": "opsional: coopsync memintanya dengan refresh token",
        },
        lifetime=timedelta(days=7),
        renewed=True,
    ),
)

DESCRIPTOR = PlatformDescriptor(
    name="lazada",
    display_name="Lazada",
    settings=LazadaChannel,
    rules=RULES,
    capabilities=MARKETPLACE
    | Capability.LISTINGS_SINCE
    | Capability.VARIANT_ADD
    | Capability.LISTING_UNLIST,
    adapter="coopsync_adapters.lazada.adapter:LazadaAdapter",
    fake="coopsync_adapters.lazada.fake:LazadaFake",
    credentials=CREDENTIALS,
    summary={"en": "Lazada Open Platform", "id": "Lazada Open Platform"},
)
