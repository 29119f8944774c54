"""The tables of `coopsync status`: the last runs, each channel's health and its listing reads,
in the shop's time zone and language (the words are render.py's)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.markup import escape
from rich.table import Table

from coopsync.cli.render import words_for
from coopsync.state.records import ChannelHealth, RunRecord


def local(moment: datetime | None, timezone: str) -> str:
    """A time as the shop reads it (WIB by default)."""
    if moment is None:
        return "-"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def status_tables(
    runs: list[RunRecord],
    health: dict[str, ChannelHealth],
    channel_names: list[str],
    zone: str,
    lang: str = "en",
) -> tuple[Table, Table]:
    """The last runs, and each channel's health, in the shop's time zone and language."""
    words = words_for(lang)
    runs_table = Table(title=words["last_runs"], title_justify="left")
    for column in words["run_columns"].split("|"):
        runs_table.add_column(column)
    for run in runs:
        took = (
            f"{(run.finished_at - run.started_at).total_seconds():.0f}s" if run.finished_at else "-"
        )
        changes, failures = _run_counts(run.summary)
        state = run.status or (words["running"] if run.finished_at is None else "?")
        style = {"ok": "green", "failures": "yellow"}.get(state, "red")
        state = words["interrupted"] if state == "interrupted" else state
        runs_table.add_row(
            str(run.run_id),
            run.command,
            local(run.started_at, zone),
            took,
            f"[{style}]{state}[/{style}]",
            str(changes),
            str(failures),
        )
    channels_table = Table(title=words["channels"], title_justify="left")
    for column in words["channel_columns"].split("|"):
        channels_table.add_column(column)
    for name in channel_names:
        entry = health.get(name)
        if entry is None:
            channels_table.add_row(name, f"[dim]{words['no_run']}[/dim]", "-", "-", "")
            continue
        channels_table.add_row(
            name,
            f"[green]{words['healthy']}[/green]"
            if entry.healthy
            else f"[red]{words['failing']}[/red]",
            local(entry.last_success_at, zone),
            local(entry.last_failure_at, zone),
            escape(entry.last_error or ""),
        )
    return runs_table, channels_table


def listing_reads_table(
    cursors: Mapping[str, tuple[datetime | None, datetime | None]],
    zone: str,
    lang: str = "en",
) -> Table:
    """Per channel: the platform update time its listing reads reached, and the last full
    read (every sync reads only what changed since the first; the second comes once a day)."""
    words = words_for(lang)
    table = Table(title=words["listing_reads"], title_justify="left")
    for column in words["listing_columns"].split("|"):
        table.add_column(column)
    for name, (changed_up_to, full) in cursors.items():
        table.add_row(name, local(changed_up_to, zone), local(full, zone))
    return table


def _run_counts(summary: Mapping[str, object]) -> tuple[int, int]:
    """Changes and failures recorded in a run's summary."""
    changes = failures = 0
    channels = summary.get("channels", {})
    if isinstance(channels, dict):
        for outcome in channels.values():
            if isinstance(outcome, dict):
                changes += sum(
                    int(outcome.get(k, 0) or 0)
                    for k in ("created", "adopted", "updated", "stock_set", "prices_set")
                )
                failures += len(outcome.get("failures", []) or [])
    return changes, failures
