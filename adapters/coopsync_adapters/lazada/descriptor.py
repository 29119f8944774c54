"""Lazada as coopsync knows it: settings, limits, credentials; the adapter loads on first use."""

from __future__ import annotations

from datetime import timedelta

from coopsync.capabilities import MARKETPLACE, Capability, ListingRules
from coopsync.platforms import Connected, PlatformDescriptor, credential_table
from coopsync_adapters.lazada.settings import LazadaChannel

RULES = ListingRules(
    title_max=255,
    description_max=25_000,
    images_min=1,
    images_max=8,
    variants_max=50,
    variant_tiers_max=2,
    option_name_max=15,  # VARIATION_NAME_LENGTH_LIMIT; VARIATION_OPTION_LENGTH_LIMIT below
    option_value_max=20,
    # price_quantity/update and stock/sellable/update take at most 50 SKUs, 20 recommended; one
    # bad SKU fails its whole call, so a smaller call loses less.
    stock_batch=20,
    price_batch=20,
    sku_lookup_batch=50,  # products/get sku_seller_list
    required_fields=("category_id", "weight_g", "dimensions"),
)

CREDENTIALS = credential_table(
    "LAZADA",
    {
        "en": "Lazada Open Platform (open.lazada.com) → App Console → your app",
        "id": "Lazada Open Platform (open.lazada.com) → App Console → aplikasi Anda",
    },
    [("app_key", "App Key", False), ("app_secret", "App Secret", True)],
    [
        # 180 days for an app online (30 in test), not reset by refreshing
        Connected("refresh_token", timedelta(days=180)),
        Connected("access_token", timedelta(days=30), renewed=True),
    ],
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
    authorization="coopsync_adapters.lazada.authorize:AUTHORIZATION",
    credentials=CREDENTIALS,
    location_setting="warehouse_code",
    summary={"en": "Lazada Open Platform", "id": "Lazada Open Platform"},
)
