"""Open the channels of a shop: one adapter per enabled channel, real or sandboxed.

A real channel gets its adapter with the user's settings and the state store. A `sandbox: true`
channel gets the same real adapter talking to its platform's fake (found through the adapter
package's `FAKE` constant, never by name), with the fake's credentials and the user's own rules.
The fake lives in `state_dir/sandbox/<channel>.json`: loaded on open, simulated buyers shop on it
for the time since the last run, and it is saved back atomically on exit, even after an error —
a platform does not forget an order because our process crashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Protocol

from pydantic import SecretStr

from coopsync.adapters import (
    BUILTIN_ADAPTERS,
    Adapter,
    AdapterContext,
    Clock,
    KeyValueStore,
    StockUpdate,
    TokenPair,
    TokenStore,
    adapter_class,
    create_adapter,
)
from coopsync.channel_config import ChannelBase
from coopsync.errors import AdapterError, ConfigError
from coopsync.http import HttpStats
from coopsync.sandbox import BuyerState, SimulationResult
from coopsync_adapters.testing.fake import FakeMarketplace

log = logging.getLogger("coopsync.runtime")

SANDBOX_KEY = "_coopsync_sandbox"  # our part of a sandbox file; the rest is the fake's own state
SANDBOX_FORMAT = 1

# Settings a sandbox never takes from the user: where to connect and who we are there.
_CONNECTION_FIELDS = frozenset({"platform", "sandbox", "base_url", "auth_url", "url"})


# ---- what the runtime needs from the loaded configuration ------------------------------------
class CatalogLike(Protocol):
    def variants_for_channel(self, channel: str) -> Sequence[tuple[Any, Any]]: ...


class LoadedConfigLike(Protocol):
    """`coopsync.config.LoadedConfig` as the runtime uses it."""

    @property
    def channels(self) -> Mapping[str, ChannelBase]: ...
    @property
    def catalog(self) -> CatalogLike: ...
    @property
    def state_dir(self) -> Path: ...
    @property
    def base_dir(self) -> Path: ...


class ChannelStore(TokenStore, KeyValueStore, Protocol):
    """The state store as adapters see it: tokens and a small key-value memory."""


Sleep = Callable[[float], Awaitable[None]]


class _SandboxStore:
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
_NO_FAKE = object()


def _adapter_package(platform: str) -> ModuleType:
    target = BUILTIN_ADAPTERS.get(platform)
    if target is not None:
        return importlib.import_module(target.partition(":")[0])
    module = importlib.import_module(adapter_class(platform).__module__)
    # A plugin may define FAKE in the adapter's module or in a package above it.
    name = module.__name__
    while "." in name and not hasattr(module, "FAKE"):
        name = name.rpartition(".")[0]
        module = importlib.import_module(name)
    return module


def fake_class(platform: str) -> type[FakeMarketplace] | None:
    """The fake of a platform; None when the platform has no API to fake (`FAKE = None`)."""
    reference = getattr(adapter_class(platform), "FAKE", _NO_FAKE)
    if reference is _NO_FAKE:
        reference = getattr(_adapter_package(platform), "FAKE", _NO_FAKE)
    if reference is _NO_FAKE:
        raise ConfigError(
            f"platform '{platform}' has no sandbox",
            hint="remove `sandbox: true` and give the channel its credentials",
        )
    if reference is None:
        return None
    module_name, _, attribute = str(reference).partition(":")
    found = getattr(importlib.import_module(module_name), attribute)
    if not (isinstance(found, type) and issubclass(found, FakeMarketplace)):
        raise ConfigError(f"the sandbox of platform '{platform}' ({reference}) is not a fake")
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):  # not every file system lets a directory be fsynced
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    generation = str(meta.get("generation") or clock().strftime("%Y%m%dT%H%M%S"))
    return SandboxChannel(name, platform, fake, path, buyers, generation, fresh=data is None)


def save_sandbox(channel: SandboxChannel) -> None:
    """Write a sandbox channel's fake and buyers to its file, atomically."""
    state = channel.fake.to_state()
    state[SANDBOX_KEY] = {
        "format": SANDBOX_FORMAT,
        "platform": channel.platform,
        "generation": channel.generation,
        "buyers": channel.buyers.to_json(),
    }
    write_atomically(channel.path, json.dumps(state, default=str, sort_keys=True))


