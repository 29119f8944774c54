"""What `coopsync fleet status` shows per shop: last run and its result, the next run, failures
in a row, tokens to renew soon, channels waiting for a person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from coopsync.fleet import registry
from coopsync.fleet.jobs import QUEUE, Schedule

TOKEN_DAYS = 14  # a refresh token or authorization ending within this many days is listed
GOOD = ("ok",)


@dataclass(frozen=True)
class TokenDue:
    channel: str
    expires_at: datetime | None  # None: no token at all (never connected)


@dataclass(frozen=True)
class ShopStatus:
    name: str
    shop: str
    config: str
    last_run_at: datetime | None = None
    result: str | None = None
    exit_code: int | None = None
    message: str = ""
    running: bool = False
    queued: bool = False
    next_run: datetime | None = None
    failures: int = 0
    tokens: tuple[TokenDue, ...] = ()
    parked: tuple[registry.Parked, ...] = ()
    problem: str = ""  # the config could not be read to look at its tokens

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "shop": self.shop,
            "config": self.config,
            "last_run_at": _iso(self.last_run_at),
            "result": self.result,
            "exit_code": self.exit_code,
            "message": self.message,
            "running": self.running,
            "queued": self.queued,
            "next_run": _iso(self.next_run),
            "failures": self.failures,
            "tokens_to_renew": [
                {"channel": t.channel, "expires_at": _iso(t.expires_at)} for t in self.tokens
            ],
            "parked": [
                {"channel": p.channel, "reason": p.reason, "since": _iso(p.parked_at)}
                for p in self.parked
            ],
            "problem": self.problem,
        }


@dataclass
class _Queue:
    running: set[str] = field(default_factory=set)
    waiting: dict[str, datetime | None] = field(default_factory=dict)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _queue(conn: Any) -> _Queue:
    """Which shops have a job running or waiting (procrastinate's job table)."""
    found = _Queue()
    rows = conn.execute(
        """SELECT lock, status::text AS status, scheduled_at FROM procrastinate_jobs
           WHERE queue_name = %s AND status IN ('todo', 'doing') AND lock LIKE 'shop:%%'""",
        (QUEUE,),
    ).fetchall()
    for row in rows:
        name = str(row["lock"])[len("shop:") :]
        if row["status"] == "doing":
            found.running.add(name)
        else:
            earlier = found.waiting.get(name)
            at = row["scheduled_at"]
            found.waiting[name] = at if earlier is None or (at and at < earlier) else earlier
    return found


def next_tick(cron: str, now: datetime) -> datetime:
    from croniter import croniter  # type: ignore[import-untyped]

    moment: datetime = croniter(cron, now).get_next(datetime)
    return moment


def failures_in_a_row(runs: Sequence[registry.FleetRun]) -> int:
    """Finished runs since the last good one (newest first)."""
    count = 0
    for run in runs:
        if run.finished_at is None:
            continue
        if run.outcome in GOOD:
            break
        count += 1
    return count


def tokens_due(
    name: str, config: str, environ: Mapping[str, str], others: Sequence[str], now: datetime
) -> tuple[TokenDue, ...]:
    """Live channels whose token ends within TOKEN_DAYS, or that have none."""
    from coopsync.fleet.runner import load_shop
    from coopsync.shop import Shop

    loaded = load_shop(config, name, environ, others)
    due: list[TokenDue] = []
    soon = now + timedelta(days=TOKEN_DAYS)
    live = [n for n, s in loaded.enabled_channels().items() if not s.sandbox]
    if not live:
        return ()
    with Shop(loaded).open_store() as store:
        for channel in live:
            tokens = store.load_tokens(channel)
            if tokens is None:
                continue  # API keys, or tokens from the config only: `doctor` checks those
            if tokens.refresh_expires_at is not None and tokens.refresh_expires_at <= soon:
                due.append(TokenDue(channel, tokens.refresh_expires_at))
    return tuple(due)


def fleet_status(
    conn: Any,
    schedule: Schedule,
    now: datetime,
    environ: Mapping[str, str],
    *,
    tokens: bool = True,
) -> list[ShopStatus]:
    from coopsync.errors import CoopsyncError
    from coopsync.loading.problems import ConfigInvalid

    shops = registry.shops(conn)
    parked = registry.parked(conn)
    queue = _queue(conn)
    quiet_next = next_tick(schedule.quiet, now)
    names = [s.name for s in shops]
    statuses: list[ShopStatus] = []
    for shop in shops:
        runs = registry.runs(conn, shop.name, limit=50)
        finished = next((r for r in runs if r.finished_at is not None), None)
        due: tuple[TokenDue, ...] = ()
        problem = ""
        if tokens:
            try:
                due = tokens_due(shop.name, shop.config, environ, names, now)
            except ConfigInvalid as exc:
                problem = "; ".join(exc.render("en")[:1])
            except (CoopsyncError, OSError) as exc:
                problem = str(exc)
        waiting = shop.name in queue.waiting
        statuses.append(
            ShopStatus(
                name=shop.name,
                shop=shop.display_name,
                config=shop.config,
                last_run_at=finished.finished_at if finished else None,
                result=finished.outcome if finished else None,
                exit_code=finished.exit_code if finished else None,
                message=finished.message if finished else "",
                running=shop.name in queue.running,
                queued=waiting,
                next_run=(queue.waiting[shop.name] or now) if waiting else quiet_next,
                failures=failures_in_a_row(runs),
                tokens=due,
                parked=tuple(p for p in parked if p.shop == shop.name),
                problem=problem,
            )
        )
    return statuses
