"""Platform descriptors and the registry that finds them.

Every platform (the built-in ones included) is a package that exports one `PlatformDescriptor`
and registers it in the `coopsync.adapters` entry-point group:

    [project.entry-points."coopsync.adapters"]
    blibli = "coopsync_blibli:DESCRIPTOR"

The core never names a platform: it asks the registry. Nothing is imported until a platform is
asked for by name, so `coopsync --help` loads no platform, and a sync loads only the platforms
its channels use. A descriptor itself is light (its settings model, rules and texts); the
adapter and the sandbox fake are named as `"module:attribute"` and imported on first use.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from coopsync.errors import ConfigError
from coopsync.secrets import looks_like_secret

if TYPE_CHECKING:
    from coopsync.adapters import Adapter, AdapterContext
    from coopsync.authorization import Authorizer
    from coopsync.capabilities import Capability, ListingRules
    from coopsync.channel_config import ChannelBase

ENTRY_POINT_GROUP = "coopsync.adapters"

# Text a platform gives in both of the CLI's languages: {"id": ..., "en": ...}.
Text = Mapping[str, str]


@dataclass(frozen=True)
class Credential:
    """One credential a shop must get before a channel can go live."""

    field: str  # the settings field it goes in, e.g. "partner_key"
    env: str  # the environment variable `init` writes into `.env.example`, e.g. "SHOP_APP_KEY"
    where: Text  # where on the seller or developer centre to find it
    lifetime: timedelta | None = None  # how long it stays valid; None: until revoked
    secret: bool = True  # a secret is never shown, logged or stored in a report
    renewed: bool = False  # coopsync renews it by itself (a refresh token's access token)
    # Set by `coopsync connect` from the owner's approval (kept in the state), never typed:
    # `init` and `.env.example` ask only for the others, the app's own credentials.
    connect: bool = False


@dataclass(frozen=True)
class Connected:
    """A credential `coopsync connect` gets from the owner's approval (see `credential_table`)."""

    field: str
    lifetime: timedelta | None = None
    renewed: bool = False
    secret: bool = True


CONNECT_WHERE: Text = {
    "en": "set by `coopsync connect` when the shop owner approves the app (never typed)",
    "id": "diisi `coopsync connect` saat pemilik toko menyetujui aplikasi (tidak diketik)",
}


def credential_table(
    env_prefix: str,
    console: Text,
    app: Iterable[tuple[str, str, bool]],
    connected: Iterable[Connected] = (),
) -> tuple[Credential, ...]:
    """A platform's credentials: the app's own, `(field, label on the console, secret)`, typed
    once into `.env` (found at `console: label`), then what `coopsync connect` sets."""
    table = [
        Credential(
            field=name,
            env=f"{env_prefix}_{name.upper()}",
            where={lang: f"{place}: {label}" for lang, place in console.items()},
            secret=secret,
        )
        for name, label, secret in app
    ]
    table += [
        Credential(
            field=each.field,
            env=f"{env_prefix}_{each.field.upper()}",
            where=CONNECT_WHERE,
            lifetime=each.lifetime,
            secret=each.secret,
            renewed=each.renewed,
            connect=True,
        )
        for each in connected
    ]
    return tuple(table)


