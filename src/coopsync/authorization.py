"""Connecting a shop to a channel: the platform's own authorization flow, seen from the core.

A platform that hands out tokens only through a seller's approval offers an `Authorizer` in its
descriptor (`authorization=`). The core asks it for the link the owner opens, reads the
address the platform redirects to, and asks it to exchange the one-time code for a `Grant`:
the tokens, which shop was connected, and settings the channel needs from now on (a shop id, a
shop cipher). The grant is saved here: tokens in the token store, the rest in the channel's
memory, never in the YAML. Opening a live channel overlays these recorded settings on the ones
the config leaves empty (`connected_settings`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import httpx

from coopsync.adapters import Clock, KeyValueStore, TokenPair, TokenStore
from coopsync.channel_config import ChannelBase
from coopsync.errors import AuthExpired, ConfigError
from coopsync.secrets import register_secret

CONNECTED_KEY = "connect.settings"  # channel memory: settings recorded by `connect` (JSON)
SHOP_KEY = "connect.shop"  # channel memory: the connected shop (JSON)
HISTORY_KEY = "connect.history"  # channel memory: every connection so far (JSON list)
TOKEN_SEED_KEY = "token_seed"  # the TokenManager's note of which configured token it seeded
# When keys that do not expire "expire" (a web shop's REST keys): shown as "does not expire".
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Grant:
    """What a platform gave for a seller's approval."""

    tokens: TokenPair
    shop_id: str
    shop_name: str | None = None
    region: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)  # e.g. {"shop_id": "88001234"}
    authorization_expires_at: datetime | None = None


class Authorizer(Protocol):
    """A platform's authorization flow (lives in the platform package)."""

    # Redirect address used when the user names none (a local listener on this machine).
    default_redirect: str

    def link(
        self,
        settings: ChannelBase,
        redirect: str,
        state: str,
        now: datetime,
        *,
        callback: str | None = None,
    ) -> str:
        """The address the owner opens to approve the app (`callback`: where a platform that
        posts its answer server to server sends it; the others ignore it)."""
        ...

    def answer(self, params: Mapping[str, str]) -> Mapping[str, str]:
        """The parts of the redirect's query the exchange needs (raises ConfigError when the
        address holds no code)."""
        ...

    async def exchange(
        self,
        settings: ChannelBase,
        answer: Mapping[str, str],
        *,
        clock: Clock,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Grant:
        """Exchange the one-time code for tokens and the shop's identity."""
        ...


def not_connected(channel: str) -> AuthExpired:
    """No shop is connected to a live channel yet: a person must run `coopsync connect`."""
    error = AuthExpired(
        "no shop is connected to this channel yet",
        channel=channel,
        needs_human=True,
        hint=f"run `coopsync connect {channel}`",
    )
    error.code, error.params = "connect.needed", {"channel": channel}
    return error


SECRET_PARAMS = ("code", "auth_code", "consumer_key", "consumer_secret")


def query_of(address: str, body: bytes = b"") -> dict[str, str]:
    """The parameters of a redirected address (the first value of each) or of what was posted
    to a callback (JSON or a form), its secrets registered before anything can show them."""
    text = address.strip().strip("<>\"'")
    parts = urlsplit(text)
    query = parts.query or (text if "=" in text and "://" not in text else "")
    found = {key: values[0] for key, values in parse_qs(query).items() if values}
    if body:
        found.update(_posted(body))
    for key in SECRET_PARAMS:
        register_secret(found.get(key))
    return found


def _posted(body: bytes) -> dict[str, str]:
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return {key: values[0] for key, values in parse_qs(text).items() if values}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str | int)}


def check_state(authorizer: Authorizer, params: Mapping[str, str], state: str) -> None:
    """Refuse an answer to another link (an older run's, another shop's)."""
    name = getattr(authorizer, "state_param", "state")
    if params.get(name, state) != state:
        error = ConfigError("the address answers another link")
        error.code, error.params = "connect.wrong_state", {}
        raise error


async def complete(
    authorizer: Authorizer,
    settings: ChannelBase,
    params: Mapping[str, str],
    state: str,
    *,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Grant:
    """The owner's answer (a redirected address's `query_of`) turned into a grant: the state
    checked, the one-time code exchanged. No terminal needed: `connect` and `fleet connect`
    both end here, then `save_grant`."""
    check_state(authorizer, params, state)
    answer = authorizer.answer(params)
    return await authorizer.exchange(settings, answer, clock=clock, transport=transport)


def require(params: Mapping[str, str], *names: str) -> dict[str, str]:
    """These parameters of a redirect, or a ConfigError saying the address is not the one."""
    missing = [name for name in names if not params.get(name)]
    if missing:
        error = ConfigError(f"the address holds no {', '.join(missing)}")
        error.code, error.params = "connect.no_code", {"names": ", ".join(missing)}
        raise error
    return {name: params[name] for name in names}


def connected_settings(memory: KeyValueStore, channel: str) -> dict[str, str]:
    """Settings `connect` recorded for a channel (empty when it was never connected)."""
    raw = memory.get_value(channel, CONNECTED_KEY)
    if not raw:
        return {}
    try:
        found = json.loads(raw)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def connected_shop(memory: KeyValueStore, channel: str) -> dict[str, str] | None:
    """The shop a channel is connected to: id, name, region, expiry dates (as ISO text)."""
    raw = memory.get_value(channel, SHOP_KEY)
    if not raw:
        return None
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


def overlay(settings: ChannelBase, recorded: Mapping[str, str]) -> ChannelBase:
    """The settings with what `connect` recorded filled in where the config leaves a gap."""
    fields = type(settings).model_fields
    update = {k: v for k, v in recorded.items() if k in fields and not getattr(settings, k)}
    return settings.model_copy(update=update) if update else settings


class Memory(TokenStore, KeyValueStore, Protocol):
    """Where a grant is saved: the state store."""


def save_grant(
    store: Memory, channel: str, grant: Grant, configured_refresh: str | None, now: datetime
) -> None:
    """Tokens first (durably), then which shop and settings, then a line of history."""
    store.save_tokens(channel, grant.tokens)
    # The pair just saved must win over a refresh token still written in the config.
    seed = hashlib.sha256((configured_refresh or "").encode()).hexdigest()
    store.set_value(channel, TOKEN_SEED_KEY, seed)
    shop = {
        "shop_id": grant.shop_id,
        "shop_name": grant.shop_name or "",
        "region": grant.region or "",
        "connected_at": now.isoformat(),
        "access_expires_at": grant.tokens.access_expires_at.isoformat(),
        "refresh_expires_at": _iso(grant.tokens.refresh_expires_at),
        "authorization_expires_at": _iso(grant.authorization_expires_at),
    }
    store.set_value(channel, CONNECTED_KEY, json.dumps(dict(grant.settings), sort_keys=True))
    store.set_value(channel, SHOP_KEY, json.dumps(shop, sort_keys=True))
    history = _history(store, channel)
    history.append({"shop_id": grant.shop_id, "connected_at": now.isoformat()})
    store.set_value(channel, HISTORY_KEY, json.dumps(history))


def _history(memory: KeyValueStore, channel: str) -> list[dict[str, str]]:
    raw = memory.get_value(channel, HISTORY_KEY)
    try:
        found = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [dict(x) for x in found if isinstance(x, dict)] if isinstance(found, list) else []


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""
