"""What a run is asked to do (`RunOptions`), what it reports while it works (`Progress`) and
what it hands back (`RunResult`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coopsync.engine.actions import Plan
from coopsync.engine.outcome import RunSummary


@dataclass(frozen=True)
class RunOptions:
    """What kind of run, and the user's choices."""

    command: str = "sync"  # sync | push | pull | plan
    dry_run: bool = False
    force: bool = False
    keep_drift: bool = False
    since: datetime | None = None  # first order pull starts here instead of 30 days ago
    full: bool = False  # read every listing, not only those changed since the last read
    record_as: str | None = None  # the run's name in `status` (`stock count` pulls as `pull`)

    @property
    def run_name(self) -> str:
        """What `status` calls this run: `sync`, `push --dry-run`, `stock count`..."""
        name = self.record_as or self.command
        return f"{name} --dry-run" if self.dry_run else name

    @property
    def writes_state(self) -> bool:
        return self.command != "plan"

    @property
    def pulls_orders(self) -> bool:
        return self.command in ("sync", "pull", "push")

    @property
    def pushes(self) -> bool:
        return self.command in ("sync", "push") and not self.dry_run

    @property
    def saves_reads(self) -> bool:
        """Listing snapshots and cursors move (a plan or a dry run reads and saves nothing)."""
        return self.writes_state and not self.dry_run


class Progress:
    """Progress of the apply step; the CLI's rich bar subclasses it. Does nothing by default."""

    def planned(self, channel: str, units: int) -> None:
        """`units` results will be journalled on `channel`."""

    def advance(self, channel: str, units: int) -> None:
        """`units` more results landed on `channel`."""


@dataclass
class RunResult:
    """The summary and the plan (None when the run stopped before planning)."""

    summary: RunSummary
    plan: Plan | None = None
