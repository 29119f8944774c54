"""The manual channel (WhatsApp groups, Instagram, bazaars) as coopsync knows it: no API."""

from __future__ import annotations

from coopsync.capabilities import Capability, ListingRules
from coopsync.platforms import PlatformDescriptor
from coopsync_adapters.manual.settings import ManualChannel

CAPABILITIES = (
    Capability.LISTINGS_PULL
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
    title_max=255,
    images_max=0,
    variants_max=200,
    variant_tiers_max=3,
    stock_batch=10_000,  # one write of the files per push
    price_batch=10_000,
)

DESCRIPTOR = PlatformDescriptor(
    name="manual",
    display_name="manual",
    settings=ManualChannel,
    rules=RULES,
    capabilities=CAPABILITIES,
    adapter="coopsync_adapters.manual.adapter:ManualAdapter",
    fake=None,  # nothing to fake: in the sandbox the adapter runs as it is
    credentials=(),  # no account: sales come from a CSV kept by hand
    summary={
        "en": "WhatsApp, Instagram, bazaars: a price list out, sales from a CSV in",
        "id": "WhatsApp, Instagram, bazar: daftar harga keluar, penjualan dari CSV masuk",
    },
)
