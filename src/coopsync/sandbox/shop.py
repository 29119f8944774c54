"""A sandbox channel's marketplace: its fake, its file, its first month and its own tokens.

`open_sandbox` loads a platform's fake from `state_dir/sandbox/<channel>.json` (or makes a new
one), `save_sandbox` writes it back atomically. A new sandbox is a shop that already sold on the
platform: most of the catalog listed (`seed_existing_shop`), a month of buyers, then the catalog's
counts shown (`show_counts`). The platform's fake is found through its descriptor, never by the
platform's name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import httpx
from pydantic import SecretStr

from coopsync.adapters import (
    AdapterContext,
    Clock,
    KeyValueStore,
    StockUpdate,
    TokenPair,
    TokenStore,
)
from coopsync.channel_config import ChannelBase
from coopsync.errors import AdapterError, ConfigError
from coopsync.platforms import create_adapter, descriptor_for
from coopsync.sandbox.buyers import BuyerState
from coopsync.sandbox.marketplace import FakeMarketplace
from coopsync.state.files import atomic_write, prepare_state_folder

log = logging.getLogger("coopsync.sandbox")

SANDBOX_KEY = "_coopsync_sandbox"  # our part of a sandbox file; the rest is the fake's own state
SANDBOX_FORMAT = 1
# Calls a second of the owner's own edits in a sandbox's seller centre (`show_counts`): not
# coopsync's API calls, so not paced at the channel's limit.
SELLER_CENTRE_RATE = 1_000_000.0

# Settings a sandbox never takes from the user: where to connect and who we are there.
_CONNECTION_FIELDS = frozenset({"platform", "sandbox", "base_url", "auth_url", "url"})


class CatalogLike(Protocol):
    """The catalog as the sandbox reads it (`coopsync.catalog.Catalog`)."""

    def variants_for_channel(self, channel: str) -> Sequence[tuple[Any, Any]]: ...


class ChannelStore(TokenStore, KeyValueStore, Protocol):
    """The state store as adapters see it: tokens and a small key-value memory."""


class SandboxStore:
    """The state store seen by a sandbox adapter: its own keys, so a sandbox never overwrites
    a real channel's (possibly single-use) tokens, and a reset sandbox starts clean."""

    def __init__(self, store: ChannelStore, generation: str) -> None:
        self._store = store
        self._generation = generation

    def _key(self, channel: str) -> str:
        return f"sandbox:{channel}:{self._generation}"

    def load_tokens(self, channel: str) -> TokenPair | None:
        return self._store.load_tokens(self._key(channel))

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        self._store.save_tokens(self._key(channel), tokens)

    def get_value(self, channel: str, key: str) -> str | None:
        return self._store.get_value(self._key(channel), key)

    def set_value(self, channel: str, key: str, value: str) -> None:
        self._store.set_value(self._key(channel), key, value)


# ---- finding a platform's fake without naming the platform -----------------------------------
def fake_class(platform: str) -> type[FakeMarketplace] | None:
    """The fake of a platform, from its descriptor; None when the platform has no API to fake."""
    found = descriptor_for(platform).fake_factory()
    if found is not None and not issubclass(found, FakeMarketplace):
        raise ConfigError(f"the sandbox of platform '{platform}' is not a fake marketplace")
    return found


def sandbox_settings(fake_settings: ChannelBase, user: ChannelBase) -> ChannelBase:
    """The fake's credentials with the user's own rules (stock, price, preferred, rate_limit...).

    A field the fake's settings name (shop id, app key, tokens) stays the fake's; every other
    field the user wrote is kept.
    """
    accepts_extra = type(fake_settings).model_config.get("extra") == "allow"
    update: dict[str, Any] = {}
    for name in user.model_fields_set:
        value = getattr(user, name, None)
        if name in _CONNECTION_FIELDS or isinstance(value, SecretStr):
            continue
        if name not in ChannelBase.model_fields:
            if name not in type(fake_settings).model_fields and not accepts_extra:
                continue
            if name in fake_settings.model_fields_set:
                continue  # the fake's identity (shop_id, shop_cipher, ...)
        update[name] = value
    return fake_settings.model_copy(update=update)


# ---- sandbox files ---------------------------------------------------------------------------
@dataclass
class SandboxChannel:
    """One sandboxed channel: its fake, where it is kept, and its buyers."""

    name: str
    platform: str
    fake: FakeMarketplace
    path: Path
    buyers: BuyerState
    generation: str
    fresh: bool  # no sandbox file existed: a brand-new simulated shop
    requests_at_open: int = 0
    saved_text: str = ""  # what the file holds now, so that an unchanged state is not rewritten


def _default_seed(channel: str) -> int:
    # The same channel name gives the same demo shop on every machine (reproducible docs).
    return int.from_bytes(hashlib.sha256(channel.encode()).digest()[:4], "big")


