"""A loaded config does not hold the catalog's YAML tree (where every value is written: tens of
MB at 10,000 SKUs, kept a whole sync for nothing); a message that needs a line reads the file
again, and a file changed since it was loaded gives no line rather than a wrong one."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml

import coopsync
from coopsync.config import load_config
from coopsync.loading.problems import ConfigInvalid, Problem
from coopsync.loading.yamltree import YamlDoc, read_yaml

CONFIG = """\
shop: {name: Koperasi Uji}
catalog: products.yaml
channels:
  toko:
    platform: tiktok
    sandbox: true
"""
CATALOG = """\
products:
  - id: kemeja
    title: Kemeja Batik Tulis Parang Lengan Panjang
    images: [https://img.example/k.jpg]
    sku: KMJ-1
    price: 250000
    stock: 3
    channels: {toko: {category_id: "601226"}}
  - id: tas
    title: Tas Pandan
    images: [https://img.example/t.jpg]
    sku: TAS-1
    price: 50000
    stock: 4
    channels: {toko: {category_id: "601226"}}
"""
SHORT_TITLE_LINE = 10  # "title: Tas Pandan": too short for TikTok (25 characters at least)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "products.yaml").write_text(CATALOG)
    path = tmp_path / "coopsync.yaml"
    path.write_text(CONFIG)
    return path


def reachable(root: object, limit: int = 200_000) -> list[object]:
    """Every object reachable from `root` (bounded), through the garbage collector's view."""
    seen: dict[int, object] = {}
    todo = [root]
    while todo and len(seen) < limit:
        item = todo.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen[id(item)] = item
        todo.extend(gc.get_referents(item))
    return list(seen.values())


def short_title(problems: list[Problem]) -> Problem:
    [found] = [p for p in problems if p.code == "rule_title_short"]
    return found


def test_a_loaded_config_holds_no_yaml_tree(config: Path) -> None:
    loaded = load_config(config)
    assert not [o for o in reachable(loaded) if isinstance(o, YamlDoc)]
    assert isinstance(load_config(config, keep_marks=True).kept_doc, YamlDoc)  # validate's


def test_a_rule_problem_still_names_file_and_line(config: Path) -> None:
    problem = short_title(coopsync.Shop.open(config).validate())
    assert (Path(problem.file).name, problem.line) == ("products.yaml", SHORT_TITLE_LINE)
    assert problem.scope is not None and problem.scope.get("sku") == "TAS-1"


def test_an_inline_catalog_is_located_in_the_config(tmp_path: Path) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_text(CONFIG.replace("catalog: products.yaml\n", "") + CATALOG)
    problem = short_title(coopsync.Shop.open(path).validate())
    assert Path(problem.file).name == "coopsync.yaml"
    assert problem.line == SHORT_TITLE_LINE + CONFIG.count("\n") - 1


def test_a_catalog_changed_since_loading_gives_no_wrong_line(config: Path) -> None:
    shop = coopsync.Shop.open(config)
    (config.parent / "products.yaml").write_text("# moved down\n\n" + CATALOG)
    problem = short_title(shop.validate())
    assert problem.line is None
    assert problem.scope is not None and problem.scope.get("sku") == "TAS-1"


def test_marks_are_read_only_when_asked_and_then_exact(config: Path) -> None:
    doc = read_yaml(config.parent / "products.yaml", {})
    assert doc.data["products"][1]["title"] == "Tas Pandan"
    assert not doc.key_marks and not doc.value_marks  # a clean file: no marks recorded
    mark = doc.mark(("products", 1, "title"))
    assert mark is not None and mark.line == SHORT_TITLE_LINE
    assert doc.source_text(("products", 1, "price")) == "50000"


def test_a_duplicate_sku_names_the_line_of_the_first(config: Path) -> None:
    (config.parent / "products.yaml").write_text(CATALOG.replace("TAS-1", "KMJ-1"))
    with pytest.raises(ConfigInvalid) as caught:
        load_config(config)
    [problem] = [p for p in caught.value.problems if p.code == "duplicate_sku"]
    assert problem.line == 12
    assert "line 5" in str(problem.params["first"])


ALIASED = """\
x-size: &size {length_cm: 30, dims: [1, 2, {deep: [3, 4]}]}
x-colours: &colours [Merah, Biru]
products:
  - {id: a, size: *size, colours: *colours, again: *size}
  - {id: b, <<: *size, colours: *colours, more: [*colours, *colours]}
  - {id: c, nested: {inner: *size, list: [*size]}}
"""


def test_the_builder_lets_go_of_nodes_but_not_of_what_an_alias_reaches_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "aliased.yaml"
    path.write_text(ALIASED)
    doc = read_yaml(path, {})
    assert doc.data == yaml.safe_load(ALIASED)
    mark = doc.mark(("products", 2, "nested", "inner", "dims", 2, "deep", 1))
    assert mark is not None and mark.line == 1  # where the anchored value is written
