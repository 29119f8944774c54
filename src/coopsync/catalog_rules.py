"""Check catalog products against a channel's ListingRules (title length, price range, images...).

`check_listing` is pure: a product, a channel and its rules in, violations out. `validate` and
`onboard` both use it; `rule_problems` locates violations in the catalog file for display.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from coopsync.capabilities import ListingRules
from coopsync.catalog import (
    Catalog,
    Product,
    base_price_for,
    category_for,
    description_for,
    images_for,
    title_for,
)
from coopsync.channel_config import ChannelBase
from coopsync.loading.problems import KeyPath, Problem, format_path
from coopsync.loading.yamltree import YamlDoc
from coopsync.platforms import display_name, rules_for

# The parcel's weight and size are the same on every channel: they belong on the product (or
# each variant), never in a channel override.
PARCEL_FIELDS = frozenset({"weight_g", "dimensions"})


@dataclass(frozen=True)
class RuleViolation:
    """One product that a channel would refuse (or adjust, for warnings)."""

    product_index: int
    sku: str
    channel: str
    code: str  # an i18n message code, `rule_*`
    path: KeyPath  # inside the product, e.g. ("title",) or ("variants", 1, "price")
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Literal["error", "warning"] = "error"


def check_listing(
    product: Product, channel: str, settings: ChannelBase, rules: ListingRules, index: int = 0
) -> list[RuleViolation]:
    """What `channel` would refuse about `product`, given the platform's `rules`."""
    platform = display_name(settings.platform)
    sku = product.variants[0].sku
    found: list[RuleViolation] = []

    def add(
        code: str,
        path: KeyPath,
        severity: str = "error",
        variant_sku: str | None = None,
        **params: object,
    ) -> None:
        found.append(
            RuleViolation(
                product_index=index,
                sku=variant_sku or sku,
                channel=channel,
                code=code,
                path=path,
                params={"platform": platform, "channel": channel, **params},
                severity="warning" if severity == "warning" else "error",
            )
        )

    override_path = ("channels", channel)
    title = title_for(product, channel)
    title_at = (*override_path, "title") if title != product.title else ("title",)
    if len(title) < rules.title_min:
        add(
            "rule_title_short",
            title_at,
            length=len(title),
            min=rules.title_min,
            max=rules.title_max,
            # The override as this product writes its channels: a list entry or a mapping.
            override=f"- {channel}: {{title: ...}}"
            if product.only_channels is not None
            else f"channels: {{{channel}: {{title: ...}}}}",
        )
    elif len(title) > rules.title_max:
        add("rule_title_long", title_at, length=len(title), max=rules.title_max)
    description = description_for(product, channel)
    if rules.description_max is not None and len(description) > rules.description_max:
        add(
            "rule_description_long",
            ("description",),
            length=len(description),
            max=rules.description_max,
        )
    images = images_for(product, channel)
    if len(images) < rules.images_min:
        add("rule_images_few", ("images",), count=len(images), min=rules.images_min)
    elif 0 < rules.images_max < len(images):  # images_max 0: the channel ignores images
        add("rule_images_many", ("images",), count=len(images), max=rules.images_max)
    if len(product.variants) > rules.variants_max:
        add(
            "rule_variants_many", ("variants",), count=len(product.variants), max=rules.variants_max
        )
    names = product.option_names()
    if len(names) > rules.variant_tiers_max:
        add(
            "rule_tiers_many",
            ("variants",),
            count=len(names),
            names=", ".join(names),
            max=rules.variant_tiers_max,
        )
    if rules.option_name_max is not None:
        for name in names:
            if len(name) > rules.option_name_max:
                add(
                    "rule_option_name_long",
                    ("variants",),
                    name=name,
                    length=len(name),
                    max=rules.option_name_max,
                )
    if rules.option_value_max is not None:
        for vindex, variant in enumerate(product.variants):
            for name, value in variant.options.items():
                if len(value) > rules.option_value_max:
                    add(
                        "rule_option_value_long",
                        ("variants", vindex, "options", name),
                        variant_sku=variant.sku,
                        value=value,
                        length=len(value),
                        max=rules.option_value_max,
                    )
    for required in rules.required_fields:
        if _has_field(product, channel, required):
            continue
        if required in PARCEL_FIELDS:
            add(f"rule_required_{required}", ())
        elif product.only_channels is not None:
            add("rule_required_field_list", (*override_path, required), field=required)
        else:
            add("rule_required_field", (*override_path, required), field=required)
    for vindex, variant in enumerate(product.variants):
        variant_override = variant.channels.get(channel)
        if variant_override is None or variant_override.listed:
            price = base_price_for(product, variant, channel)
            at = ("variants", vindex, "price")
            if price < rules.price_min:
                add("rule_price_low", at, variant_sku=variant.sku, price=price, min=rules.price_min)
            elif price > rules.price_max:
                add(
                    "rule_price_high", at, variant_sku=variant.sku, price=price, max=rules.price_max
                )
            if variant.stock > rules.stock_max:
                add(
                    "rule_stock_high",
                    ("variants", vindex, "stock"),
                    "warning",
                    variant_sku=variant.sku,
                    stock=variant.stock,
                    max=rules.stock_max,
                )
    return found


