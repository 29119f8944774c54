"""TikTok Shop (and Tokopedia shops, since the 2024 merger) as coopsync knows it."""

from __future__ import annotations

from datetime import timedelta

from coopsync.capabilities import MARKETPLACE, Capability, ListingRules
from coopsync.platforms import Connected, PlatformDescriptor, credential_table
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
    option_name_max=20,  # sales attribute name / value lengths (Edit Product)
    option_value_max=50,
    stock_batch=100,  # one product per call, at most 100 SKUs in it
    price_batch=100,
    sku_lookup_batch=10,  # Search Products: 10 seller_skus a filter
    required_fields=("category_id", "weight_g"),
    order_window=None,
)

CREDENTIALS = credential_table(
    "TIKTOK",
    {
        "en": "TikTok Shop Partner Center → App & Service → your app",
        "id": "TikTok Shop Partner Center → App & Service → aplikasi Anda",
    },
    [
        ("app_key", "App key", False),
        ("app_secret", "App secret", True),
        ("service_id", "Service ID (in the authorization link)", False),
    ],
    [
        Connected("refresh_token", timedelta(days=365)),  # about a year in public answers
        Connected("shop_cipher", secret=False),
        Connected("access_token", timedelta(days=7), renewed=True),
    ],
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
    location_setting="warehouse_id",
    summary={
        "en": "TikTok Shop Partner API (Tokopedia shops too)",
        "id": "TikTok Shop Partner API (juga toko Tokopedia)",
    },
)
