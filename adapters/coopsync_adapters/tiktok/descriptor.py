"""TikTok Shop (and Tokopedia shops, since the 2024 merger) as coopsync knows it."""

from __future__ import annotations

from datetime import timedelta

from coopsync.adapters import MARKETPLACE, Capability, ListingRules
from coopsync.platforms import Credential, PlatformDescriptor
from coopsync_adapters.tiktok.settings import TikTokChannel

RULES = ListingRules(
    title_min=25,  # 1 in US/UK; 25 elsewhere (Create Product, `title`)
    title_max=255,
    description_max=10_000,
    price_min=100,  # ID: 100 to 100 million rupiah (Create Product / Update Price)
    price_max=100_000_000,
    stock_min=0,
    stock_max=99_999,  # Update Inventory: "non-negative ... and less then 99999"
    images_min=1,
    images_max=9,
    variants_max=100,  # code 12052050 "cannot have more than 100 different SKUs"
    variant_tiers_max=3,  # code 12052525 "The attribute max num cannot exceed 3."
    stock_batch=100,  # one product per call, at most 100 SKUs in it
    price_batch=100,
    sku_lookup_batch=10,  # Search Products: 10 seller_skus a filter
    required_fields=("category_id", "weight_g"),
    order_window=None,
)

_CENTER = "TikTok Shop Partner Center → App & Service → your app"
_CENTER_ID = "TikTok Shop Partner Center → App & Service → aplikasi Anda"

CREDENTIALS = (
    Credential(
        field="app_key",
        env="TIKTOK_APP_KEY",
        where={"en": f"{_CENTER}: App key", "id": f"{_CENTER_ID}: App key"},
        secret=False,
    ),
    Credential(
        field="app_secret",
        env="TIKTOK_APP_SECRET",
        where={"en": f"{_CENTER}: App secret", "id": f"{_CENTER_ID}: App secret"},
    ),
    Credential(
        field="refresh_token",
        env="TIKTOK_REFRESH_TOKEN",
        where={
            "en": "exchanging the code the seller's authorisation returns (token/get)",
            "id": "menukar kode dari otorisasi penjual (token/get)",
        },
        lifetime=timedelta(days=365),  # about a year in public refresh answers
    ),
    Credential(
        field="shop_cipher",
        env="TIKTOK_SHOP_CIPHER",
        where={
            "en": "the `cipher` of the shop in GET /authorization/202309/shops after authorising",
            "id": "`cipher` toko dari GET /authorization/202309/shops setelah otorisasi",
        },
        secret=False,
    ),
    Credential(
        field="access_token",
        env="TIKTOK_ACCESS_TOKEN",
        where={
            "en": "optional: coopsync gets one from the refresh token",
            "id": "opsional: coopsync memintanya dengan refresh token",
        },
        lifetime=timedelta(days=7),
        renewed=True,
    ),
)

DESCRIPTOR = PlatformDescriptor(
    name="tiktok",
    display_name="TikTok Shop",
    settings=TikTokChannel,
    rules=RULES,
    capabilities=MARKETPLACE
    | Capability.LISTINGS_SINCE
    | Capability.VARIANT_ADD
    | Capability.SKU_RENAME
    | Capability.LISTING_UNLIST,
    adapter="coopsync_adapters.tiktok.adapter:TikTokAdapter",
    fake="coopsync_adapters.tiktok.fake:TikTokFake",
    authorization="coopsync_adapters.tiktok.authorize:AUTHORIZATION",
    aliases=("tokopedia",),
    credentials=CREDENTIALS,
    summary={
        "en": "TikTok Shop Partner API (Tokopedia shops too)",
        "id": "TikTok Shop Partner API (juga toko Tokopedia)",
    },
)
