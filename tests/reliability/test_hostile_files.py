"""Hostile input from the shop's own files: a sales file of any content is read row by row
(bad rows are located problems, never an exception); a catalog with huge numbers is exit 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from coopsync.offline.chat_export import read_chat
from coopsync_adapters.manual.sales import orders_from_rows, read_sales

RunCli = Callable[..., Result]

CELLS = st.one_of(
    st.sampled_from(["2026-11-20", "20/11/2026", "TAS-1", "2", "Rp25.000", "batal", "", "-1"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=12),
)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=8)
HEADERS = st.sampled_from(
    [
        "date,sku,quantity,price",
        "tanggal;kode;jumlah;harga;no_pesanan;status",
        "date,sku,quantity,price,order_id,status",
        "",
        "sku",
    ]
)


@settings(max_examples=200, deadline=None)
@given(header=HEADERS, rows=ROWS, delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_sales_file_gives_orders_and_located_problems(
    header: str, rows: list[list[str]], delimiter: str
) -> None:
    text = "\n".join([header, *(delimiter.join(row) for row in rows)])
    found, problems = read_sales(text, "penjualan.csv")
    for problem in problems:
        assert "penjualan.csv" in str(problem)
    orders_from_rows(found)  # rows that were read make orders


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    stock=st.integers(min_value=-(10**30), max_value=10**30),
    price=st.integers(min_value=-(10**30), max_value=10**30) | st.floats() | st.text(max_size=6),
    title=st.text(max_size=40),
)
def test_any_numbers_in_the_catalog_are_valid_or_exit_2(
    tmp_path_factory: object, run_cli: RunCli, stock: int, price: object, title: str
) -> None:
    import json

    folder = Path(str(tmp_path_factory.mktemp("toko")))  # type: ignore[attr-defined]
    config = folder / "coopsync.yaml"
    config.write_text(
        "shop: {name: Toko, language: en}\nchannels: {wa: {platform: manual}}\nproducts:\n"
        f"  - {{title: {json.dumps(title)}, sku: TAS-1, price: {json.dumps(price)},"
        f" stock: {stock}}}\n"
    )
    result = run_cli("validate", "-c", str(config))
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "bug" not in result.output


CHAT_LINES = st.one_of(
    st.builds(
        lambda d, m, y, h, mi, who, body, sep: f"{d}/{m}/{y}{sep}{h}:{mi} - {who}: {body}",
        st.integers(0, 40),
        st.integers(0, 14),
        st.integers(0, 99_999),
        st.integers(0, 30),
        st.integers(0, 70),
        st.text(max_size=8),
        st.text(max_size=20),
        st.sampled_from([", ", " ", "; "]),
    ),
    st.builds(
        lambda d, m, y, h, mi, ampm, body: f"[{d}.{m}.{y} {h}.{mi}.00 {ampm}] {body}",
        st.integers(0, 40),
        st.integers(0, 14),
        st.integers(0, 3000),
        st.integers(0, 30),
        st.integers(0, 70),
        st.sampled_from(["AM", "PM", ""]),
        st.text(max_size=20),
    ),
    st.text(max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(CHAT_LINES, max_size=10))
def test_any_chat_export_gives_messages_and_located_bad_lines(lines: list[str]) -> None:
    messages, bad = read_chat("\n".join(lines), "Asia/Jakarta")
    assert all(line >= 1 for line, _ in bad)
    assert all(message.line >= 1 for message in messages)
