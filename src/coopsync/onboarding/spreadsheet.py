"""Reading a spreadsheet into rows of cells: CSV (comma, semicolon or tab) or XLSX.

Effects at the edge, with limits: a file larger than MAX_FILE_BYTES is refused; an XLSX (a zip
archive) whose parts would unpack to more than MAX_UNPACKED_BYTES, or unpack more than
MAX_RATIO times their packed size, is refused before openpyxl opens it (a zip bomb); openpyxl
reads in read-only mode; at most MAX_ROWS rows and MAX_COLUMNS columns are read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from coopsync.loading.limits import too_big

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 60

Rows = list[tuple[int, Sequence[object]]]


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; `code` is a message code with `params`."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _size(path: Path) -> None:
    if not path.is_file():
        raise SheetError("import.unreadable", file=str(path), why="no such file")
    if too_big(path, MAX_FILE_BYTES):  # the shared check importers make before reading
        raise SheetError("import.too_big", file=str(path), mb=MAX_FILE_BYTES // (1024 * 1024))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    best, best_score = ",", -1
    for candidate in (",", ";", "\t"):
        counts = [line.count(candidate) for line in lines]
        score = max(counts, default=0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv(path: Path) -> Rows:
    """Rows of a CSV file, numbered as a spreadsheet program shows them."""
    _size(path)
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows: Rows = []
    for cells in reader:
        if len(rows) >= MAX_ROWS:
            raise SheetError("import.too_many_rows", file=str(path), rows=MAX_ROWS)
        rows.append((reader.line_num, cells[:MAX_COLUMNS]))
    return rows


def check_zip(path: Path) -> None:
    """Refuse an XLSX that is not a zip, or would unpack to too much (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for member in archive.infolist():
                total += member.file_size
                packed = max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and member.file_size / packed > MAX_RATIO:
                    raise SheetError("import.zip_bomb", file=str(path))
                if total > MAX_UNPACKED_BYTES:
                    raise SheetError("import.zip_bomb", file=str(path))
    except zipfile.BadZipFile:
        raise SheetError("import.not_xlsx", file=str(path)) from None


def read_xlsx(path: Path) -> Rows:
    """Rows of the first sheet of an XLSX file (values, not formulas), read-only."""
    _size(path)
    check_zip(path)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetError("import.not_xlsx", file=str(path), why=str(exc)) from None
    try:
        sheet = workbook.worksheets[0]
        rows: Rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise SheetError("import.too_many_rows", file=str(path), rows=MAX_ROWS)
            rows.append((number, list(values[:MAX_COLUMNS])))
        return rows
    finally:
        workbook.close()


def read_sheet(path: Path) -> Rows:
    """Rows of a .csv, .txt (tab or comma separated) or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(path)
    if suffix == ".xls":
        raise SheetError("import.old_xls", file=str(path))
    raise SheetError("import.unknown_type", file=str(path))
