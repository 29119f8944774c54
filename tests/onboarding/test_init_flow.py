"""`coopsync init` and the whole afternoon from an empty folder: init --yes, import, onboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from openpyxl import Workbook
from shop_files import PNG_1PX
from test_onboard import _listed_skus
from typer.testing import Result

from coopsync.config import load_config
from coopsync.platforms import all_descriptors


def test_init_yes_writes_a_valid_sandbox_shop_asking_only_for_app_credentials(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "toko-batik"
    result = run_cli("--lang", "en", "init", str(folder), "--yes")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((folder / "coopsync.yaml").read_text(encoding="utf-8"))
    assert config["shop"]["name"] == "Toko Batik"
    assert all(channel["sandbox"] is True for channel in config["channels"].values())
    loaded = load_config(folder / "coopsync.yaml")
    assert len(loaded.catalog) == 0
    env = (folder / ".env.example").read_text(encoding="utf-8")
    for descriptor in all_descriptors():
        for credential in descriptor.credentials:
            if credential.connect:  # the shop's tokens: `coopsync connect` gets them
                assert credential.env not in env
                assert credential.env not in (folder / "coopsync.yaml").read_text("utf-8")
                continue
            assert f"\n{credential.env}=\n" in env
            assert credential.where["en"] in env
    assert "coopsync connect" in env
    ignored = (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored and ".coopsync/" in ignored


def test_init_never_overwrites_a_file(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    mine = "shop: {name: Punya Saya}\nproducts: []\n"
    (tmp_path / "coopsync.yaml").write_text(mine, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    result = run_cli("--lang", "en", "init", str(tmp_path), "--yes")
    assert result.exit_code == 0
    assert (tmp_path / "coopsync.yaml").read_text(encoding="utf-8") == mine
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n"
    assert "coopsync.yaml exists" in result.stdout
    assert (tmp_path / ".env.example").exists()


def test_init_asks_and_takes_the_answers(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    from typer.testing import CliRunner

    from coopsync.cli.app import app

    answers = "Koperasi Difabel Sejahtera\nid\nmanual\n"
    result = CliRunner().invoke(app, ["init", str(tmp_path)], input=answers)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "coopsync.yaml").read_text(encoding="utf-8"))
    assert config["shop"] == {
        "name": "Koperasi Difabel Sejahtera",
        "language": "id",
        "timezone": "Asia/Jakarta",
    }
    assert list(config["channels"]) == ["whatsapp"]
    bad = CliRunner().invoke(app, ["init", str(tmp_path / "x"), "--yes", "--channels", "ebay"])
    assert bad.exit_code == 2 and "ebay" in bad.stderr


# A category id of each sandbox marketplace's tree (a person picks these for a real shop).
CATEGORY = {"shopee": "100017", "lazada": "10002019", "tiktok": "600001"}


def test_from_an_empty_folder_to_listings_on_every_sandbox_channel(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    assert run_cli("--lang", "en", "init", str(tmp_path), "--yes").exit_code == 0
    config = tmp_path / "coopsync.yaml"
    channels = list(load_config(config).channels)
    (tmp_path / "foto.png").write_bytes(PNG_1PX)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Daftar produk"])
    sheet.append(
        ["Nama", "Ukuran", "Harga", "Stok", "Berat", "Panjang", "Lebar", "Tinggi", "Foto",
         "Merek", "Deskripsi", *(f"kategori {c}" for c in channels)]
    )  # fmt: skip
    rows = [
        ("Kemeja Batik Tulis Parang Lengan Panjang", "M", "Rp 285.000", 6),
        ("Kemeja Batik Tulis Parang Lengan Panjang", "L", "Rp 295.000", 4),
        ("Tas Anyaman Pandan Motif Kawung Handmade", "", "95.000,00", 12),
    ]
    for title, size, price, stock in rows:
        sheet.append(
            [title, size, price, stock, 300, 30, 20, 5, "foto.png", "No Brand",
             "Buatan anggota koperasi difabel.", *(CATEGORY.get(c, "") for c in channels)]
        )  # fmt: skip
    book.save(tmp_path / "produk.xlsx")
    imported = run_cli("import", "-c", str(config), str(tmp_path / "produk.xlsx"))
    assert imported.exit_code == 0, imported.output
    onboarded = run_cli("onboard", "-c", str(config))
    assert onboarded.exit_code == 0, onboarded.output
    skus = set(load_config(config).catalog.skus())
    assert len(skus) == 3
    for channel in channels:
        listed = _listed_skus(config, channel)
        assert all(listed[sku] == 1 for sku in skus), (channel, listed)
        assert f"{channel}: 3 of 3 SKUs listed" in onboarded.stdout
    assert onboarded.stdout.count("https://") >= 2 * (len(channels) - 1)
