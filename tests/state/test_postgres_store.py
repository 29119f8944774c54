"""What only the PostgreSQL store has: shops side by side in one database, sealed tokens, the
URL's password kept out of messages. (Everything else runs on both stores: see conftest.)"""

from __future__ import annotations

import psycopg
import pytest
from state_factories import TOKEN_KEY, FakeClock, hours, make_order

from coopsync.adapters import OrderStatus, TokenPair
from coopsync.errors import ConfigError, ExitCode
from coopsync.state.migrations import SCHEMA_VERSION
from coopsync.state.pg_conn import StateUnreachable, shop_key, shop_schemas
from coopsync.state.pg_schema import schema_version
from coopsync.state.postgres import PostgresStore
from coopsync.state.token_seal import TokenKeyMissing, TokenUnreadable


def test_a_new_shop_gets_its_own_migrated_schema(pg_url: str, clock: FakeClock) -> None:
    with PostgresStore(pg_url, "batik_sleman", clock=clock, token_key=TOKEN_KEY) as store:
        assert set(store.tables()) >= {"orders", "order_lines", "journal", "tokens", "runs"}
    with psycopg.connect(pg_url) as raw:
        assert schema_version(raw, "coopsync_batik_sleman") == SCHEMA_VERSION
        assert shop_schemas(raw) == ["batik_sleman"]


def test_shops_in_one_database_never_see_each_other(pg_url: str, clock: FakeClock) -> None:
    with (
        PostgresStore(pg_url, "shop_a", clock=clock, token_key=TOKEN_KEY) as a,
        PostgresStore(pg_url, "shop_b", clock=clock, token_key=TOKEN_KEY) as b,
    ):
        a.upsert_orders("shopee", [make_order("SAME-ID", OrderStatus.TO_SHIP, 1)])
        assert (
            b.upsert_orders("shopee", [make_order("SAME-ID", OrderStatus.TO_SHIP, 1)]).new_orders
            == 1
        )
        a.set_cursor("shopee", "orders", "A")
        assert b.get_cursor("shopee", "orders") is None
        assert len(a.sales(hours(-100), hours(100))) == 1
        assert len(b.sales(hours(-100), hours(100))) == 1


def test_tokens_are_sealed_in_the_database(pg_url: str, clock: FakeClock) -> None:
    pair = TokenPair("ACCESS-plain-4242", "REFRESH-plain-4242", hours(4), hours(400))
    with PostgresStore(pg_url, "shop_a", clock=clock, token_key=TOKEN_KEY) as store:
        store.save_tokens("shopee", pair)
    with psycopg.connect(pg_url) as raw:
        rows = raw.execute("SELECT * FROM coopsync_shop_a.tokens").fetchall()
    text = repr(rows)
    assert "ACCESS-plain-4242" not in text and "REFRESH-plain-4242" not in text
    assert "v1:" in text
    with PostgresStore(pg_url, "shop_a", clock=clock, token_key=TOKEN_KEY) as again:
        assert again.load_tokens("shopee") == pair


def test_a_token_does_not_open_with_another_key_or_in_another_shop(
    pg_url: str, clock: FakeClock
) -> None:
    pair = TokenPair("ACCESS-plain-4242", "REFRESH-plain-4242", hours(4))
    with PostgresStore(pg_url, "shop_a", clock=clock, token_key=TOKEN_KEY) as store:
        store.save_tokens("shopee", pair)
    with PostgresStore(pg_url, "shop_a", clock=clock, token_key="another-key-0123456789") as wrong:
        with pytest.raises(TokenUnreadable) as caught:
            wrong.load_tokens("shopee")
        assert caught.value.exit_code == ExitCode.BAD_INPUT
    # The sealed value copied into another shop's schema does not open there either.
    with PostgresStore(pg_url, "shop_b", clock=clock, token_key=TOKEN_KEY) as other:
        pass
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("INSERT INTO coopsync_shop_b.tokens SELECT * FROM coopsync_shop_a.tokens")
    with (
        PostgresStore(pg_url, "shop_b", clock=clock, token_key=TOKEN_KEY) as other,
        pytest.raises(TokenUnreadable),
    ):
        other.load_tokens("shopee")


def test_without_a_key_tokens_are_refused_with_what_to_do(pg_url: str, clock: FakeClock) -> None:
    with PostgresStore(pg_url, "shop_a", clock=clock) as store:
        assert store.load_tokens("shopee") is None  # nothing saved: nothing to open
        with pytest.raises(TokenKeyMissing) as caught:
            store.save_tokens("shopee", TokenPair("ACCESS-1234", "REFRESH-1234", hours(4)))
    assert "COOPSYNC_TOKEN_KEY" in str(caught.value)
    assert caught.value.exit_code == ExitCode.BAD_INPUT


def test_state_from_a_newer_coopsync_is_refused(pg_url: str) -> None:
    PostgresStore(pg_url, "shop_a").close()
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE coopsync_shop_a.coopsync_schema SET version = version + 1")
    with pytest.raises(ConfigError, match="newer coopsync"):
        PostgresStore(pg_url, "shop_a")


def test_an_unreachable_server_says_so_without_the_password(pg_url: str) -> None:
    # A password the server never accepts, on a port where nothing listens.
    url = "postgresql://coop:Sup3r-Secret-pw@127.0.0.1:1/coops"
    with pytest.raises(StateUnreachable) as caught:
        PostgresStore(url, "shop_a")
    text = f"{caught.value} {caught.value.hint}"
    assert "Sup3r-Secret-pw" not in text
    assert "coop:***@127.0.0.1:1/coops" in text
    assert caught.value.exit_code == ExitCode.BAD_INPUT


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Koperasi Difabel Karya Mandiri Sejahtera", "koperasi_difabel_karya_mandiri_sejahtera"),
        ("Batik  Sleman #2", "batik_sleman_2"),
        ("!!!", "shop"),
    ],
)
def test_shop_keys_are_schema_safe(name: str, key: str) -> None:
    assert shop_key(name) == key


def test_a_long_shop_name_keeps_a_distinct_key_within_the_identifier_limit() -> None:
    long_a = "Koperasi Serba Usaha Pengrajin Tenun Ikat dan Batik Tulis Kabupaten Sleman Unit A"
    long_b = long_a[:-1] + "B"
    assert shop_key(long_a) != shop_key(long_b)
    assert len("coopsync_" + shop_key(long_a)) <= 63
