"""The sync decision, as a pure function: (catalog, stock, state, remote listings) -> Plan.

For every channel it works out which products must be created (or adopted: a listing that
already sells the SKU), which listings need a new title, and which SKUs need a new stock or
price. Only differences become actions: the channel's own values are compared with the
targets when the listings were read, else the last values coopsync pushed (the journal).

Drift is a value on the channel that neither the catalog nor the journal explains: more units
than coopsync last pushed (sales only ever lower it), or another price than it last pushed.
The catalog wins (the value is pushed again) unless `keep_drift` is set; either way it is
reported. SKUs coopsync manages that the catalog no longer lists on a channel are shown as
sold out there (delisted); listings coopsync does not know are reported, never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from coopsync.adapters import (
    Capability,
    ListingStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.catalog import Catalog, Product, Variant, title_for
from coopsync.engine.actions import (
    AdoptListing,
    ChannelPlan,
    CreateListing,
    Plan,
    PlanWarning,
    UpdateListing,
    WarningKind,
)
from coopsync.engine.catalog_changes import (
    held_as_rename,
    listing_for,
    note_retired_variants,
    plan_additions,
    plan_relist,
    plan_renames,
    plan_retire,
    resolve,
)
from coopsync.engine.drafts import build_draft, content_hash
from coopsync.engine.plan_inputs import (
    ChannelInput,
    ListingLink,
    PlanOptions,
    Pushed,
    Seen,
)
from coopsync.engine.plan_values import plan_delist, plan_price, plan_stock
from coopsync.engine.pricing import channel_price, price_out_of_range
from coopsync.engine.stock_limits import report_other_locations
from coopsync.engine.targets import ChannelStockRules, allocate

__all__ = [
    "ChannelInput",
    "ListingLink",
    "PlanOptions",
    "Pushed",
    "Seen",
    "plan",
    "seen_on_channel",
    "stock_targets",
]


def stock_targets(
    catalog: Catalog,
    available: Mapping[str, int],
    channels: Sequence[ChannelInput],
    bystanders: Sequence[ChannelStockRules] = (),
    held: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, dict[str, int]]:
    """Units each channel shows, per SKU: {channel: {sku: units}} (preferred channel rule;
    units `held` at a channel show there only)."""
    held = held or {}
    out: dict[str, dict[str, int]] = {c.name: {} for c in channels}
    everyone = [
        ChannelStockRules(c.name, c.settings.stock, c.limits, c.settings.preferred)
        for c in channels
    ] + [b for b in bystanders if b.channel not in out]
    listed_on: dict[str, list[ChannelStockRules]] = defaultdict(list)
    for rules in everyone:
        for _, variant in catalog.variants_for_channel(rules.channel):
            listed_on[variant.sku].append(rules)
    placed: dict[str, int] = defaultdict(int)
    for at_channel in held.values():
        for sku, count in at_channel.items():
            placed[sku] += count
    for sku, rules_list in listed_on.items():
        _, variant = catalog.by_sku(sku)
        base = available.get(sku, variant.stock)
        holders = [r for r in rules_list if held.get(r.channel, {}).get(sku)]
        online = [r for r in rules_list if r not in holders]
        for name, shown_online in allocate(max(0, base - placed[sku]), online).items():
            if name in out:
                out[name][sku] = shown_online
        for rules in holders:
            if rules.channel in out:
                shown = min(held[rules.channel][sku], max(0, base), rules.limits.stock_max)
                out[rules.channel][sku] = shown
    return out


def plan(
    catalog: Catalog,
    available: Mapping[str, int],
    channels: Sequence[ChannelInput],
    options: PlanOptions | None = None,
) -> Plan:
    """What a sync would do on every channel; no effects."""
    options = options or PlanOptions()
    targets = stock_targets(catalog, available, channels, options.bystanders, options.held)
    for sku in options.retire_now & catalog.retired_skus():
        for shown in targets.values():
            if sku in shown:
                shown[sku] = 0
    result = Plan()
    for channel in channels:
        _plan_channel(
            result.channel(channel.name), catalog, channel, targets[channel.name], options
        )
    return result


def seen_on_channel(channel: ChannelInput) -> dict[str, Seen]:
    """SKU -> where it is and what it shows: the remote listings if read, else the state."""
    seen: dict[str, Seen] = {}
    if channel.remote is None:
        for sku, link in channel.links.items():
            pushed = channel.pushed.get(sku, Pushed())
            seen[sku] = Seen(link.remote_id, link.remote_sku_id, pushed.stock, pushed.price, None)
        return seen
    for listing in channel.remote:
        if listing.status is ListingStatus.DELETED:
            continue
        for remote_sku in listing.skus:
            sku = resolve(channel.renames, remote_sku.sku)  # an old SKU counts as its new one
            managed = channel.links.get(sku)
            before = seen.get(sku)
            # A SKU sold by two listings: the one coopsync manages, else the first one read;
            # under its own name before an old one.
            if (
                before is None
                or (managed and managed.remote_id == listing.remote_id)
                or (before.channel_sku is not None and sku == remote_sku.sku)
            ):
                seen[sku] = _from_remote(listing, remote_sku, sku)
    return seen


def _from_remote(listing: RemoteListing, remote_sku: RemoteSku, sku: str) -> Seen:
    return Seen(
        listing.remote_id,
        remote_sku.remote_sku_id,
        remote_sku.stock,
        remote_sku.price,
        listing,
        remote_sku.campaign_reserved,
        remote_sku.other_locations,
        remote_sku.sku if remote_sku.sku != sku else None,
    )


def _plan_channel(
    out: ChannelPlan,
    catalog: Catalog,
    channel: ChannelInput,
    targets: Mapping[str, int],
    options: PlanOptions,
) -> None:
    name, caps = channel.name, channel.capabilities
    seen = seen_on_channel(channel)
    if channel.remote is None and caps & Capability.LISTINGS_PULL:
        out.warnings.append(
            PlanWarning(
                WarningKind.LISTINGS_UNKNOWN,
                name,
                "the channel's listings were not read; compared with what coopsync last pushed",
                code="sync.listings_unknown",
            )
        )
    by_product: dict[str, tuple[Product, list[Variant]]] = {}
    for product, variant in catalog.variants_for_channel(name):
        by_product.setdefault(product.product_id, (product, []))[1].append(variant)

    for product, variants in by_product.values():
        prices = {v.sku: channel_price(product, v, name, channel.settings.price) for v in variants}
        bad_price = _price_warnings(out, channel, prices)
        present = [v for v in variants if v.sku in seen]
        if not present:
            active = [v for v in variants if not product.is_retired(v)]
            if product.retired or not active:
                continue  # never create what is retired
            if not held_as_rename(out, catalog, channel, seen, product, active, prices):
                _plan_create(out, catalog, product, active, channel, prices, targets, bad_price)
            continue
        listing = listing_for(channel, seen, present)
        skus = [v.sku for v in present]
        additions = len(out.additions)
        if product.retired:
            plan_retire(out, name, caps, product, listing, skus, targets)
        else:
            plan_relist(out, name, caps, product, listing, skus, channel.unlisted)
            missing = [v for v in variants if v.sku not in seen and not product.is_retired(v)]
            missing = [v for v in missing if v.sku not in bad_price]
            if missing and not held_as_rename(
                out, catalog, channel, seen, product, missing, prices, listing.remote_id
            ):
                plan_additions(
                    out,
                    name,
                    caps,
                    catalog,
                    product,
                    present,
                    missing,
                    listing,
                    prices,
                    targets,
                    catalog.base_dir,
                )
            note_retired_variants(out, name, product, present, targets)
        plan_renames(
            out,
            name,
            caps,
            listing,
            {v.sku: old for v in present if (old := seen[v.sku].channel_sku) is not None},
        )
        # The listing's draft only for an update; its fingerprint once a run per product.
        grown = out.additions[-1].draft if len(out.additions) > additions else None
        fingerprint = (
            content_hash(grown)  # the listing is about to sell the new ones too
            if grown is not None
            else options.fingerprints.of(product, present, name, catalog.base_dir)
        )
        title = grown.title if grown is not None else title_for(product, name)
        now = seen[present[0].sku].listing
        if now is not None and _needs_update(channel, now, present, fingerprint, title):
            draft = grown or build_draft(
                product, present, name, prices=prices, stock=targets, base_dir=catalog.base_dir
            )
            out.updates.append(UpdateListing(name, product.product_id, now, draft))
        for variant in present:
            sku = variant.sku
            where = seen[sku]
            link = channel.links.get(sku)
            linked = link is not None and (link.remote_id, link.remote_sku_id) == (
                where.remote_id,
                where.remote_sku_id,
            )
            if not linked:
                url = where.listing.url if where.listing else None
                out.adopts.append(
                    AdoptListing(name, sku, where.remote_id, where.remote_sku_id, fingerprint, url)
                )
            # What was pushed to another listing explains nothing about this one.
            pushed = channel.pushed.get(sku, Pushed()) if linked else Pushed()
            plan_stock(
                out, channel, sku, where, targets[sku], pushed, options, product.is_retired(variant)
            )
            if sku not in bad_price:
                plan_price(out, channel, sku, where, prices[sku], pushed, options)

    plan_delist(out, catalog, channel, seen)
    _report_unmatched(out, catalog, channel)
    report_other_locations(
        out, {sku: where.other_locations for sku, where in seen.items() if where.other_locations}
    )


def _price_warnings(out: ChannelPlan, channel: ChannelInput, prices: Mapping[str, int]) -> set[str]:
    bad: set[str] = set()
    for sku, price in prices.items():
        problem = price_out_of_range(price, channel.limits)
        if problem:
            bad.add(sku)
            out.warnings.append(
                PlanWarning(
                    WarningKind.PRICE_OUT_OF_RANGE,
                    channel.name,
                    f"{sku}: {problem}; the price was not pushed",
                    sku=sku,
                    hint="change the catalog price or this channel's price rules",
                    code=f"sync.price_{'low' if price < channel.limits.price_min else 'high'}",
                    params={
                        "sku": sku,
                        "price": f"{price:,}",
                        "min": f"{channel.limits.price_min:,}",
                        "max": f"{channel.limits.price_max:,}",
                    },
                )
            )
    return bad


def _plan_create(
    out: ChannelPlan,
    catalog: Catalog,
    product: Product,
    variants: list[Variant],
    channel: ChannelInput,
    prices: Mapping[str, int],
    targets: Mapping[str, int],
    bad_price: set[str],
) -> None:
    skus = ", ".join(v.sku for v in variants)
    if not channel.capabilities & Capability.LISTING_CREATE:
        out.warnings.append(
            PlanWarning(
                WarningKind.MISSING,
                channel.name,
                f"{skus} not on the channel, and coopsync cannot create listings there",
                sku=variants[0].sku,
                hint="create the listing on the channel with the same SKU; the next sync adopts it",
                code="sync.cannot_create",
                params={"skus": skus},
            )
        )
        return
    if bad_price.intersection(v.sku for v in variants):
        return  # already reported: the platform would refuse the listing
    draft = build_draft(
        product, variants, channel.name, prices=prices, stock=targets, base_dir=catalog.base_dir
    )
    out.creates.append(CreateListing(channel.name, product.product_id, draft))


def _needs_update(
    channel: ChannelInput,
    listing: RemoteListing,
    present: list[Variant],
    fingerprint: str,
    title: str,
) -> bool:
    """Update a listing whose title differs on the channel, or whose catalog content changed
    since coopsync last sent it (`fingerprint`: the content's now). An adopted listing keeps its
    own text until the catalog changes: coopsync does not know what it was made from."""
    if not channel.capabilities & Capability.LISTING_UPDATE:
        return False
    known = {link.content_hash for v in present if (link := channel.links.get(v.sku))}
    return bool(known - {None, fingerprint}) or listing.title.strip() != title.strip()


def _report_unmatched(out: ChannelPlan, catalog: Catalog, channel: ChannelInput) -> None:
    for listing in channel.remote or ():
        if listing.status is ListingStatus.DELETED:
            continue
        unknown = [
            s.sku
            for s in listing.skus
            if catalog.get(resolve(channel.renames, s.sku)) is None
            and resolve(channel.renames, s.sku) not in channel.links
        ]
        if unknown:
            out.warnings.append(
                PlanWarning(
                    WarningKind.UNMATCHED,
                    channel.name,
                    f"listing {listing.remote_id} ({listing.title}) sells SKUs the catalog "
                    f"does not have: {', '.join(unknown) or '(no SKU)'}",
                    sku=unknown[0],
                    hint="add them to the catalog, or leave them: coopsync does not touch them",
                    code="sync.unmatched",
                    params={
                        "remote_id": listing.remote_id,
                        "title": listing.title,
                        "skus": ", ".join(unknown) or "-",
                    },
                )
            )
