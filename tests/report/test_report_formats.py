"""Every format, for one shop and for several: golden files, plus what each format promises.

Regenerate the golden files after an intended change with `COOPSYNC_UPDATE_GOLDEN=1 pytest
tests/report` and read the diff before committing it.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from report_factories import NOW
from report_golden_shops import many_shops, one_shop

from coopsync.report import (
    render_csv,
    render_html,
    render_json,
    render_md,
    render_table,
    render_whatsapp,
)
from coopsync.report.model import ReportSet, ShopEntry

GOLDEN = Path(__file__).parent / "golden"
TEXT_FORMATS: dict[str, tuple[Callable[[ReportSet, str], str], str]] = {
    "table": (render_table.render, "txt"),
    "json": (render_json.render, "json"),
    "md": (render_md.render, "md"),
    "html": (render_html.render, "html"),
    "whatsapp": (render_whatsapp.render, "txt"),
}
SETS = {"one": one_shop, "many": many_shops}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("COOPSYNC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with COOPSYNC_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("which", list(SETS))
@pytest.mark.parametrize("fmt", list(TEXT_FORMATS))
def test_text_formats_match_their_golden_files(fmt: str, which: str, lang: str) -> None:
    render, ext = TEXT_FORMATS[fmt]
    check_golden(f"{which}-{lang}.{fmt}.{ext}", render(SETS[which](lang), lang))


@pytest.mark.parametrize("which", list(SETS))
def test_csv_writes_one_file_per_table_matching_golden_files(which: str, tmp_path: Path) -> None:
    written = render_csv.write(SETS[which]("id"), "id", tmp_path)

    for path in written:
        check_golden(f"csv-{which}/{path.name}", path.read_text(encoding="utf-8-sig"))
    names = {p.stem for p in written}
    assert {"totals", "channels", "members", "stock", "health", "sync", "daily"} <= names
    if which == "many":
        assert {"shops", "combined"} <= names


def test_csv_numbers_are_plain_numbers(tmp_path: Path) -> None:
    render_csv.write(one_shop("en"), "en", tmp_path)
    with (tmp_path / "channels.csv").open(encoding="utf-8-sig") as source:
        rows = list(csv.reader(source))

    assert rows[0] == ["channel", "platform", "orders", "units", "net sales", "share"]
    shopee = next(row for row in rows if row[0] == "shopee")
    assert shopee[4].isdigit()  # rupiah as a whole number, no "Rp", no dots
    assert 0 < float(shopee[5]) < 1


def test_table_fits_80_columns_and_says_states_in_words() -> None:
    for reports in (one_shop("id"), many_shops("id")):
        text = render_table.render(reports, "id")
        assert max(len(line) for line in text.splitlines()) <= 80
        assert "\x1b[" not in text  # no colour codes in plain output
    text = render_table.render(one_shop("id"), "id")
    assert "habis" in text and "PENTING" in text and "Rp" in text


def test_whatsapp_is_short_lines_in_whatsapp_markup_without_tables() -> None:
    for reports in (one_shop("id"), many_shops("id")):
        text = render_whatsapp.render(reports, "id")
        assert len(text) < render_whatsapp.LIMIT
        assert "|" not in text and "─" not in text
        assert "*" in text
        assert max(len(line) for line in text.splitlines()) <= 100


def test_whatsapp_shortens_a_long_report_to_fit_the_limit() -> None:
    from dataclasses import replace

    from coopsync.report.model import Flag

    report = one_shop("id").shops[0].report
    assert report is not None
    many_flags = tuple(
        Flag("report.flag.failures", "warn", f"kanal{n}", {"count": n, "error": "x" * 200})
        for n in range(200)
    )
    long = ReportSet((ShopEntry("a.yaml", replace(report, flags=many_flags)),), NOW, "id")

    text = render_whatsapp.render(long, "id")

    assert len(text) <= render_whatsapp.LIMIT
    assert "lagi" in text  # "… dan N lagi": what was left out is said


def test_json_has_a_schema_version_and_whole_rupiah() -> None:
    document = json.loads(render_json.render(many_shops("en"), "en"))

    assert document["schema_version"] == 1
    shops = document["shops"]
    assert [s["ok"] for s in shops] == [True, True, False]
    assert shops[2]["error"].startswith("rusak.yaml:3:1")
    totals = shops[0]["report"]["totals"]
    assert isinstance(totals["current"]["net"], int)
    combined = document["combined"]["current"]["net"]
    assert combined == sum(s["report"]["totals"]["current"]["net"] for s in shops[:2])


def test_many_shops_list_one_row_each_the_unreadable_one_and_a_combined_total() -> None:
    text = render_md.render(many_shops("en"), "en")

    assert "| Koperasi Difabel Karya Mandiri |" in text
    assert "| UMKM Kue Bu Tini |" in text
    assert "rusak.yaml" in text and "could not be read" in text
    assert "| Combined |" in text


def test_html_is_self_contained() -> None:
    html = render_html.render(one_shop("id"), "id")

    assert "<svg" in html and "<style>" in html
    for external in ("http://", "https://", "src=", "<link", "@import", "url("):
        if external == "http://":
            assert html.count("http://") == html.count('xmlns="http://www.w3.org/2000/svg"')
        else:
            assert external not in html
    assert "@page { size: A4" in html
