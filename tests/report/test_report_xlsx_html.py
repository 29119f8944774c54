"""The XLSX read back with openpyxl, and the HTML rendered by a real browser (headless Chromium)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest
from report_golden_shops import many_shops, one_shop

from coopsync.report import render_html, render_xlsx


def test_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = render_xlsx.write(one_shop("id"), "id", tmp_path / "laporan.xlsx")
    book = load_workbook(path)

    assert {"totals", "channels", "members", "stock", "health", "sync", "daily"} <= set(
        book.sheetnames
    )
    channels = book["channels"]
    assert channels["A1"].value == "Per kanal"
    assert [c.value for c in channels[2]] == [
        "kanal",
        "platform",
        "pesanan",
        "unit",
        "omzet bersih",
        "porsi",
    ]
    shopee = next(row for row in channels.iter_rows(min_row=3) if row[0].value == "shopee")
    assert shopee[4].value == 3_135_000 and isinstance(shopee[4].value, int)
    assert shopee[4].number_format == render_xlsx.RUPIAH_FORMAT
    assert isinstance(shopee[5].value, float) and shopee[5].number_format == "0.0%"
    daily = book["daily"]
    first_day = daily["A3"].value
    assert first_day.date() == date(2026, 12, 1)


def test_xlsx_of_many_shops_has_the_shops_sheet_and_a_shop_column(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(render_xlsx.write(many_shops("en"), "en", tmp_path))

    shops = [row[0].value for row in book["shops"].iter_rows(min_row=3)]
    assert shops == ["Koperasi Difabel Karya Mandiri", "UMKM Kue Bu Tini", "rusak.yaml", "Combined"]
    assert book["channels"]["A2"].value == "shop"
    assert {row[0].value for row in book["channels"].iter_rows(min_row=3)} == {
        "Koperasi Difabel Karya Mandiri",
        "UMKM Kue Bu Tini",
    }


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_pixels(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixels of an 8-bit RGB/RGBA PNG (enough for a screenshot)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), "an 8-bit RGB(A) screenshot"
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size + 1
    pixels: set[bytes] = set()
    previous = bytearray(width * size)
    for y in range(height):
        line = raw[y * stride : (y + 1) * stride]
        kind, row = line[0], bytearray(line[1:])
        for i in range(len(row)):
            left = row[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                row[i] = (row[i] + pred) & 0xFF
        previous = row
        if y % 4 == 0:  # a sample of rows is plenty to tell a page from a blank
            pixels.update(bytes(row[x : x + 3]) for x in range(0, len(row), size * 4))
    return width, height, pixels


def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip(
            "Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it "
            "where apt-get exists): the HTML report cannot be screenshotted here"
        )
    page = tmp_path / "laporan.html"
    page.write_text(render_html.render(one_shop("id"), "id"), encoding="utf-8")
    shot = tmp_path / "shot.png"

    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=900,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )

    assert shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (900, 1400)
    assert len(pixels) > 20, "the screenshot is blank: the page did not render"
    brown = {p for p in pixels if p[0] > p[2] + 40 and p[0] < 200}  # the chart's bars, #7a4a1e
    assert brown, "no chart bar in the screenshot"
