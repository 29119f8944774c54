"""`--format csv --output DIR`: one CSV file per table, for any spreadsheet.

Numbers are written as plain numbers (rupiah as whole numbers, shares and changes as ratios),
dates as ISO dates, so that a spreadsheet reads them as numbers and dates. UTF-8 with a BOM:
Excel on Windows then shows `Rp` names and Indonesian text correctly.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from coopsync.report.model import ReportSet
from coopsync.report.tables import Cell, all_tables


def csv_value(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def write(reports: ReportSet, lang: str, folder: Path) -> list[Path]:
    """Write every table into `folder` (created); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in all_tables(reports, lang):
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(table.columns)
            writer.writerows([csv_value(c) for c in row] for row in table.rows)
        written.append(path)
    return written
