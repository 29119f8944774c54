"""WooCommerce (a cooperative's own web shop) as coopsync knows it."""

from __future__ import annotations

from coopsync.capabilities import Capability, ListingRules
from coopsync.platforms import Credential, PlatformDescriptor
from coopsync_adapters.woocommerce.settings import WooCommerceChannel

# /products/batch takes at most 100 objects a call, but each is a full product save and a small
# shared host can need longer than our timeout for 100 (not documented; chosen to be safe).
WRITE_BATCH = 50

CAPABILITIES = (
    Capability.LISTINGS_PULL
    | Capability.LISTINGS_SINCE
    | Capability.LISTING_CREATE
    | Capability.LISTING_UPDATE
    | Capability.STOCK_PUSH
    | Capability.PRICE_PUSH
    | Capability.ORDERS_PULL
    | Capability.VARIANTS
    | Capability.VARIANT_ADD
    | Capability.SKU_RENAME
    | Capability.LISTING_UNLIST
)

RULES = ListingRules(
    title_min=1,
    title_max=255,
    price_min=1,
    price_max=1_000_000_000,
    stock_min=0,
    stock_max=999_999,
    images_min=0,
    images_max=20,
    variants_max=100,
    variant_tiers_max=5,
    stock_batch=WRITE_BATCH,
    price_batch=WRITE_BATCH,
    create_batch=WRITE_BATCH,
)

_KEYS = "WordPress admin → WooCommerce → Settings → Advanced → REST API → Add key (Read/Write)"
_KEYS_ID = "admin WordPress → WooCommerce → Settings → Advanced → REST API → Add key (Read/Write)"

CREDENTIALS = (
    Credential(
        field="url",
        env="WOOCOMMERCE_URL",
        where={
            "en": "the address of the web shop (https://...)",
            "id": "alamat toko web (https://...)",
        },
        secret=False,
    ),
    Credential(
        field="consumer_key",
        env="WOOCOMMERCE_CONSUMER_KEY",
        where={"en": f"{_KEYS}: Consumer key", "id": f"{_KEYS_ID}: Consumer key"},
        connect=True,
    ),
    Credential(
        field="consumer_secret",
        env="WOOCOMMERCE_CONSUMER_SECRET",
        where={"en": f"{_KEYS}: Consumer secret", "id": f"{_KEYS_ID}: Consumer secret"},
        connect=True,
    ),
)

DESCRIPTOR = PlatformDescriptor(
    name="woocommerce",
    display_name="WooCommerce",
    settings=WooCommerceChannel,
    rules=RULES,
    capabilities=CAPABILITIES,
    adapter="coopsync_adapters.woocommerce.adapter:WooCommerceAdapter",
    fake="coopsync_adapters.woocommerce.fake:WooCommerceFake",
    authorization="coopsync_adapters.woocommerce.authorize:AUTHORIZATION",
    credentials=CREDENTIALS,  # REST keys do not expire; a revoked key needs a person
    summary={
        "en": "WooCommerce REST API v3 (own web shop)",
        "id": "WooCommerce REST API v3 (toko web sendiri)",
    },
)
