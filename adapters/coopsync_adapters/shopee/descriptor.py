"""Shopee as coopsync knows it: settings, limits, credentials; the adapter loads on first use."""

from __future__ import annotations

from datetime import timedelta

from coopsync.capabilities import MARKETPLACE, Capability, ListingRules
from coopsync.platforms import Connected, PlatformDescriptor, credential_table
from coopsync_adapters.shopee.settings import ShopeeChannel

# Batch, page and variant limits are the API reference's; title, description, price and stock
# ranges are typical get_item_limit answers, which differ per shop (see README.md).
RULES = ListingRules(
    title_min=20,
    title_max=255,
    description_max=3000,
    price_min=100,
    price_max=150_000_000,
    stock_min=0,
    stock_max=999_999,
    images_min=1,
    images_max=9,
    variants_max=50,
    variant_tiers_max=2,
    option_name_max=14,  # tier variation name and option: typical get_item_limit values
    option_value_max=20,
    stock_batch=50,  # update_stock: one item per call, at most 50 models
    price_batch=50,
    required_fields=("category_id", "weight_g"),
    order_window=timedelta(days=15),  # get_order_list: time_to - time_from ≤ 15 days
)

CREDENTIALS = credential_table(
    "SHOPEE",
    {
        "en": "Shopee Open Platform (open.shopee.com) → App Management → your live app",
        "id": "Shopee Open Platform (open.shopee.com) → App Management → aplikasi live Anda",
    },
    [("partner_id", "Live Partner ID", False), ("partner_key", "Live API Partner Key", True)],
    [
        Connected("shop_id", secret=False),
        Connected("refresh_token", timedelta(days=30)),  # single-use: each refresh a new one
        Connected("access_token", timedelta(hours=4), renewed=True),
    ],
)

DESCRIPTOR = PlatformDescriptor(
    name="shopee",
    display_name="Shopee",
    settings=ShopeeChannel,
    rules=RULES,
    capabilities=MARKETPLACE
    | Capability.LISTINGS_SINCE
    | Capability.VARIANT_ADD
    | Capability.SKU_RENAME
    | Capability.LISTING_UNLIST,
    adapter="coopsync_adapters.shopee.adapter:ShopeeAdapter",
    fake="coopsync_adapters.shopee.fake:ShopeeFake",
    authorization="coopsync_adapters.shopee.authorize:AUTHORIZATION",
    credentials=CREDENTIALS,
    location_setting="location_id",
    summary={"en": "Shopee Open Platform v2", "id": "Shopee Open Platform v2"},
)
