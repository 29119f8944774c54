"""`coopsync validate` as a student meets it: every problem in one pass, hints that work."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

Run = Callable[..., Result]

SHOP = {
    "shop": {"name": "Toko Uji", "language": "en"},
    "channels": {
        "shopee": {"platform": "shopee", "sandbox": True},
        "tiktok": {"platform": "tiktok", "sandbox": True},
        "lazada": {"platform": "lazada", "sandbox": True},
        "whatsapp": {"platform": "manual", "sandbox": True},
    },
}

TITLE_OK = "Kemeja Batik Tulis Parang Lengan Panjang"


def product(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": TITLE_OK,
        "images": ["https://img.example/k.jpg"],
        "weight_g": 300,
        "dimensions": {"length_cm": 30, "width_cm": 25, "height_cm": 4},
        "sku": "KMJ-1",
        "price": 250000,
        "stock": 3,
        "channels": {
            "shopee": {"category_id": "100017"},
            "tiktok": {"category_id": "601226"},
            "lazada": {"category_id": "10100"},
        },
    }
    item.update(fields)
    return {k: v for k, v in item.items() if v is not None}


def write(folder: Path, products: list[dict[str, Any]]) -> Path:
    path = folder / "coopsync.yaml"
    path.write_text(yaml.safe_dump({**SHOP, "products": products}, sort_keys=False), "utf-8")
    return path


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if re.search(r"coopsync.yaml:\d", line)]


def test_a_missing_image_does_not_hide_the_listing_rule_errors(
    run_cli: Run, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        [
            product(images=["foto/kemeja.jpg"]),
            product(sku="TAS-1", title="Tas Anyaman", dimensions=None),
        ],
    )
    result = run_cli("validate", "-c", str(path))
    assert result.exit_code == 2
    found = "\n".join(errors(result))
    assert "image file not found: foto/kemeja.jpg" in found
    assert "title is 11 characters, TikTok Shop needs" in found
    assert "title is 11 characters, Shopee needs" in found
    assert "Lazada needs the parcel size `dimensions`" in found
    # Creating the image leaves exactly the rule errors: nothing new appears in a second round.
    (tmp_path / "foto").mkdir()
    (tmp_path / "foto" / "kemeja.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    second = run_cli("validate", "-c", str(path))
    assert set(errors(second)) <= set(errors(result))
    assert len(errors(second)) == len(errors(result)) - 1


def test_a_broken_channel_does_not_hide_the_other_channels_rules(
    run_cli: Run, tmp_path: Path
) -> None:
    path = write(tmp_path, [product(title="Tas Anyaman")])
    text = path.read_text("utf-8").replace("platform: manual", "platform: manual\n    colour: red")
    path.write_text(text, "utf-8")
    result = run_cli("validate", "-c", str(path))
    found = "\n".join(errors(result))
    assert "colour" in found
    assert "TikTok Shop needs 25" in found


def test_the_lazada_error_points_at_the_products_lazada_line(run_cli: Run, tmp_path: Path) -> None:
    item = product(channels={"shopee": {"category_id": "1"}, "lazada": {"brand": "Karya"}})
    item.pop("dimensions")
    path = write(tmp_path, [item])
    result = run_cli("validate", "-c", str(path))
    lines = path.read_text("utf-8").splitlines()
    [category] = [e for e in errors(result) if "Lazada needs `category_id`" in e]
    line = int(re.search(r"coopsync.yaml:(\d+):", category).group(1))  # type: ignore[union-attr]
    assert lines[line - 1].strip().startswith("lazada:")


def _merge_list_entry(item: dict[str, Any], channel: str, fields: dict[str, Any]) -> None:
    """Write `fields` into the list entry of `channel` (`- tiktok` becomes `- tiktok: {...}`)."""
    entries: list[Any] = item["channels"]
    for position, entry in enumerate(entries):
        if entry == channel:
            entries[position] = {channel: dict(fields)}
            return
        if isinstance(entry, dict) and channel in entry:
            entry[channel].update(fields)
            return
    raise AssertionError(f"{channel} is not in the list")


def _apply(item: dict[str, Any], hint: str, channel: str) -> None:
    """Do what a hint says, as a student would (the hint's own YAML, parsed)."""
    if "channels:` list as" in hint:
        snippet = yaml.safe_load(re.search(r"as `(- [^`]+)`", hint).group(1).replace("...", "1"))  # type: ignore[union-attr]
        _merge_list_entry(item, channel, snippet[0][channel])
    elif "add `channels:" in hint:
        text = re.search(r"add `(channels: [^`]+)`", hint).group(1).replace("...", "1")  # type: ignore[union-attr]
        for name, fields in yaml.safe_load(text)["channels"].items():
            item.setdefault("channels", {}).setdefault(name, {}).update(fields)
    elif "or set `" in hint:  # a longer title for this channel
        override = re.search(r"or set `([^`]+)`", hint).group(1)  # type: ignore[union-attr]
        title = "Judul Khusus Kanal Ini Cukup Panjang"
        if override.startswith("- "):
            _merge_list_entry(item, channel, {"title": title})
        else:
            item.setdefault("channels", {}).setdefault(channel, {})["title"] = title
    elif "to this product" in hint:
        snippet = yaml.safe_load(re.search(r"add `([^`]+)`", hint).group(1))  # type: ignore[union-attr]
        item.update(snippet)
    else:  # pragma: no cover - a hint this test cannot apply must be taught here
        raise AssertionError(f"unknown hint: {hint}")


@pytest.mark.parametrize(
    "item",
    [
        product(weight_g=None, dimensions=None, channels={}),
        product(weight_g=None, channels=["shopee", "lazada", "whatsapp"]),
        product(channels=["tiktok"], dimensions=None),
        product(title="Tas Anyaman", channels=["tiktok", "whatsapp"]),
        product(title="Tas Anyaman", channels={"shopee": {"category_id": "1"}}),
    ],
    ids=["dict-form", "list-form", "list-form-tiktok", "short-title-list", "short-title-dict"],
)
def test_every_hint_is_a_change_validate_then_accepts(
    run_cli: Run, tmp_path: Path, item: dict[str, Any]
) -> None:
    for _ in range(6):
        result = run_cli("validate", "-c", str(write(tmp_path, [item])))
        if result.exit_code == 0:
            break
        assert "unknown key" not in result.stderr
        for error in errors(result):
            channel = re.search(r"on channel (\w+)", error).group(1)  # type: ignore[union-attr]
            _apply(item, error.split(" — ", 1)[1], channel)
    assert result.exit_code == 0, result.stderr


def test_a_list_form_product_carries_a_category_id(run_cli: Run, tmp_path: Path) -> None:
    item = product(channels=[{"shopee": {"category_id": "100017"}}, "whatsapp"])
    path = write(tmp_path, [item])
    result = run_cli("validate", "-c", str(path))
    assert result.exit_code == 0, result.stderr

    from coopsync.config import load_config

    [loaded] = load_config(path).catalog
    assert loaded.only_channels == ["shopee", "whatsapp"]
    assert loaded.channels["shopee"].category_id == "100017"
    assert not loaded.listed_on("tiktok")


def test_a_list_form_override_error_points_inside_the_list(run_cli: Run, tmp_path: Path) -> None:
    item = product(channels=["whatsapp", {"shopee": {"category_id": "1", "prise": 5}}])
    path = write(tmp_path, [item])
    result = run_cli("validate", "-c", str(path))
    [error] = errors(result)
    assert "prise" in error and "price" in error
    line = int(re.search(r"coopsync.yaml:(\d+):", error).group(1))  # type: ignore[union-attr]
    assert "prise" in path.read_text("utf-8").splitlines()[line - 1]


def test_unknown_language_is_said_plainly(run_cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path, [product()])
    result = run_cli("--lang", "xx", "validate", "-c", str(path), env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 2
    assert "Value error" not in result.output
    assert "`xx` is not a language coopsync speaks" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"- shop\n- channels\n", "the file is a list"),
        (b"just some words", "holds no `key: value` settings"),
    ],
)
def test_a_file_that_is_no_config_is_named_as_such(
    run_cli: Run, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_bytes(content)
    result = run_cli("--lang", "en", "validate", "-c", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "indent the entries" not in result.stderr


def _readme_block(repo_root: Path, marker: str) -> str:
    """The fenced block of README.md that contains `marker`."""
    text = (repo_root / "README.md").read_text("utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    [block] = [b for b in blocks if marker in b]
    return block


def test_going_live_by_the_readmes_env_needs_no_access_token(
    run_cli: Run, tmp_path: Path, repo_root: Path, example_config: Path
) -> None:
    config = tmp_path / "coopsync.yaml"
    text = example_config.read_text("utf-8")
    config.write_text(text.replace("sandbox: true", "sandbox: false", 1), "utf-8")
    dotenv = _readme_block(repo_root, "# .env beside coopsync.yaml")
    (tmp_path / ".env").write_text(dotenv + "SHOPEE_ACCESS_TOKEN=\n", "utf-8")
    clean = {f"SHOPEE_{name}": None for name in ("PARTNER_ID", "PARTNER_KEY", "SHOP_ID")}
    clean |= {"SHOPEE_REFRESH_TOKEN": None, "SHOPEE_ACCESS_TOKEN": None}
    result = run_cli("--lang", "en", "validate", "-c", str(config), env=clean)
    assert result.exit_code == 0, result.output
    # A required one left empty is still named, with its channel.
    (tmp_path / ".env").write_text(dotenv.replace("SHOPEE_REFRESH_TOKEN=...", ""), "utf-8")
    missing = run_cli("--lang", "en", "validate", "-c", str(config), env=clean)
    assert missing.exit_code == 2
    assert "SHOPEE_REFRESH_TOKEN" in missing.stderr and "shopee" in missing.stderr


def test_docs_refer_to_no_design_notes_the_repository_lacks(repo_root: Path) -> None:
    for doc in [repo_root / "README.md", *sorted((repo_root / "docs").glob("*.md"))]:
        text = doc.read_text("utf-8")
        if "design.md" in text:
            assert (repo_root / "docs" / "design.md").exists(), doc
