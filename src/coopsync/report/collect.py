"""Many shops at once: read each config, build each report, keep going past a shop that fails.

This is the edge that loads configs and opens state files; `build_report` stays pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coopsync.errors import ConfigError, CoopsyncError
from coopsync.loading.problems import ConfigInvalid
from coopsync.report.build import build_report
from coopsync.report.model import ReportSet, ShopEntry, ShopReport
from coopsync.report.period import PeriodError, resolve_period

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig

# How a shop's config is read (the fleet reads each with the shop's own environment).
Loader = Callable[[Path], "LoadedConfig"]


@dataclass(frozen=True)
class PeriodChoice:
    """The period as the user wrote it; each shop reads it in its own timezone."""

    period: str | None = None
    since: str | None = None
    until: str | None = None


def config_files(paths: Sequence[Path]) -> list[Path]:
    """The config files named, a folder standing for every `*.yaml`/`*.yml` under it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*.y*ml")
                    if p.suffix in (".yaml", ".yml") and _looks_like_config(p)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _looks_like_config(path: Path) -> bool:
    """A catalog file or a sandbox file under a shop folder is not a shop of its own."""
    if any(part.startswith(".") for part in path.parts[:-1]):
        return False
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        return True  # reported as unreadable by the loader
    return any(line.startswith("shop:") for line in head.splitlines())


def shop_report(
    path: Path, choice: PeriodChoice, now: datetime, lang: str, load: Loader | None = None
) -> ShopReport:
    """One shop's report (raises what loading the config or the period raises)."""
    from coopsync.config import load_config
    from coopsync.report.gather import gather

    loaded = load(path) if load is not None else load_config(path, check_images=False)
    zone = loaded.config.shop.timezone
    try:
        period = resolve_period(
            now, zone, period=choice.period, since=choice.since, until=choice.until
        )
    except PeriodError as exc:
        raise ConfigError(str(exc)) from None
    return build_report(gather(loaded, period, now, lang), period)


def collect(
    paths: Sequence[Path],
    choice: PeriodChoice,
    now: datetime,
    lang: str,
    *,
    load: Loader | None = None,
) -> ReportSet:
    """Every shop's report; a shop that cannot be read is kept with its error when there are
    several (with one shop, the error is raised: it is the whole answer). `load` reads a
    config (default: `load_config` with the process's environment)."""
    files = config_files(paths)
    if len(files) == 1:
        return ReportSet(
            (ShopEntry(str(files[0]), shop_report(files[0], choice, now, lang, load)),), now, lang
        )
    entries = []
    for path in files:
        try:
            entries.append(ShopEntry(str(path), shop_report(path, choice, now, lang, load)))
        except ConfigInvalid as exc:
            first = exc.render(lang)[:1]
            entries.append(ShopEntry(str(path), None, "; ".join([exc.message, *first])))
        except CoopsyncError as exc:
            entries.append(ShopEntry(str(path), None, _first_line(str(exc))))
        except Exception as exc:  # a broken state file must not hide the other shops
            entries.append(ShopEntry(str(path), None, f"{type(exc).__name__}: {exc}"))
    return ReportSet(tuple(entries), now, lang)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
