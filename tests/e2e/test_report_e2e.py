"""`coopsync report` on sandbox shops after a real sync: every section, every format, many shops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from e2e_shop import PNG_1PX
from typer.testing import CliRunner

from coopsync.cli.app import app

CONFIG = """\
shop: {{name: {name}, timezone: Asia/Jakarta, language: {lang}}}
state_dir: .coopsync
report: {{low_stock: 4}}
channels:
  shopee: {{platform: shopee, sandbox: true}}
  wa: {{platform: manual, sandbox: true}}
products:
  - title: Tas Anyaman Pandan Buatan Tangan Motif Kawung
    description: Dianyam oleh pengrajin difabel dari daun pandan pilihan.
    maker: Mbak Wulan
    sku: TAS-1
    price: 95000
    stock: 40
    images: [tas.png]
    weight_g: 300
    dimensions: {{length_cm: 30, width_cm: 20, height_cm: 5}}
    channels:
      shopee: {{category_id: "100018"}}
  - title: Syal Batik Sutra Motif Truntum Pewarna Alami
    maker: Bu Ani
    sku: SYL-1
    price: 225000
    stock: 2
    images: [tas.png]
    weight_g: 100
    dimensions: {{length_cm: 20, width_cm: 15, height_cm: 3}}
    channels:
      shopee: {{category_id: "100018"}}
"""


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_shop(root: Path, name: str, lang: str = "en") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tas.png").write_bytes(PNG_1PX)
    path = root / "coopsync.yaml"
    path.write_text(CONFIG.format(name=name, lang=lang))
    return path


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two synced sandbox shops under one folder."""
    root = tmp_path_factory.mktemp("mentor")
    first = write_shop(root / "toko-a", "Toko Tas Pandan")
    second = write_shop(root / "toko-b", "Koperasi Syal Batik", lang="id")
    for config in (first, second):
        code, out, err = cli("sync", "-c", str(config))
        assert code == 0, out + err
    return first, second


def test_report_after_a_sync_shows_every_section_in_rupiah(shops: tuple[Path, Path]) -> None:
    code, out, _ = cli("report", "-c", str(shops[0]))

    assert code == 0, out
    for title in (
        "Sales report: Toko Tas Pandan",
        "Totals",
        "Per channel",
        "Top 5 products by units",
        "Top 5 variants by net sales",
        "Daily sales",
        "Per member (maker)",
        "Low and out of stock",
        "Needs attention",
        "Last sync per channel",
    ):
        assert title in out, title
    assert "Rp" in out and "Mbak Wulan" in out and "Bu Ani" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_report_speaks_the_shops_language_or_lang(shops: tuple[Path, Path]) -> None:
    assert "Laporan penjualan" in cli("report", "-c", str(shops[1]))[1]
    assert "Sales report" in cli("report", "-c", str(shops[1]), "--lang", "en")[1]


@pytest.mark.parametrize("fmt", ["json", "md", "html", "whatsapp", "table"])
def test_text_formats_for_one_shop_and_two(fmt: str, shops: tuple[Path, Path]) -> None:
    one = cli("report", "-c", str(shops[0]), "--format", fmt, "--period", "30d")
    two = cli("report", "-c", str(shops[0]), "-c", str(shops[1]), "--format", fmt)

    assert one[0] == 0 and two[0] == 0, one[2] + two[2]
    assert "Toko Tas Pandan" in one[1]
    assert "Toko Tas Pandan" in two[1] and "Koperasi Syal Batik" in two[1]
    if fmt == "json":
        assert json.loads(two[1])["schema_version"] == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_file_formats_write_into_output(fmt: str, shops: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / ("out" if fmt == "csv" else f"laporan.{fmt}")

    code, _, err = cli(
        "report", "-c", str(shops[0]), "-c", str(shops[1]), "-f", fmt, "-o", str(target)
    )

    assert code == 0, err
    if fmt == "csv":
        assert (target / "shops.csv").exists() and (target / "channels.csv").exists()
    else:
        assert target.stat().st_size > 1000


def test_a_folder_stands_for_every_shop_in_it(shops: tuple[Path, Path]) -> None:
    code, out, _ = cli("report", "-c", str(shops[0].parent.parent), "-f", "md")

    assert code == 0
    assert "Toko Tas Pandan" in out and "Koperasi Syal Batik" in out


def test_an_unreadable_shop_is_reported_while_the_others_still_are(
    shops: tuple[Path, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(
        "shop: {name: Rusak}\nproducts:\n  - title: X\n    sku: A\n    price: 25.000\n"
    )

    code, out, _ = cli("report", "-c", str(shops[0]), "-c", str(broken), "--lang", "en")

    assert code == 1
    assert "Toko Tas Pandan" in out
    assert "rusak.yaml" in out and "could not be read" in out


def test_one_unreadable_shop_is_a_located_error(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(
        "shop: {name: Rusak}\nproducts:\n  - title: X\n    sku: A\n    price: 25.000\n"
    )

    code, _, err = cli("--lang", "en", "report", "-c", str(broken))

    assert code == 2
    assert "rusak.yaml:5" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "week"], "choose one of"),
        (["--since", "1/11/2026"], "YYYY-MM-DD"),
        (["--format", "csv"], "--output"),
    ],
)
def test_bad_options_exit_2_saying_what_to_write(
    args: list[str], says: str, shops: tuple[Path, Path]
) -> None:
    code, _, err = cli("--lang", "en", "report", "-c", str(shops[0]), *args)

    assert code == 2
    assert says in err


def test_a_shop_never_synced_gets_a_report_that_says_so(tmp_path: Path) -> None:
    config = write_shop(tmp_path, "Toko Baru")

    code, out, _ = cli("report", "-c", str(config))

    assert code == 0
    assert "never synced successfully" in out
    assert not (tmp_path / ".coopsync" / "state.sqlite").exists()  # a report writes nothing


def test_report_has_help_with_an_example() -> None:
    code, out, _ = cli("report", "--help")

    assert code == 0 and "Example:" in out


def test_watch_refreshes_the_table_until_ctrl_c(
    shops: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", nap)

    code, out, _ = cli("report", "-c", str(shops[0]), "--watch", "--interval", "5")

    assert code == 0
    assert naps == [5.0, 5.0]  # refreshed once, then stopped by Ctrl+C
    assert "Toko Tas Pandan" in out and "Ctrl+C" in out


def test_watch_is_for_the_table_only(shops: tuple[Path, Path]) -> None:
    code, _, err = cli("--lang", "en", "report", "-c", str(shops[0]), "--watch", "-f", "json")

    assert code == 2 and "--watch" in err