def _has_field(product: Product, channel: str, name: str) -> bool:
    if name == "category_id":
        return category_for(product, channel) is not None
    if name in PARCEL_FIELDS:  # on the product, or on every variant
        return getattr(product, name) is not None or all(
            getattr(variant, name) is not None for variant in product.variants
        )
    override = product.channels.get(channel)
    if override is not None:
        if getattr(override, name, None) not in (None, "", [], {}):
            return True
        if name in override.extra or name in override.attributes:
            return True
    return getattr(product, name, None) not in (None, "", [], {})


RulesLookup = Callable[[str], ListingRules | None]  # None: rules unknown, skip the channel


def check_catalog_rules(
    catalog: Catalog, channels: Mapping[str, ChannelBase], rules_for: RulesLookup
) -> list[RuleViolation]:
    """Every violation of every enabled channel's rules by the products listed on it."""
    return check_products_rules(list(enumerate(catalog)), channels, rules_for)


def check_products_rules(
    products: Sequence[tuple[int, Product]],
    channels: Mapping[str, ChannelBase],
    rules_for: RulesLookup,
) -> list[RuleViolation]:
    """Like `check_catalog_rules`, for (index in the catalog file, product) pairs."""
    found: list[RuleViolation] = []
    for name, settings in channels.items():
        if not settings.enabled:
            continue
        rules = rules_for(settings.platform)
        if rules is None:
            continue
        for index, product in products:
            if product.listed_on(name):
                found.extend(check_listing(product, name, settings, rules, index))
    return found


def rule_problems(violations: list[RuleViolation], doc: YamlDoc | None) -> list[Problem]:
    """Violations as located problems: `products[i] (SKU X) on channel Y: ...`."""
    problems = []
    for violation in violations:
        loc: KeyPath = ("products", violation.product_index, *violation.path)
        written = doc.locate(loc) if doc else loc
        product_path = doc.locate(loc[:2]) if doc else loc[:2]
        # A key's own line (`toko:`), not the first line of the mapping under it.
        mark = doc.mark(written, key=_is_section(doc, written)) if doc else None
        problems.append(
            Problem(
                code=violation.code,
                file=doc.display if doc else "",
                line=mark.line if mark else None,
                col=mark.col if mark else None,
                path=format_path(product_path),
                params=violation.params,
                severity=violation.severity,
                scope={"sku": violation.sku, "channel": violation.channel},
            )
        )
    return problems


def _is_section(doc: YamlDoc, path: KeyPath) -> bool:
    """Whether `path` is a key whose value is a mapping or a list (point at the key's line)."""
    node: Any = doc.data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(path[-1], str) and isinstance(node, dict | list) if path else False


def listing_rule_problems(
    products: list[tuple[int, Product]],
    channels: Mapping[str, ChannelBase],
    doc: YamlDoc | None,
    skipped: dict[str, str] | None = None,
) -> list[Problem]:
    """Each enabled channel's listing-rule problems of these (index in the catalog file,
    product) pairs, located in `doc`. A platform whose package cannot load is not checked
    (validate checks the rest); why goes into `skipped`, keyed by platform."""

    def lookup(platform: str) -> ListingRules | None:
        try:
            return rules_for(platform)
        except Exception as exc:  # an adapter not installed or broken: say so, check the rest
            if skipped is not None:
                skipped[platform] = f"{type(exc).__name__}: {exc}"
            return None

    return rule_problems(check_products_rules(products, channels, lookup), doc)
