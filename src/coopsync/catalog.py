"""The product catalog: products, their variants (one master SKU each) and per-channel overrides.

Prices are integer rupiah and stock is the last physical count. A product lists on every
channel unless its `channels:` is a list (then only those), or an override says `listed: false`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, overload

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

# Sane limits, far above any small shop and far below what SQLite (2**63) or a platform's
# 32-bit fields overflow at: a value beyond them is a typing mistake (an extra zero, a pasted id).
MAX_PRICE = 10_000_000_000  # Rp 10 billion per unit
MAX_STOCK = 1_000_000  # units of one SKU on the shelf
MAX_MEASURE = 1_000_000  # grams or centimetres of one package


def _rupiah(value: Any) -> Any:
    """Whole rupiah only: `25.000` in YAML is the number 25, so floats are refused, not rounded."""
    if isinstance(value, bool):
        raise PydanticCustomError("rupiah_type", "price must be a whole number of rupiah")
    if isinstance(value, int):
        if value < 1:
            raise PydanticCustomError("rupiah_low", "price must be at least 1")
        if value > MAX_PRICE:
            raise PydanticCustomError(
                "rupiah_high", "price must be at most {limit}", {"limit": MAX_PRICE}
            )
        return value
    if isinstance(value, float):
        raise PydanticCustomError("rupiah_decimal", "price must be whole rupiah")
    if isinstance(value, str):
        raise PydanticCustomError("rupiah_text", "price must be a number, not text")
    raise PydanticCustomError("rupiah_type", "price must be a whole number of rupiah")


def _whole(value: Any, limit: int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("not_whole", "expected a whole number")
    if value < 0:
        raise PydanticCustomError("negative_count", "cannot be negative")
    if value > limit:
        raise PydanticCustomError("count_high", "must be at most {limit}", {"limit": limit})
    return value


def _count(value: Any) -> Any:
    """A whole, non-negative measure (grams, centimetres), within MAX_MEASURE."""
    return _whole(value, MAX_MEASURE)


def _stock(value: Any) -> Any:
    """A whole, non-negative count of units on the shelf, within MAX_STOCK."""
    return _whole(value, MAX_STOCK)


def _sku(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError("sku_text", "a SKU must be text")
    return value


def _text_list(value: Any) -> Any:
    """A single image or channel name is accepted where a list is expected."""
    return [value] if isinstance(value, str) else value


Rupiah = Annotated[int, BeforeValidator(_rupiah)]
"""A price in whole rupiah (>= 1)."""
Count = Annotated[int, BeforeValidator(_count)]
"""A whole number >= 0 (grams, centimetres)."""
Stock = Annotated[int, BeforeValidator(_stock)]
"""Units on the shelf: a whole number from 0 to MAX_STOCK."""
Sku = Annotated[
    str, BeforeValidator(_sku), Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")
]
Text = Annotated[str, Field(min_length=1)]


def _maker(value: Any) -> Any:
    """One member's name; a list or a mapping is a mistake worth its own message."""
    if isinstance(value, list | dict | bool):
        raise PydanticCustomError("maker_text", "maker must be one name")
    return value


Maker = Annotated[str, BeforeValidator(_maker), Field(min_length=1)]
Status = Literal["active", "retired"]
"""`retired`: take the listings down once the last units are sold (`coopsync retire --now`:
at once); `active` again brings them back."""
Attributes = dict[str, str]


# Empty lists default to `[]` (pydantic gives each instance its own copy), not
# `default_factory=list`: pydantic reads the factory's signature, and reading a builtin's costs
# `coopsync validate` a few milliseconds of tokenizer set-up (issue 22, start-up).
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Dimensions(_Model):
    """Package size in centimetres."""

    length_cm: Count
    width_cm: Count
    height_cm: Count

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.length_cm, self.width_cm, self.height_cm)


class VariantChannelOverride(_Model):
    """What one variant does differently on one channel."""

    price: Rupiah | None = None
    listed: bool = True


class Variant(_Model):
    """One sellable thing with its own master SKU, price and shelf count."""

    sku: Sku
    price: Rupiah
    stock: Stock
    options: Attributes = Field(default_factory=dict, description="e.g. {Ukuran: M, Warna: Biru}")
    weight_g: Count | None = None
    dimensions: Dimensions | None = None
    images: Annotated[list[str], BeforeValidator(_text_list)] = []
    attributes: Attributes = Field(default_factory=dict)
    barcode: str | None = None
    channels: dict[str, VariantChannelOverride] = Field(default_factory=dict)
    formerly: Annotated[list[Sku], BeforeValidator(_text_list)] = Field(
        [], description="the SKUs this variant was sold under before a rename"
    )
    status: Status = "active"


