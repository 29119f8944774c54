"""A catalog product as it should appear on one channel (a ListingDraft), priced and stocked."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from coopsync.adapters import DraftVariant, ImageRef, ListingDraft
from coopsync.catalog import (
    Product,
    Variant,
    attributes_for,
    brand_for,
    category_for,
    description_for,
    dimensions_for,
    images_for,
    title_for,
    weight_for,
)


def image_ref(source: str, base_dir: Path) -> ImageRef:
    """A URL as is; a local path resolved against the catalog's folder."""
    if source.startswith(("http://", "https://")):
        return ImageRef(source)
    path = Path(source)
    if path.is_absolute():
        return ImageRef(str(path))
    if base_dir.is_absolute():
        return ImageRef(_resolved(source, base_dir))
    return ImageRef(str((base_dir / path).resolve()))


@functools.lru_cache(maxsize=1024)  # the same photo serves many products; resolve() asks the disk
def _resolved(source: str, base_dir: Path) -> str:
    return str((base_dir / source).resolve())


def build_draft(
    product: Product,
    variants: list[Variant],
    channel: str,
    *,
    prices: Mapping[str, int],
    stock: Mapping[str, int],
    base_dir: Path,
) -> ListingDraft:
    """The listing for `product` on `channel` with the given per-SKU prices and stock."""
    override = product.channels.get(channel)
    first = variants[0]
    dims = dimensions_for(product, first)
    return ListingDraft(
        product_id=product.product_id,
        title=title_for(product, channel),
        description=description_for(product, channel),
        variants=tuple(
            DraftVariant(
                sku=v.sku,
                price=prices[v.sku],
                stock=stock[v.sku],
                options=dict(v.options),
                weight_g=weight_for(product, v),
                images=tuple(image_ref(i, base_dir) for i in v.images),
            )
            for v in variants
        ),
        images=tuple(image_ref(i, base_dir) for i in images_for(product, channel)),
        category_id=category_for(product, channel),
        brand=brand_for(product, channel),
        attributes=attributes_for(product, channel),
        weight_g=weight_for(product, first),
        dimensions_cm=dims.as_tuple() if dims else None,
        extra=dict(override.extra) if override else {},
    )


class Fingerprints:
    """One run's content fingerprints (content_hash of the product's draft on a channel),
    worked out without building drafts: the variants' part (channel-independent) once a run
    per product, the product's part per channel only where it has an override there; a
    product with no override has the same fingerprint on every channel."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[str, ...], str | None], str] = {}
        self._variants: dict[tuple[str, tuple[str, ...]], list[object]] = {}

    def of(self, product: Product, variants: list[Variant], channel: str, base_dir: Path) -> str:
        """content_hash of the product's draft on `channel` selling `variants`."""
        override = product.channels.get(channel)
        skus = tuple(v.sku for v in variants)
        key = (product.product_id, skus, channel if override is not None else None)
        known = self._known.get(key)
        if known is not None:
            return known
        variants_part = self._variants.get(key[:2])
        if variants_part is None:
            variants_part = self._variants[key[:2]] = [
                [
                    v.sku,
                    dict(sorted(v.options.items())),
                    weight_for(product, v),
                    [image_ref(i, base_dir).source for i in v.images],
                ]
                for v in variants
            ]
        dims = dimensions_for(product, variants[0])
        content = {
            "title": title_for(product, channel),
            "description": description_for(product, channel),
            "images": [image_ref(i, base_dir).source for i in images_for(product, channel)],
            "category_id": category_for(product, channel),
            "brand": brand_for(product, channel),
            "attributes": dict(sorted(attributes_for(product, channel).items())),
            "weight_g": weight_for(product, variants[0]),
            "dimensions_cm": dims.as_tuple() if dims else None,
            "extra": {k: str(v) for k, v in sorted((override.extra if override else {}).items())},
            "variants": variants_part,
        }
        known = self._known[key] = _digest(content)
        return known


def content_hash(draft: ListingDraft) -> str:
    """A fingerprint of what `update_listing` sends (never price or stock): when the catalog's
    text, images or attributes change, the fingerprint changes and the listing is updated."""
    content = {
        "title": draft.title,
        "description": draft.description,
        "images": [i.source for i in draft.images],
        "category_id": draft.category_id,
        "brand": draft.brand,
        "attributes": dict(sorted(draft.attributes.items())),
        "weight_g": draft.weight_g,
        "dimensions_cm": draft.dimensions_cm,
        "extra": {k: str(v) for k, v in sorted(draft.extra.items())},
        "variants": [
            [v.sku, dict(sorted(v.options.items())), v.weight_g, [i.source for i in v.images]]
            for v in draft.variants
        ],
    }
    return _digest(content)


def _digest(content: Mapping[str, object]) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
