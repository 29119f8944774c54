"""`coopsync import FILE`: messy spreadsheets in, good rows into the catalog, bad rows listed."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import Result

from coopsync.config import load_config
from coopsync.onboarding.rows import catalog_from_rows
from coopsync.rupiah import NotRupiah, parse_rupiah

CONFIG = """\
# Toko uji coba
shop: {name: Koperasi Uji Coba, language: en}
catalog: produk.yaml   # the products live here
channels:
  whatsapp: {platform: manual, sandbox: true}
"""

CATALOG = """\
# Katalog koperasi — jangan hapus komentar ini
products:
  # produk unggulan
  - title: Kopi Arabika Gayo 250 gram
    sku: KOPI-250   # dari kebun anggota
    price: 65000
    stock: 20
"""


def _shop(root: Path, catalog: str = CATALOG) -> Path:
    (root / "coopsync.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "produk.yaml").write_text(catalog, encoding="utf-8")
    return root / "coopsync.yaml"


def _messy_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "DAFTAR PRODUK KOPERASI DIFABEL SEJAHTERA"
    sheet.merge_cells("A1:F1")  # a merged title over the header
    sheet.append([])
    sheet.append(["Nama Produk", "Ukuran", "Harga (Rp)", "Stok", "Kode", "Berat (gram)"])
    sheet.append(["Kemeja Batik Tulis Parang", "M", "Rp 285.000", 6, None, 300])
    sheet.append([None, "L", "295.000,00", 5, None, 300])  # the name merged down: a variant
    sheet.merge_cells("A4:A5")
    sheet.append([])
    sheet.append(["Tas Anyaman Pandan", None, 95000, 12, "TAS-PDN", "0,4 kg"])
    sheet.append(["Keripik Singkong", None, "murah", 10, None, 250])  # bad price
    sheet.append(["Selendang Tenun", None, "150.000", 3, "TAS-PDN", 200])  # duplicate SKU
    sheet.append(["Kopi Arabika Gayo 250 gram", None, 65000, 20, "KOPI-250", 250])  # known SKU
    book.save(path)


def test_messy_xlsx_extends_the_catalog_keeping_comments_and_lists_bad_rows(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _shop(tmp_path)
    sheet = tmp_path / "produk.xlsx"
    _messy_xlsx(sheet)
    result = run_cli("import", "-c", str(config), str(sheet))
    assert result.exit_code == 1, result.output  # rows were left out, good rows came in
    assert "produk.xlsx:row 8" in result.stderr and "murah" in result.stderr
    assert "produk.xlsx:row 9" in result.stderr and "TAS-PDN" in result.stderr
    assert "row 10" in result.stdout and "KOPI-250" in result.stdout  # skipped, a warning
    text = (tmp_path / "produk.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Katalog koperasi — jangan hapus komentar ini\n")
    assert "# produk unggulan" in text and "# dari kebun anggota" in text
    assert text.index("KOPI-250") < text.index("Kemeja Batik Tulis Parang")
    backups = list(tmp_path.glob("produk.yaml.bak-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == CATALOG

    loaded = load_config(config)
    kemeja = next(p for p in loaded.catalog if p.title == "Kemeja Batik Tulis Parang")
    assert [(v.sku, v.price, v.stock, dict(v.options)) for v in kemeja.variants] == [
        ("KMJ-BTK-M", 285_000, 6, {"Ukuran": "M"}),
        ("KMJ-BTK-L", 295_000, 5, {"Ukuran": "L"}),
    ]
    assert kemeja.weight_g == 300
    tas = next(p for p in loaded.catalog if p.title == "Tas Anyaman Pandan")
    assert tas.variants[0].sku == "TAS-PDN" and tas.weight_g == 400
    assert len(loaded.catalog) == 3


def test_csv_with_semicolons_and_english_headers(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _shop(tmp_path)
    sheet = tmp_path / "products.csv"
    sheet.write_text(
        "Product name;Colour;Price;Stock;Category;Description\n"
        "\n"
        "Tote Bag Pandan;Natural;25.000;4;Tas;Woven by hand\n"
        "Tote Bag Pandan;Merah;Rp 27.500;2;Tas;\n"
        'Kopi Robusta 250 gram;;"Rp 45,000";7;Kopi;\n',
        encoding="utf-8",
    )
    result = run_cli("import", "-c", str(config), str(sheet))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "produk.yaml").read_text(encoding="utf-8"))
    tote = next(p for p in data["products"] if p["title"] == "Tote Bag Pandan")
    assert tote["category"] == "Tas" and tote["description"] == "Woven by hand"
    assert [(v["price"], v["options"]) for v in tote["variants"]] == [
        (25_000, {"Warna": "Natural"}),
        (27_500, {"Warna": "Merah"}),
    ]
    kopi = next(p for p in data["products"] if p["title"] == "Kopi Robusta 250 gram")
    assert kopi["price"] == 45_000 and kopi["sku"] == "KOP-RBS"


def test_dry_run_changes_nothing(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    config = _shop(tmp_path)
    sheet = tmp_path / "p.csv"
    sheet.write_text("nama,harga,stok\nSabun Sereh,15000,9\n", encoding="utf-8")
    result = run_cli("import", "-c", str(config), str(sheet), "--dry-run")
    assert result.exit_code == 0 and "Sabun Sereh" in result.stdout
    assert (tmp_path / "produk.yaml").read_text(encoding="utf-8") == CATALOG
    assert not list(tmp_path.glob("*.bak-*"))


def test_a_sheet_without_header_is_refused(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    config = _shop(tmp_path)
    sheet = tmp_path / "p.csv"
    sheet.write_text("Sabun Sereh,15000,9\n", encoding="utf-8")
    result = run_cli("import", "-c", str(config), str(sheet))
    assert result.exit_code == 2 and "header" in result.stderr


def test_a_zip_bomb_is_refused_before_it_is_opened(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _shop(tmp_path)
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    result = run_cli("import", "-c", str(config), str(bomb))
    assert result.exit_code == 2 and "refused" in result.stderr


def test_import_needs_a_config(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("nama,harga,stok\nSabun,15000,9\n", encoding="utf-8")
    result = run_cli("import", "-c", str(tmp_path / "coopsync.yaml"), str(sheet))
    assert result.exit_code == 2 and "coopsync init" in result.stderr


@pytest.mark.parametrize(
    ("text", "rupiah"),
    [
        ("Rp 25.000", 25_000),
        ("25.000,00", 25_000),
        ("25,000", 25_000),
        ("Rp25.000,-", 25_000),
        ("1.250.000", 1_250_000),
        ("25rb", 25_000),
        ("2,5jt", 2_500_000),
        (25000.0, 25_000),
        ("IDR 7500", 7_500),
    ],
)
def test_prices_as_shops_write_them(text: object, rupiah: int) -> None:
    assert parse_rupiah(text) == rupiah


@pytest.mark.parametrize("text", ["25.000,50", "murah", "", 12.5, "25.00.0"])
def test_prices_that_are_not_whole_rupiah(text: object) -> None:
    with pytest.raises(NotRupiah):
        parse_rupiah(text)


def test_generated_skus_never_repeat_existing_ones() -> None:
    rows = [
        (1, ["nama", "harga", "stok", "ukuran"]),
        (2, ["Kemeja Batik", "100000", "1", "M"]),
        (3, ["Kemeja Batik", "100000", "1", "L"]),
        (4, ["Kemeja Biru Tua", "100000", "1", ""]),
    ]
    result = catalog_from_rows(rows, existing_skus=["KMJ-BTK-M"])
    skus = [v["sku"] for p in result.products for v in p.get("variants", [p])]
    assert "KMJ-BTK-M" not in skus
    assert len(set(skus)) == 3
    assert result.problems == []


def test_a_missing_or_old_spreadsheet_is_a_located_error(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _shop(tmp_path)
    missing = run_cli("import", "-c", str(config), str(tmp_path / "tidak-ada.xlsx"))
    assert missing.exit_code == 2 and "tidak-ada.xlsx" in missing.stderr
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = run_cli("import", "-c", str(config), str(old))
    assert refused.exit_code == 2 and ".xlsx" in refused.stderr