class ChannelOverride(_Model):
    """What one product does differently on one channel (`products[i].channels.<name>`)."""

    listed: bool = True
    title: Text | None = None
    description: str | None = None
    price: Rupiah | None = Field(None, description="price for every variant on this channel")
    category_id: str | None = None
    brand: str | None = None
    attributes: Attributes = Field(default_factory=dict)
    images: Annotated[list[str], BeforeValidator(_text_list)] | None = None
    extra: dict[str, Any] = Field(default_factory=dict, description="platform-specific fields")


def _list_entry(entry: Any) -> bool:
    """An entry of the list form of `channels:`: a name, or `{name: {override}}` (one key)."""
    if isinstance(entry, str):
        return True
    return isinstance(entry, dict) and len(entry) == 1 and isinstance(next(iter(entry)), str)


# Keys of a product without `variants:` that belong to its single variant.
_VARIANT_KEYS = frozenset({"sku", "price", "stock", "options", "barcode", "formerly"})


class Product(_Model):
    """A product as the shop thinks of it; what buyers see, with one or more variants."""

    shorthand_keys: ClassVar[frozenset[str]] = _VARIANT_KEYS

    id: str | None = Field(None, description="stable product id; defaults to the first SKU")
    title: Text
    description: str = ""
    brand: str | None = None
    category: str | None = Field(None, description="the shop's own category name")
    maker: Maker | None = Field(
        None, description="the member who made it: `coopsync report` sums units and omzet per maker"
    )
    images: Annotated[list[str], BeforeValidator(_text_list)] = []
    attributes: Attributes = Field(default_factory=dict)
    weight_g: Count | None = None
    dimensions: Dimensions | None = None
    variants: list[Variant] = Field(min_length=1)
    channels: dict[str, ChannelOverride] = Field(default_factory=dict)
    only_channels: list[str] | None = Field(
        None, description="set by `channels: [a, b]`: list the product on these channels only"
    )
    status: Status = "active"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """`sku/price/stock` on a product without variants become its single variant;
        `channels: [a, b]` becomes `only_channels`."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "variants" not in data and "sku" in data:
            data["variants"] = [{k: data.pop(k) for k in list(data) if k in _VARIANT_KEYS}]
        channels = data.get("channels")
        if isinstance(channels, str):
            channels = [channels]
        if isinstance(channels, list) and all(_list_entry(c) for c in channels):
            # `channels: [whatsapp, {toko: {category_id: "100017"}}]`: only on these channels,
            # and an entry written as a mapping carries that channel's override.
            data["only_channels"] = [c if isinstance(c, str) else next(iter(c)) for c in channels]
            data["channels"] = {
                name: override
                for c in channels
                if isinstance(c, dict)
                for name, override in c.items()
                if override is not None
            }
        return data

    @property
    def product_id(self) -> str:
        return self.id or self.variants[0].sku

    def listed_on(self, channel: str) -> bool:
        """Whether this product is meant to be on `channel` at all."""
        if self.only_channels is not None and channel not in self.only_channels:
            return False
        override = self.channels.get(channel)
        return override.listed if override else True

    def option_names(self) -> list[str]:
        """The names buyers choose by (`Ukuran`, `Warna`), in first-seen order."""
        names: list[str] = []
        for variant in self.variants:
            names.extend(n for n in variant.options if n not in names)
        return names

    @property
    def retired(self) -> bool:
        """The whole product leaves the channels (its listings are taken down)."""
        return self.status == "retired" or all(v.status == "retired" for v in self.variants)

    def is_retired(self, variant: Variant) -> bool:
        """Whether `variant` is retired, itself or with its product."""
        return self.status == "retired" or variant.status == "retired"


class CatalogFile(_Model):
    """A separate catalog file: `products:` with a list (or the list itself)."""

    products: list[Product]

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, data: Any) -> Any:
        return {"products": data} if isinstance(data, list) else data


@dataclass(frozen=True)
class Catalog(Sequence[Product]):
    """The validated products, with the lookups the engine needs."""

    products: tuple[Product, ...]
    base_dir: Path = field(default_factory=Path.cwd)  # local image paths are relative to it
    _by_sku: dict[str, tuple[Product, Variant]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # variants_for_channel's answers (a run asks a dozen times per channel).
    _for_channel: dict[str, list[tuple[Product, Variant]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for product in self.products:
            for variant in product.variants:
                self._by_sku.setdefault(variant.sku, (product, variant))

    @overload
    def __getitem__(self, index: int) -> Product: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Product]: ...
    def __getitem__(self, index: int | slice) -> Product | Sequence[Product]:
        return self.products[index]

    def __len__(self) -> int:
        return len(self.products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products)

    def variants(self) -> Iterator[tuple[Product, Variant]]:
        """Every variant with its product, in catalog order."""
        for product in self.products:
            for variant in product.variants:
                yield product, variant

    def skus(self) -> list[str]:
        return [variant.sku for _, variant in self.variants()]

    def by_sku(self, sku: str) -> tuple[Product, Variant]:
        """The product and variant of a master SKU; KeyError if the catalog has none."""
        return self._by_sku[sku]

    def get(self, sku: str) -> tuple[Product, Variant] | None:
        return self._by_sku.get(sku)

    def products_for_channel(self, channel: str) -> list[Product]:
        """Products meant to be listed on `channel`."""
        return [p for p in self.products if p.listed_on(channel)]

    def variants_for_channel(self, channel: str) -> list[tuple[Product, Variant]]:
        """Variants meant to be listed on `channel` (a variant can opt out with `listed: false`)."""
        found = self._for_channel.get(channel)
        if found is None:
            found = self._for_channel[channel] = [
                (product, variant)
                for product in self.products_for_channel(channel)
                for variant in product.variants
                if _listed(variant.channels.get(channel))
            ]
        return list(found)

    def variant_count(self) -> int:
        return sum(len(p.variants) for p in self.products)

    def renames(self) -> dict[str, str]:
        """Old SKU -> the SKU it is now, from the variants' `formerly:` lists."""
        return {old: v.sku for _, v in self.variants() for old in v.formerly}

    def retired_skus(self) -> set[str]:
        """SKUs that are retired, themselves or with their product."""
        return {v.sku for p, v in self.variants() if p.is_retired(v)}


