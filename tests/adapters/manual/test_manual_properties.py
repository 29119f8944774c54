"""Properties of the manual channel's files: prices read back, ids survive appended rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coopsync_adapters.manual.pricelist import format_rupiah
from coopsync_adapters.manual.sales import orders_from_rows, parse_rupiah, read_sales

HEADER = "date,sku,quantity,price\n"

rows = st.lists(
    st.tuples(
        st.sampled_from(["2026-11-20", "2026-11-21", "21/11/2026 19:30"]),
        st.sampled_from(["KRP-250", "TAS-01", "SBN-1"]),
        st.integers(1, 3),
        st.sampled_from([12_000, 25_000, 150_000]),
    ),
    max_size=12,
)


def csv_text(sales: list[tuple[str, str, int, int]]) -> str:
    return HEADER + "".join(f"{d},{s},{q},{p}\n" for d, s, q, p in sales)


@given(st.integers(0, 10_000_000_000))
def test_a_price_written_on_the_list_reads_back_the_same(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount
    assert parse_rupiah(str(amount)) == amount


@settings(max_examples=60)
@given(rows, rows)
def test_appended_rows_never_change_the_ids_of_earlier_rows(
    before: list[tuple[str, str, int, int]], added: list[tuple[str, str, int, int]]
) -> None:
    first, problems = read_sales(csv_text(before), "penjualan.csv")
    both, _ = read_sales(csv_text(before + added), "penjualan.csv")
    assert problems == []
    earlier = [o.order_id for o in orders_from_rows(first)]
    later = [o.order_id for o in orders_from_rows(both)]
    assert later[: len(earlier)] == earlier
    assert len(set(later)) == len(before) + len(added), "every row is its own sale"
