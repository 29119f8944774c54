"""After writing stock: pull every channel's orders again, and correct the stock that orders
new to this run touched (the rule is in settle.py). Orders a channel's second pull found after
another channel planned without them count as new here too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from coopsync.engine.actions import Plan
from coopsync.engine.apply import work_units
from coopsync.engine.plan import plan
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
                remote=with_written(i.remote, landed.get(i.name, {})),
                unsure_stock=moved_skus(pulled.get(i.name)),
            )
            for i in channels
            if not run.summary.channel(i.name).stopped
        ]
        channels = [replace(i, pushed=inputs.channel(i.name, None).pushed) for i in channels]
        options = inputs.options([i.name for i in channels])
        follow_up = stock_only(plan(run.catalog, inputs.available()[0], channels, options))
        for channel_plan in follow_up.channels.values():
            run.progress.planned(channel_plan.channel, work_units(channel_plan))
        await apply_one(run, reads, follow_up)
        first, written = follow_up, stock_actions(follow_up)


def written_stock_of(run: RunContext, the_plan: Plan) -> dict[str, dict[str, int]]:
    """The stock writes of `the_plan` that landed, by the state's record."""
    pushed = {
        name: {sku: row.pushed_stock for sku, row in run.store.listings_for(name).items()}
        for name in the_plan.channels
    }
    return written_stock(the_plan, pushed)