def _read_sandbox_file(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"the sandbox file {path} cannot be read ({exc})",
            hint="delete it to start the simulated marketplace afresh",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"the sandbox file {path} is not a sandbox state",
            hint="delete it to start the simulated marketplace afresh",
        )
    return data


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old file or the new one."""
    prepare_state_folder(path.parent)
    atomic_write(path, text)


def open_sandbox(
    name: str,
    platform: str,
    fake_type: type[FakeMarketplace],
    state_dir: Path,
    clock: Clock,
    *,
    seed: int | None = None,
) -> SandboxChannel:
    """The fake of a sandbox channel, as it was left by the last run (or a new one)."""
    path = state_dir / "sandbox" / f"{name}.json"
    data = _read_sandbox_file(path)
    meta: Mapping[str, Any] = {}
    if data is not None:
        meta = data.pop(SANDBOX_KEY, None) or {}
        stored_platform = meta.get("platform", platform)
        if stored_platform != platform:
            raise ConfigError(
                f"the sandbox of channel '{name}' was a {stored_platform} shop, "
                f"the channel is now {platform}",
                hint=f"delete {path} to start a new simulated {platform} shop",
            )
    buyers = (
        BuyerState.from_json(meta["buyers"])
        if "buyers" in meta
        else BuyerState.new(_default_seed(name) if seed is None else seed)
    )
    fake = fake_type(clock, seed=buyers.seed)  # type: ignore[call-arg]
    if data is not None:
        fake.load_state(data)
        read_until = meta.get("orders_read_until")
        fake.orders_read_until = datetime.fromisoformat(read_until) if read_until else None
    generation = str(meta.get("generation") or clock().strftime("%Y%m%dT%H%M%S%f"))
    return SandboxChannel(name, platform, fake, path, buyers, generation, fresh=data is None)


def save_sandbox(channel: SandboxChannel) -> None:
    """Write a sandbox channel's fake and buyers to its file, atomically."""
    state = channel.fake.to_state()
    state[SANDBOX_KEY] = {
        "format": SANDBOX_FORMAT,
        "platform": channel.platform,
        "generation": channel.generation,
        "buyers": channel.buyers.to_json(),
        "orders_read_until": (
            channel.fake.orders_read_until.isoformat() if channel.fake.orders_read_until else None
        ),
    }
    text = json.dumps(state, default=str, sort_keys=True)
    if text != channel.saved_text:
        write_atomically(channel.path, text)
        channel.saved_text = text


class DurableTransport(httpx.AsyncBaseTransport):
    """The fake as an adapter reaches it. Like a real marketplace it keeps every change at
    once: a run killed mid-way leaves the sandbox holding what it had accepted (listings,
    images, rotated tokens), just as the state store holds what it was told."""

    def __init__(self, sandbox: SandboxChannel) -> None:
        self.sandbox = sandbox

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.sandbox.fake.handle_async_request(request)
        # Some platforms refresh tokens with a GET: a rotated token is a change too.
        if request.method != "GET" or "token" in request.url.path.lower():
            save_sandbox(self.sandbox)
        return response


# ---- the shop's offer on a channel, for seeding and for buyers -------------------------------
@dataclass
class Offer:
    title: str
    variants: list[tuple[str, int, int, dict[str, str]]] = field(default_factory=list)


def catalog_offers(catalog: CatalogLike, channel: str) -> dict[str, Offer]:
    offers: dict[str, Offer] = {}
    for product, variant in catalog.variants_for_channel(channel):
        offer = offers.setdefault(str(product.product_id), Offer(str(product.title)))
        offer.variants.append(
            (str(variant.sku), int(variant.price), int(variant.stock), dict(variant.options))
        )
    return offers


def seed_existing_shop(fake: FakeMarketplace, offers: Mapping[str, Offer], seed: int) -> int:
    """List most of the catalog on a new sandbox, as a shop that already sold there would have.

    This gives the buyers something to buy in the 30 days of history, and the first sync adopts
    these listings and creates the rest. Returns how many listings were made.
    """
    rng = random.Random(f"{seed}:existing-listings")
    chosen = [pid for pid in offers if rng.random() < 0.75] or list(offers)[:1]
    units = sum(len(offers[pid].variants) for pid in chosen) or 1
    headroom = max(5, -(-400 // units))  # enough for a month of sales without selling out
    for product_id in chosen:
        offer = offers[product_id]
        skus = [(sku, price, stock + headroom) for sku, price, stock, _ in offer.variants]
        options = [opts for *_, opts in offer.variants]
        fake.seed_listing(offer.title, skus, options=options if any(options) else None)
    return len(chosen)


async def show_counts(
    context: AdapterContext, fake: FakeMarketplace, offers: Mapping[str, Offer]
) -> None:
    """Make a new sandbox's listings show the catalog's counts, as a shop owner who keeps
    them up to date by hand would (through the real adapter: the fakes have no stock setter).

    Without this the first sync would find the month-old stock still shown and take most of
    it down to the channel's share, which the safety check rightly refuses. The owner types
    them in the seller centre, not through coopsync's API key: the writes are not paced at
    the channel's `rate_limit` (at 10,000 SKUs that pacing alone took minutes)."""
    unpaced = context.settings.model_copy(update={"rate_limit": SELLER_CENTRE_RATE})
    context = replace(context, settings=unpaced)
    counts = {sku: stock for offer in offers.values() for sku, _, stock, _ in offer.variants}
    updates = []
    for sku, stock in counts.items():
        view = fake.sku_view(sku)
        if view is not None and view.stock != stock:
            updates.append(StockUpdate(sku, view.remote_id, view.remote_sku_id, stock))
    if not updates:
        return
    adapter = create_adapter(context)
    try:
        size = max(1, adapter.rules.stock_batch)
        for start in range(0, len(updates), size):
            for result in await adapter.push_stock(updates[start : start + size]):
                if not result.ok:
                    log.debug(
                        "[%s] sandbox count of %s: %s", context.channel, result.sku, result.message
                    )
    except AdapterError as exc:
        log.warning("[%s] the sandbox shop kept its old stock: %s", context.channel, exc)
    finally:
        await adapter.aclose()