@dataclass(frozen=True)
class PlatformDescriptor:
    """Everything the core knows about one platform, in one place.

    `adapter` and `fake` are `"module:attribute"` references (or the objects themselves),
    imported only when a channel of the platform is opened. `fake` is None for a platform
    with no API to fake (its adapter runs as it is in a sandbox).
    """

    name: str
    display_name: str
    settings: type[ChannelBase]
    rules: ListingRules
    capabilities: Capability
    adapter: str | Callable[[AdapterContext], Adapter]
    fake: str | type | None = None  # a FakeMarketplace subclass (coopsync.sandbox)
    aliases: tuple[str, ...] = ()
    credentials: tuple[Credential, ...] = ()
    summary: Text = field(default_factory=dict)  # one line for `init` and the docs
    example: Mapping[str, Any] = field(default_factory=dict)  # extra settings of a sample channel
    # `coopsync connect`: the platform's authorization flow ("module:attribute" of an
    # `Authorizer`); None when the platform hands out no tokens through a seller's approval.
    authorization: str | object | None = None
    # The channel setting naming the warehouse or location whose stock coopsync manages, on a
    # platform where one shop can keep stock in several (None: one stock per SKU).
    location_setting: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The platform's name and every alias a config may use for it."""
        return (self.name, *self.aliases)

    @property
    def stock_batch(self) -> int:
        """SKUs its adapter sends in one stock call."""
        return self.rules.stock_batch

    @property
    def price_batch(self) -> int:
        """SKUs its adapter sends in one price call."""
        return self.rules.price_batch

    def adapter_factory(self) -> Callable[[AdapterContext], Adapter]:
        """The adapter class (or factory), imported now."""
        found = _resolve(self.adapter)
        if not callable(found):
            raise ConfigError(f"the adapter of platform '{self.name}' ({self.adapter}) is wrong")
        factory: Callable[[AdapterContext], Adapter] = found
        return factory

    def fake_factory(self) -> type | None:
        """The sandbox marketplace of this platform (a FakeMarketplace subclass), imported now;
        None when there is nothing to fake."""
        if self.fake is None:
            return None
        found = _resolve(self.fake)
        if not isinstance(found, type):
            raise ConfigError(f"the sandbox of platform '{self.name}' ({self.fake}) is not a fake")
        return found

    def authorizer(self) -> Authorizer | None:
        """The platform's authorization flow, imported now (None: it has none)."""
        if self.authorization is None:
            return None
        found: Authorizer = _resolve(self.authorization)  # type: ignore[assignment]
        return found

    def secret_fields(self) -> frozenset[str]:
        """Settings fields that hold secrets (typed `SecretStr`)."""
        return secret_fields(self.settings)


def _resolve(reference: object) -> object:
    if not isinstance(reference, str):
        return reference
    module_name, _, attribute = reference.partition(":")
    found: object = importlib.import_module(module_name)
    for part in attribute.split(".") if attribute else ():
        found = getattr(found, part)
    return found


def secret_fields(model: type[ChannelBase]) -> frozenset[str]:
    """Fields of a settings model typed `SecretStr` (or `SecretStr | None`)."""
    out = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        if annotation is SecretStr or SecretStr in args:
            out.add(name)
    return frozenset(out)


# ---- the registry ------------------------------------------------------------------------------
_registered: dict[str, PlatformDescriptor] = {}  # added in process (tests, notebooks)
_loaded_names: set[str] = set()  # entry points read so far


def register(descriptor: PlatformDescriptor) -> None:
    """Make a platform known without installing a package (tests and notebooks)."""
    for name in descriptor.names:
        _registered[name] = descriptor


def unregister(name: str) -> None:
    """Forget a platform added with `register`."""
    descriptor = _registered.get(name)
    for each in descriptor.names if descriptor else ():
        _registered.pop(each, None)


@functools.cache
def _entry_points() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


@functools.cache
def _own_entry_points() -> dict[str, Any]:
    """The platforms coopsync's own package registers: read from its metadata alone, not from
    every installed package's (that scan costs `coopsync validate` milliseconds of start-up).
    A name found here is loaded from here."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        found = distribution("coopsync").entry_points
    except PackageNotFoundError:
        return {}
    return {ep.name: ep for ep in found if ep.group == ENTRY_POINT_GROUP}


def _entry_point(name: str) -> Any | None:
    return _own_entry_points().get(name) or _entry_points().get(name)


def installed_platforms() -> list[str]:
    """The platform names installed or registered, without importing any of them."""
    return sorted(set(_entry_points()) | {d.name for d in _registered.values()})


@functools.cache
def _load(name: str) -> PlatformDescriptor:
    entry = _entry_point(name)
    assert entry is not None, name
    found = entry.load()
    if not isinstance(found, PlatformDescriptor):
        raise ConfigError(
            f"the package of platform '{name}' does not export a PlatformDescriptor "
            f"({entry.value})",
            hint="its entry point must name the package's DESCRIPTOR",
        )
    _loaded_names.add(name)
    return found


def all_descriptors() -> list[PlatformDescriptor]:
    """Every installed platform's descriptor (imports each descriptor, not its adapter)."""
    found: dict[str, PlatformDescriptor] = {}
    for name in _entry_points():
        descriptor = _load(name)
        found.setdefault(descriptor.name, descriptor)
    for descriptor in _registered.values():
        found.setdefault(descriptor.name, descriptor)
    return [found[name] for name in sorted(found)]