def _listed(override: VariantChannelOverride | None) -> bool:
    return override is None or override.listed


def _override(product: Product, channel: str) -> ChannelOverride | None:
    return product.channels.get(channel)


def title_for(product: Product, channel: str) -> str:
    """The title buyers see on `channel`."""
    override = _override(product, channel)
    return override.title if override and override.title else product.title


def description_for(product: Product, channel: str) -> str:
    override = _override(product, channel)
    if override and override.description is not None:
        return override.description
    return product.description


def price_override(product: Product, variant: Variant, channel: str) -> int | None:
    """A price the user fixed for this channel (variant first, then product), else None.

    A fixed price is used as is; the channel's price rules apply only to the catalog price.
    """
    variant_override = variant.channels.get(channel)
    if variant_override and variant_override.price is not None:
        return variant_override.price
    override = _override(product, channel)
    return override.price if override else None


def base_price_for(product: Product, variant: Variant, channel: str) -> int:
    """The price before the channel's rules: the fixed channel price, else the catalog price."""
    fixed = price_override(product, variant, channel)
    return variant.price if fixed is None else fixed


def category_for(product: Product, channel: str) -> str | None:
    """The platform category id for `channel`, if the product names one."""
    override = _override(product, channel)
    return override.category_id if override else None


def brand_for(product: Product, channel: str) -> str | None:
    override = _override(product, channel)
    return override.brand if override and override.brand else product.brand


def attributes_for(product: Product, channel: str) -> dict[str, str]:
    """Product attributes with the channel's attributes on top."""
    merged = dict(product.attributes)
    override = _override(product, channel)
    if override:
        merged.update(override.attributes)
    return merged


def images_for(product: Product, channel: str) -> list[str]:
    """The product's images for `channel` (the override replaces the list)."""
    override = _override(product, channel)
    if override and override.images is not None:
        return list(override.images)
    return list(product.images)


def weight_for(product: Product, variant: Variant) -> int | None:
    return variant.weight_g if variant.weight_g is not None else product.weight_g


def dimensions_for(product: Product, variant: Variant) -> Dimensions | None:
    return variant.dimensions or product.dimensions
