"""validate: sane limits on quantities and prices, images inside the shop folder and really
images, web addresses that are web addresses, enabled channels counted, unclosed quotes located."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from coopsync.loading.limits import MAX_IMAGE_BYTES

RunCli = Callable[..., Result]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64
WEBP = b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 64


def _config(tmp_path: Path, product: str, channels: str = "  wa: {platform: manual}\n") -> Path:
    config = tmp_path / "toko" / "coopsync.yaml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(
        "shop: {name: Toko Uji, language: en}\nchannels:\n"
        + channels
        + "products:\n  - title: Tas Anyaman Pandan Buatan Tangan\n"
        + product
    )
    return config


def _validate(run_cli: RunCli, config: Path) -> Result:
    return run_cli("validate", "-c", str(config))


@pytest.mark.parametrize(
    ("field", "value"),
    [("stock", 10**24), ("stock", 1_000_001), ("price", 10**24), ("price", 10_000_000_001)],
)
def test_huge_quantities_and_prices_are_refused_with_their_line(
    tmp_path: Path, run_cli: RunCli, field: str, value: int
) -> None:
    fields = {"sku": "TAS-1", "price": 25_000, "stock": 3, field: value}
    config = _config(tmp_path, "".join(f"    {k}: {v}\n" for k, v in fields.items()))
    result = _validate(run_cli, config)
    assert result.exit_code == 2
    line = 6 + list(fields).index(field)
    assert f"coopsync.yaml:{line}:" in result.stderr and f"products[0].{field}" in result.stderr
    assert "at most" in result.stderr


def test_a_huge_shelf_count_on_the_command_line_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    config = _config(tmp_path, "    sku: TAS-1\n    price: 25000\n    stock: 3\n")
    result = run_cli("stock", "count", "TAS-1", str(10**24), "--no-pull", "-c", str(config))
    assert result.exit_code == 2
    adjust = run_cli(
        "stock", "adjust", "TAS-1", f"+{10**24}", "--reason", "x", "--no-pull", "-c", str(config)
    )
    assert adjust.exit_code == 2 and "Traceback" not in adjust.output


def _with_images(tmp_path: Path, *images: str) -> Path:
    listed = ", ".join(f'"{image}"' for image in images)
    return _config(
        tmp_path, f"    sku: TAS-1\n    price: 25000\n    stock: 3\n    images: [{listed}]\n"
    )


def test_image_paths_may_not_leave_the_shop_folder(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    config = _with_images(tmp_path, "../../../../etc/passwd", "../outside.png", "/etc/hostname")
    result = _validate(run_cli, config)
    assert result.exit_code == 2
    assert result.stderr.count("outside the shop's folder") == 3


def test_an_image_must_be_an_image_by_its_content(tmp_path: Path, run_cli: RunCli) -> None:
    config = _with_images(tmp_path, "foto/a.jpg", "foto/b.png", "foto/c.webp", "foto/notes.jpg")
    folder = config.parent / "foto"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(JPEG)
    (folder / "b.png").write_bytes(PNG)
    (folder / "c.webp").write_bytes(WEBP)
    (folder / "notes.jpg").write_text("harga naik bulan depan")
    result = _validate(run_cli, config)
    assert result.exit_code == 2
    assert "notes.jpg is not a JPEG, PNG or WebP" in result.stderr
    assert "a.jpg" not in result.stderr and "b.png" not in result.stderr


def test_an_image_too_big_for_the_marketplaces_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    config = _with_images(tmp_path, "besar.png")
    (config.parent / "besar.png").write_bytes(PNG + b"\0" * MAX_IMAGE_BYTES)
    result = _validate(run_cli, config)
    assert result.exit_code == 2 and "besar.png is 5.0 MB" in result.stderr


def test_a_base_url_that_is_not_a_web_address_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    channels = "  wa: {platform: manual, base_url: not a url}\n"
    config = _config(tmp_path, "    sku: TAS-1\n    price: 25000\n    stock: 3\n", channels)
    result = _validate(run_cli, config)
    assert result.exit_code == 2
    assert "coopsync.yaml:3:" in result.stderr and "not a web address" in result.stderr


def test_validate_counts_enabled_channels_in_good_english(tmp_path: Path, run_cli: RunCli) -> None:
    channels = "  wa: {platform: manual}\n  lama: {platform: manual, enabled: false}\n"
    config = _config(tmp_path, "    sku: TAS-1\n    price: 25000\n    stock: 3\n", channels)
    result = _validate(run_cli, config)
    assert result.exit_code == 0
    assert "1 product, 1 variant, 1 channel (wa); 1 disabled (lama)" in result.stdout


def test_an_unclosed_quote_keeps_its_line_and_column(tmp_path: Path, run_cli: RunCli) -> None:
    config = _config(tmp_path, '    sku: "TAS-1\n    price: 25000\n    stock: 3\n')
    result = _validate(run_cli, config)
    assert result.exit_code == 2
    assert "coopsync.yaml:6:10" in result.stderr and "quote" in result.stderr
