"""`--format xlsx --output FILE`: one sheet per table, for the mentor's own spreadsheet.

Numbers stay numbers (a mentor sums and charts them): rupiah with a `Rp#,##0` format (the
spreadsheet shows the thousands separator of its own locale: dots in Indonesian), shares and
changes as percentages, dates as dates.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coopsync.report.model import ReportSet
from coopsync.report.tables import Change, Days, Rupiah, Share, Table, all_tables

if TYPE_CHECKING:
    from openpyxl import Workbook

RUPIAH_FORMAT = '"Rp"#,##0;-"Rp"#,##0'
PERCENT_FORMAT = "0.0%"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_NAME = 31  # Excel's limit on a sheet name


def _sheet(book: Workbook, table: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.name[:SHEET_NAME])
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(table.columns))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        values: list[object] = []
        for value in row:
            if isinstance(value, datetime):
                values.append(value.replace(tzinfo=None))  # the shop's wall-clock time
            elif isinstance(value, bool):
                values.append(str(value))
            elif isinstance(value, int | float):
                values.append(float(value) if isinstance(value, float) else int(value))
            else:
                values.append(value)
        sheet.append(values)
        excel_row = sheet.max_row
        for index, value in enumerate(row):
            cell = sheet.cell(excel_row, index + 1)
            if isinstance(value, Rupiah):
                cell.number_format = RUPIAH_FORMAT
            elif isinstance(value, Change):
                cell.number_format = CHANGE_FORMAT
            elif isinstance(value, Share):
                cell.number_format = PERCENT_FORMAT
            elif isinstance(value, Days):
                cell.number_format = "0.0"
            elif isinstance(value, datetime):
                cell.number_format = TIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            shown = len(str(value)) + (4 if isinstance(value, Rupiah) else 0)
            widths[index] = max(widths[index], min(shown, 60))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A3"


def write(reports: ReportSet, lang: str, path: Path) -> Path:
    """Write the workbook to `path` (a folder gets `coopsync-report.xlsx` inside it)."""
    from openpyxl import Workbook

    if path.is_dir():
        path = path / "coopsync-report.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for table in all_tables(reports, lang):
        _sheet(book, table)
    book.save(path)
    return path
