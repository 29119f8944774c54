"""Whatever YAML a user writes, loading ends in a config or a ConfigInvalid — never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from coopsync.config import load_config
from coopsync.loading.problems import ConfigInvalid

KEYS = [
    "shop", "name", "language", "timezone", "currency", "channels", "platform", "sandbox",
    "shopee", "tiktok", "stock", "price", "buffer", "percent", "products", "catalog",
    "title", "sku", "variants", "options", "images", "weight_g", "dimensions", "state_dir",
    "partner_key", "category_id", "listed", "prise", "<<",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["shopee", "tiktok", "Rp 25.000", "${NOPE}", "0012", "id", "", "a.jpg"]),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5),
    ),
    max_leaves=25,
)
YAMLISH = st.text(alphabet=st.sampled_from(list("abc:-[]{}#&*!|>'\"\t\n ,?%@`0123456789.$")))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def load_text(folder: Path, text: str | bytes) -> None:
    path = folder / "coopsync.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigInvalid as exc:
        for problem in exc.problems:  # every problem renders in both languages
            problem.render("id")
            problem.render("en")


@settings(max_examples=150, deadline=None)
@given(text=YAMLISH)
def test_random_yaml_text_never_crashes(folder: Path, text: str) -> None:
    load_text(folder, text)


@settings(max_examples=50, deadline=None)
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_crash(folder: Path, raw: bytes) -> None:
    load_text(folder, raw)


@settings(max_examples=100, deadline=None)
@given(data=VALUES)
def test_random_structures_never_crash(folder: Path, data: Any) -> None:
    load_text(folder, yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=60, deadline=None)
@given(
    data=st.fixed_dictionaries(
        {
            "shop": st.fixed_dictionaries({"name": SCALARS}),
            "channels": st.dictionaries(
                st.sampled_from(["shopee", "tiktok", "wa"]),
                st.fixed_dictionaries(
                    {"platform": st.sampled_from(["shopee", "manual", "x"])},
                    optional={"sandbox": VALUES, "stock": VALUES, "price": VALUES},
                ),
                max_size=2,
            ),
            "products": st.lists(
                st.fixed_dictionaries(
                    {"title": SCALARS},
                    optional={
                        "sku": SCALARS,
                        "price": SCALARS,
                        "stock": SCALARS,
                        "variants": VALUES,
                        "channels": VALUES,
                        "images": VALUES,
                    },
                ),
                max_size=3,
            ),
        }
    )
)
def test_config_shaped_structures_never_crash(folder: Path, data: Any) -> None:
    load_text(folder, yaml.safe_dump(data, allow_unicode=True))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=VALUES)
def test_validate_command_exits_0_or_2_without_traceback(
    folder: Path, data: Any, run_cli: Callable[..., Result]
) -> None:
    path = folder / "cli.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("validate", "--no-rules", "-c", str(path))
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