def find_descriptor(platform: str) -> PlatformDescriptor | None:
    """The descriptor of a platform name or alias; None when nothing installed provides it."""
    if platform in _registered:
        return _registered[platform]
    if _entry_point(platform) is not None:
        return _load(platform)
    for descriptor in all_descriptors():  # an alias: only now is every descriptor loaded
        if platform in descriptor.aliases:
            return descriptor
    return None


def descriptor_for(platform: str) -> PlatformDescriptor:
    """The descriptor of a platform name or alias; a ConfigError naming the installed ones."""
    found = find_descriptor(platform)
    if found is None:
        raise ConfigError(
            f"no adapter for platform '{platform}'",
            hint=unknown_platform_hint(),
        )
    return found


def unknown_platform_hint() -> str:
    installed = known_names()
    if not installed:
        return "no platform is installed: run `pip install -e .` again to register them"
    return f"use one of: {', '.join(installed)}, or install the package that provides it"


def known_names() -> list[str]:
    """Every name and alias a config may write as `platform:`."""
    names = set(installed_platforms())
    for descriptor in all_descriptors():
        names.update(descriptor.names)
    return sorted(names)


def descriptors_for(platforms: Iterable[str]) -> dict[str, PlatformDescriptor]:
    """The descriptors of these names or aliases, keyed by the name as written (unknown: left
    out)."""
    out: dict[str, PlatformDescriptor] = {}
    for platform in platforms:
        descriptor = find_descriptor(platform)
        if descriptor is not None:
            out[platform] = descriptor
    return out


def display_name(platform: str) -> str:
    """How a platform is called in messages (`platform` itself when nothing provides it)."""
    descriptor = find_descriptor(platform)
    return descriptor.display_name if descriptor is not None else platform


def example_platform() -> str:
    """A platform to name in hints: the first installed one with a sandbox."""
    for descriptor in all_descriptors():
        if descriptor.fake is not None:
            return descriptor.name
    names = installed_platforms()
    return names[0] if names else "manual"


def looks_secret(key: str) -> bool:
    """A settings key to mask when shown, whatever platform it belongs to: a `SecretStr` field
    of a platform loaded so far, or a key named like a secret that no loaded platform declares
    as plain text (an undeclared plugin setting such as `api_key`)."""
    declared_plain = False
    for descriptor in _loaded():
        if key in descriptor.secret_fields():
            return True
        declared_plain = declared_plain or key in descriptor.settings.model_fields
    return not declared_plain and looks_like_secret(key)


def _loaded() -> list[PlatformDescriptor]:
    """The descriptors read so far (looking never loads another platform)."""
    seen = {id(d): d for d in _registered.values()}
    for name in sorted(_loaded_names):
        descriptor = _load(name)
        seen[id(descriptor)] = descriptor
    return list(seen.values())


def clear_cache() -> None:
    """Forget what was read from the installed packages (after installing one in-process)."""
    _entry_points.cache_clear()
    _load.cache_clear()
    _loaded_names.clear()


# ---- reaching a platform's adapter -------------------------------------------------------------
def adapter_class(platform: str) -> type[Adapter]:
    """The adapter class of a platform name or alias (imports that platform's adapter only)."""
    factory = descriptor_for(platform).adapter_factory()
    if not isinstance(factory, type):
        raise ConfigError(f"adapter for platform '{platform}' is not a class")
    return factory


def create_adapter(context: AdapterContext) -> Adapter:
    """Build the adapter for a channel's platform."""
    return descriptor_for(context.settings.platform).adapter_factory()(context)


def rules_for(platform: str) -> ListingRules:
    """A platform's ListingRules, from its descriptor (no adapter is imported)."""
    return descriptor_for(platform).rules


def capabilities_for(platform: str) -> Capability:
    """What a platform's adapter can do, from its descriptor."""
    return descriptor_for(platform).capabilities
