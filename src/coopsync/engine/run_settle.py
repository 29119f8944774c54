"""After writing stock: pull every channel's orders again, and correct the stock that orders
new to this run touched (the rule is in settle.py). Orders a channel's second pull found after
another channel planned without them count as new here too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from coopsync.adapters import RemoteListing
from coopsync.engine.actions import Plan
from coopsync.engine.apply import work_units
from coopsync.engine.listings import SNAPSHOT_KEY
from coopsync.engine.plan import ChannelInput, plan
from coopsync.engine.run_channel import Planned, apply_one
from coopsync.engine.run_context import RunContext
from coopsync.engine.run_inputs import PlanInputs
from coopsync.engine.run_reads import Reads, moved_skus, pull_all
from coopsync.engine.settle import (
    SETTLE_ROUNDS,
    stock_actions,
    stock_only,
    with_written,
    written_stock,
)
from coopsync.engine.snapshot import load_snapshot


async def settle(
    run: RunContext, reads: Reads, inputs: PlanInputs, planned: Sequence[Planned]
) -> None:
    """Pull again after writing stock, and correct the stock new orders touched."""
    first = Plan({p.plan.channel: p.plan for p in planned if not p.refused})
    channels = [p.input for p in planned if not p.refused]
    written, late = stock_actions(first), reads.late_news
    for _ in range(SETTLE_ROUNDS):
        if not written and not late:
            return  # nothing written: no extra pull
        landed = written_stock_of(run, first)
        if not landed and not late:
            return
        pulled = await pull_all(reads)
        news = late + sum(p.news for p in pulled.values() if p is not None)
        late = 0
        if not news:
            return
        channels = [
            replace(
                i,
                remote=with_written(with_created(run, i), landed.get(i.name, {})),
                unsure_stock=moved_skus(pulled.get(i.name)),
            )
            for i in channels
            if not run.summary.channel(i.name).stopped
        ]
        state = {i.name: inputs.channel(i.name, None) for i in channels}  # links made this run
        channels = [
            replace(i, pushed=state[i.name].pushed, links=state[i.name].links) for i in channels
        ]
        options = inputs.options([i.name for i in channels])
        follow_up = stock_only(plan(run.catalog, inputs.available()[0], channels, options))
        for channel_plan in follow_up.channels.values():
            run.progress.planned(channel_plan.channel, work_units(channel_plan))
        await apply_one(run, reads, follow_up)
        first, written = follow_up, stock_actions(follow_up)


def with_created(run: RunContext, channel: ChannelInput) -> list[RemoteListing] | None:
    """The channel's listings as read, and those this run created after the read (as the
    platform answered, kept in the listing snapshot): a sale found after they were created
    must lower their stock too."""
    if channel.remote is None:
        return None
    read = {x.remote_id for x in channel.remote}
    snapshot = load_snapshot(run.store.get_value(channel.name, SNAPSHOT_KEY))
    return [*channel.remote, *(x for rid, x in snapshot.listings.items() if rid not in read)]


def written_stock_of(run: RunContext, the_plan: Plan) -> dict[str, dict[str, int]]:
    """The stock writes of `the_plan` that landed, by the state's record."""
    pushed = {
        name: {sku: row.pushed_stock for sku, row in run.store.listings_for(name).items()}
        for name in the_plan.channels
    }
    return written_stock(the_plan, pushed)
