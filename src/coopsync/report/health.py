"""Health flags of one shop, each with what to do, and the last run per channel. Pure.

Drift and listings the catalog does not know come from the newest run's plan notices for each
channel (the channels' last known listings); everything else from the state: the ledger, the
journal's last success per channel, the tokens' expiry and the order lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from coopsync.report.inputs import ShopState
from coopsync.report.model import ChannelSync, Flag
from coopsync.state.records import RunRecord

CANCEL_RATE = 0.10  # above this share of a channel's orders, cancellations are flagged
RETURN_RATE = 0.05
QUIET_DAYS = 30  # no sale / no successful sync for this long is flagged
TOKEN_DAYS = 7  # a refresh token expiring within this many days is flagged
SAMPLE = 3  # SKUs named in a flag's message


def _sample(skus: Sequence[str]) -> str:
    shown = ", ".join(sorted(skus)[:SAMPLE])
    return shown + (", …" if len(skus) > SAMPLE else "")


def _channel_summary(run: RunRecord, channel: str) -> Mapping[str, Any] | None:
    channels = run.summary.get("channels")
    if not isinstance(channels, Mapping):
        return None
    found = channels.get(channel)
    return found if isinstance(found, Mapping) else None


def _last_run(state: ShopState, channel: str) -> tuple[RunRecord, Mapping[str, Any]] | None:
    for run in state.runs:
        found = _channel_summary(run, channel)
        if found is not None:
            return run, found
    return None


def _result(found: Mapping[str, Any]) -> str:
    if found.get("needs_human"):
        return "needs_human"
    if found.get("stopped"):
        return "stopped"
    if found.get("failures") or found.get("refused"):
        return "failures"
    return "ok"


def sync_rows(state: ShopState) -> tuple[ChannelSync, ...]:
    """Per channel: its last run, how it ended there, and its last success in the journal."""
    rows = []
    for facts in state.channels:
        health = state.health.get(facts.name)
        last = _last_run(state, facts.name)
        success = health.last_success_at if health else None
        if last is None:
            rows.append(
                ChannelSync(
                    facts.name, facts.platform, facts.enabled, None, "never", 0, None, success
                )
            )
            continue
        run, found = last
        failures = found.get("failures") or []
        error = found.get("stopped") or found.get("refused")
        if not error and failures and isinstance(failures[0], Mapping):
            first = failures[0]
            error = f"{first.get('sku') or first.get('action')}: {first.get('message')}"
        rows.append(
            ChannelSync(
                facts.name,
                facts.platform,
                facts.enabled,
                run.started_at,
                _result(found),
                len(failures),
                str(error) if error else None,
                success,
            )
        )
    return tuple(rows)


def _notices(state: ShopState, channel: str) -> dict[str, list[str]]:
    """The newest run's plan notices for `channel`, as SKUs per kind."""
    for run in state.runs:
        if _channel_summary(run, channel) is None or "notices" not in run.summary:
            continue
        kinds: dict[str, list[str]] = defaultdict(list)
        notices = run.summary.get("notices")
        for notice in notices if isinstance(notices, list) else ():
            if isinstance(notice, Mapping) and notice.get("channel") == channel:
                kinds[str(notice.get("kind"))].append(str(notice.get("sku") or "?"))
        return kinds
    return {}


def health_flags(state: ShopState, rates: Mapping[str, tuple[int, int, int]]) -> tuple[Flag, ...]:
    """Everything that needs a person, alerts first; `rates` are the period's orders per
    channel: (placed, wholly cancelled, with a return)."""
    flags: list[Flag] = []
    oversold = sorted(sku for sku, p in state.stock.items() if p.available < 0)
    if oversold:
        units = sum(-state.stock[sku].available for sku in oversold)
        flags.append(
            Flag(
                "report.flag.oversold",
                "alert",
                None,
                {"count": len(oversold), "units": units, "skus": _sample(oversold)},
            )
        )
    quiet_since = state.now - timedelta(days=QUIET_DAYS)
    sold_lately = {name for name, at in state.last_order_at.items() if at >= quiet_since}
    sync = {row.channel: row for row in sync_rows(state)}
    for facts in state.channels:
        if not facts.enabled:
            continue
        name = facts.name
        flags.extend(_token_flags(state, name))
        row = sync[name]
        if row.result in ("stopped", "needs_human", "failures"):
            code = {
                "needs_human": "report.flag.needs_human",
                "stopped": "report.flag.stopped",
                "failures": "report.flag.failures",
            }[row.result]
            severity = "warn" if row.result == "failures" else "alert"
            params: dict[str, str | int] = {
                "count": row.failures,
                "error": row.last_error or "",
                "channel": name,
            }
            flags.append(Flag(code, severity, name, params))
        if row.last_success_at is None:
            flags.append(Flag("report.flag.never_synced", "warn", name))
        elif row.last_success_at < quiet_since:
            days = (state.now - row.last_success_at).days
            flags.append(Flag("report.flag.no_sync", "warn", name, {"days": days}))
        if name not in sold_lately:
            code = "report.flag.no_sale_manual" if facts.manual else "report.flag.no_sale"
            flags.append(Flag(code, "warn", name, {"days": QUIET_DAYS}))
        orders, cancelled, returned = rates.get(name, (0, 0, 0))
        if orders and cancelled / orders > CANCEL_RATE:
            flags.append(
                Flag(
                    "report.flag.cancel_rate",
                    "warn",
                    name,
                    {"count": cancelled, "orders": orders, "rate": round(100 * cancelled / orders)},
                )
            )
        if orders and returned / orders > RETURN_RATE:
            flags.append(
                Flag(
                    "report.flag.return_rate",
                    "warn",
                    name,
                    {"count": returned, "orders": orders, "rate": round(100 * returned / orders)},
                )
            )
        flags.extend(_listing_flags(state, name, row.last_success_at is not None))
    flags.sort(key=lambda f: (f.severity != "alert", f.channel or "", f.code))
    return tuple(flags)


def _token_flags(state: ShopState, channel: str) -> list[Flag]:
    expires = state.token_expiry.get(channel)
    if expires is None or expires - state.now > timedelta(days=TOKEN_DAYS):
        return []
    if expires <= state.now:
        return [Flag("report.flag.token_expired", "alert", channel, {"channel": channel})]
    days = max((expires - state.now).days, 0)
    params: dict[str, str | int] = {"days": days, "channel": channel}
    return [Flag("report.flag.token_expiring", "alert", channel, params)]


def _listing_flags(state: ShopState, channel: str, synced: bool) -> list[Flag]:
    notices = _notices(state, channel)
    flags: list[Flag] = []
    drift = [*notices.get("stock_drift", []), *notices.get("price_drift", [])]
    if drift:
        flags.append(
            Flag(
                "report.flag.drift",
                "warn",
                channel,
                {"count": len(set(drift)), "skus": _sample(sorted(set(drift)))},
            )
        )
    unmatched = notices.get("unmatched", [])
    if unmatched:
        flags.append(
            Flag(
                "report.flag.unmatched",
                "warn",
                channel,
                {"count": len(unmatched), "skus": _sample(unmatched)},
            )
        )
    if synced:
        wanted = {v.sku for _, v in state.catalog.variants_for_channel(channel)}
        missing = (wanted - state.listed.get(channel, frozenset())) | set(
            notices.get("missing", [])
        )
        if missing:
            flags.append(
                Flag(
                    "report.flag.missing",
                    "warn",
                    channel,
                    {"count": len(missing), "skus": _sample(sorted(missing))},
                )
            )
    return flags
