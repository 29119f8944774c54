"""One channel's part of a run, once every channel's orders and its own listings are in: plan
it, check it (safety.py), and apply it. The plan of one channel is the same as its part of a
plan of every channel at once: stock targets depend on the catalog, the orders and the
channels' rules, never on another channel's listings (the other channels take part in sharing
the last units as bystanders)."""

from __future__ import annotations

from dataclasses import dataclass

from coopsync.engine.actions import ChannelPlan, Plan
from coopsync.engine.apply import apply_plan, work_units
from coopsync.engine.listings import note_writes
from coopsync.engine.outcome import Failure
from coopsync.engine.plan import ChannelInput, plan
from coopsync.engine.run_context import RunContext
from coopsync.engine.run_inputs import PlanInputs
from coopsync.engine.run_reads import Reads
from coopsync.engine.safety import check, zero_causes


@dataclass(frozen=True)
class Planned:
    """A channel's plan and what it was made from (the settle step plans from it again)."""

    input: ChannelInput
    plan: ChannelPlan
    refused: bool


async def plan_and_apply(run: RunContext, reads: Reads, inputs: PlanInputs, name: str) -> Planned:
    read = reads.listings.get(name)
    channel = inputs.channel(name, read, reads.moved.get(name, frozenset()))
    available, counted = inputs.available()
    channel_plan = plan(run.catalog, available, [channel], inputs.options([name])).channels[name]
    _note_campaign_locks(run, channel_plan)
    run.summary.channel(name).planned = channel_plan.counts()
    options = run.options
    if options.command == "pull":
        # `pull` remembers listings it found, and changes nothing on the channels.
        channel_plan = ChannelPlan(name, adopts=channel_plan.adopts)
    causes = zero_causes(counted, available)
    refusals = [] if options.force else check(Plan({name: channel_plan}), [channel], causes)
    for refusal in refusals:
        outcome = run.summary.channel(refusal.channel)
        outcome.refused = refusal.message
        outcome.failures.append(
            Failure(
                refusal.channel,
                "plan",
                refusal.message,
                refusal.hint,
                code=refusal.code,
                params=refusal.params,
            )
        )
    if refusals or not (options.pushes or options.command == "pull"):
        return Planned(channel, channel_plan, bool(refusals))
    run.progress.planned(name, work_units(channel_plan))
    await apply_one(run, reads, Plan({name: channel_plan}))
    return Planned(channel, channel_plan, False)


async def apply_one(run: RunContext, reads: Reads, the_plan: Plan) -> None:
    """Apply `the_plan`; the listing snapshots learn which listings it changed."""
    try:
        written = await apply_plan(
            the_plan,
            run.adapters,
            run.store,
            run.clock,
            run.run_id,
            run.summary,
            on_step=run.on_step,
            progress=run.progress.advance,
            listings_read=[name for name, read in reads.listings.items() if read is not None],
        )
    finally:
        reads.forget_rows(the_plan.channels)  # what was pushed, created or adopted is new
    for name, listings in written.items():
        if reads.listings.get(name) is not None:  # not read: no snapshot to keep
            note_writes(
                run.store,
                name,
                listings.listings,
                run.clock(),
                listings.values,
                listings.answered,
            )


def _note_campaign_locks(run: RunContext, channel_plan: ChannelPlan) -> None:
    """SKUs a campaign keeps listed above the target: in the summary and the journal."""
    outcome = run.summary.channel(channel_plan.channel)
    for lock in channel_plan.campaign_locks:
        outcome.campaign_locks[lock.sku] = lock.units
        run.journal(
            lock.channel, "campaign_lock", lock.sku, str(lock.units), "ok", f"target {lock.target}"
        )