# ---- the shop's offer on a channel, for seeding and for buyers -------------------------------
@dataclass
class _Offer:
    title: str
    variants: list[tuple[str, int, int, dict[str, str]]] = field(default_factory=list)


def _offers(catalog: CatalogLike, channel: str) -> dict[str, _Offer]:
    offers: dict[str, _Offer] = {}
    for product, variant in catalog.variants_for_channel(channel):
        offer = offers.setdefault(str(product.product_id), _Offer(str(product.title)))
        offer.variants.append(
            (str(variant.sku), int(variant.price), int(variant.stock), dict(variant.options))
        )
    return offers


def seed_existing_shop(fake: FakeMarketplace, offers: Mapping[str, _Offer], seed: int) -> int:
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
    context: AdapterContext, fake: FakeMarketplace, offers: Mapping[str, _Offer]
) -> None:
    """Make a new sandbox's listings show the catalog's counts, as a shop owner who keeps
    them up to date by hand would (through the real adapter: the fakes have no stock setter).

    Without this the first sync would find the month-old stock still shown and take most of
    it down to the channel's share, which the safety check rightly refuses."""
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


# ---- the channel set -------------------------------------------------------------------------
class ChannelSet:
    """The open channels of one run: `async with open_channels(...) as channels:`."""

    def __init__(
        self,
        loaded: LoadedConfigLike,
        store: ChannelStore,
        clock: Clock,
        *,
        only: Iterable[str] | None = None,
        simulate_buyers: bool = True,
        sleep: Sleep | None = None,
        sandbox_seed: int | None = None,
    ) -> None:
        self._loaded = loaded
        self._store = store
        self._clock = clock
        self._only = list(only) if only is not None else None
        self._simulate = simulate_buyers
        self._sleep = sleep
        self._seed = sandbox_seed
        self.channels: dict[str, Adapter] = {}
        self.fakes: dict[str, FakeMarketplace] = {}
        self.simulations: dict[str, SimulationResult] = {}
        # The settings each adapter runs with (a sandbox's carry the fake's credentials).
        self.channel_settings: dict[str, ChannelBase] = {}
        self._sandboxes: dict[str, SandboxChannel] = {}

    # ---- what the engine asks ----------------------------------------------------------------
    def settings(self, name: str) -> ChannelBase:
        """The settings the channel's adapter runs with (a sandbox's carry the fake's keys)."""
        return self.channel_settings[name]

    def is_sandbox(self, name: str) -> bool:
        return bool(self._loaded.channels[name].sandbox)

    def http_stats(self, name: str) -> HttpStats | None:
        """The adapter's HTTP counters, when it exposes its HttpLayer as `.http`."""
        stats = getattr(getattr(self.channels[name], "http", None), "stats", None)
        return stats if isinstance(stats, HttpStats) else None

    def requests_sent(self, name: str) -> int | None:
        """Requests sent to the channel since it was opened (None when nobody counted them)."""
        stats = self.http_stats(name)
        if stats is not None:
            return stats.requests
        sandbox = self._sandboxes.get(name)
        if sandbox is not None:
            return len(sandbox.fake.requests) - sandbox.requests_at_open
        return None

    def save(self) -> None:
        """Write every sandbox to disk now (it is also done on exit)."""
        for sandbox in self._sandboxes.values():
            save_sandbox(sandbox)

    # ---- opening and closing -------------------------------------------------------------------
    def _selected(self) -> dict[str, ChannelBase]:
        configured = dict(self._loaded.channels)
        if self._only is None:
            return {name: ch for name, ch in configured.items() if ch.enabled}
        unknown = [name for name in self._only if name not in configured]
        if unknown:
            raise ConfigError(
                f"no channel named {', '.join(repr(n) for n in unknown)}",
                hint="the channels are: " + (", ".join(configured) or "(none)"),
            )
        disabled = [name for name in self._only if not configured[name].enabled]
        if disabled:
            raise ConfigError(
                f"channel {', '.join(repr(n) for n in disabled)} is disabled",
                hint="set `enabled: true` on it in the config to use it",
            )
        return {name: configured[name] for name in self._only}

    def _context(
        self,
        name: str,
        settings: ChannelBase,
        store: ChannelStore,
        transport: FakeMarketplace | None = None,
    ) -> AdapterContext:
        return AdapterContext(
            channel=name,
            settings=settings,
            tokens=store,
            memory=store,
            clock=self._clock,
            transport=transport,
            sleep=self._sleep,
            base_dir=self._loaded.base_dir,
        )

    def _with_default_dirs(self, name: str, settings: ChannelBase) -> ChannelBase:
        # Channels that write files (a manual channel's price list) write them in the state
        # folder unless the user chose a place.
        writes_files = "export_dir" in type(settings).model_fields
        if writes_files and not getattr(settings, "export_dir", None):
            default = self._loaded.state_dir / "manual" / name
            return settings.model_copy(update={"export_dir": str(default)})
        return settings

    async def _open_one(self, name: str, channel: ChannelBase) -> None:
        fake_type = fake_class(channel.platform) if channel.sandbox else None
        if fake_type is None:  # a real channel, or one with no API to fake (manual)
            settings = self._with_default_dirs(name, channel)
            self.channel_settings[name] = settings
            self.channels[name] = create_adapter(self._context(name, settings, self._store))
            return
        sandbox = open_sandbox(
            name, channel.platform, fake_type, self._loaded.state_dir, self._clock, seed=self._seed
        )
        self._sandboxes[name] = sandbox
        self.fakes[name] = sandbox.fake
        store = _SandboxStore(self._store, sandbox.generation)
        if self._simulate:
            await self._let_buyers_shop(sandbox, channel, store)
        sandbox.requests_at_open = len(sandbox.fake.requests)
        settings = sandbox_settings(sandbox.fake.settings(), channel)
        self.channel_settings[name] = settings
        self.channels[name] = create_adapter(self._context(name, settings, store, sandbox.fake))

    async def _let_buyers_shop(
        self, sandbox: SandboxChannel, channel: ChannelBase, store: ChannelStore
    ) -> None:
        offers = _offers(self._loaded.catalog, sandbox.name)
        new_shop = sandbox.fresh and sandbox.buyers.simulated_until is None and bool(offers)
        if new_shop:
            made = seed_existing_shop(sandbox.fake, offers, sandbox.buyers.seed)
            log.info("[%s] sandbox: a new simulated shop with %d listings", sandbox.name, made)
        prices = {sku: price for offer in offers.values() for sku, price, *_ in offer.variants}
        result = sandbox.buyers.run(sandbox.fake, prices, self._clock())
        if result is not None:
            self.simulations[sandbox.name] = result
            log.info("[%s] sandbox buyers: %s", sandbox.name, result.summary)
        if new_shop:
            settings = sandbox_settings(sandbox.fake.settings(), channel)
            context = self._context(sandbox.name, settings, store, sandbox.fake)
            await show_counts(context, sandbox.fake, offers)
        save_sandbox(sandbox)  # the buyers' orders survive even a run killed before exit

    async def __aenter__(self) -> ChannelSet:
        try:
            for name, channel in self._selected().items():
                await self._open_one(name, channel)
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close every adapter and save every sandbox; one failure does not stop the others."""
        for name, adapter in self.channels.items():
            try:
                await adapter.aclose()
            except Exception as exc:  # closing must not hide the run's own error
                log.warning("[%s] closing the adapter failed: %s", name, exc)
        saved_errors: dict[str, OSError] = {}
        for name, sandbox in self._sandboxes.items():
            try:
                save_sandbox(sandbox)
            except OSError as exc:
                saved_errors[name] = exc
        self.channels.clear()
        if saved_errors:
            name, error = next(iter(saved_errors.items()))
            raise ConfigError(
                f"the sandbox of channel '{name}' could not be saved: {error}",
                hint="check that the state folder is writable",
            )


def open_channels(
    loaded_config: LoadedConfigLike,
    store: ChannelStore,
    clock: Clock,
    *,
    only: list[str] | None = None,
    simulate_buyers: bool = True,
    sleep: Sleep | None = None,
    sandbox_seed: int | None = None,
) -> ChannelSet:
    """One adapter per enabled channel (or the channels in `only`), to use with `async with`.

    Sandbox channels run against their fake, loaded from and saved to `state_dir/sandbox/`;
    simulated buyers shop there first unless `simulate_buyers=False`. `sandbox_seed` fixes the
    seed of new sandboxes (default: from the channel name).
    """
    return ChannelSet(
        loaded_config,
        store,
        clock,
        only=only,
        simulate_buyers=simulate_buyers,
        sleep=sleep,
        sandbox_seed=sandbox_seed,
    )
