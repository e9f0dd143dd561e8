"""One writer or many: the store says which, and the composition root picks from it, once."""

from __future__ import annotations

from pathlib import Path

from backend.app import ServerSettings, selling_for, strategies_for, utc_now
from backend.auth import Verifier
from backend.nonces import SharedNonces
from backend.selling import NumbersInBlocks, NumbersInCommit, PoolsInDatabase, PoolsInMemory
from backend.store import Store, local_file, writers_at

NO_SECRETS: dict[str, bytes] = {}


def test_the_store_says_whether_it_has_one_writer_or_many(fresh_db: Store, server_db: str) -> None:
    assert fresh_db.writers == writers_at(server_db)
    assert (fresh_db.writers == "one") == (local_file(server_db) is not None)


def test_one_writer_numbers_in_its_commits_and_keeps_the_pools_in_memory() -> None:
    selling = selling_for("one")()
    assert isinstance(selling.numbering, NumbersInCommit)
    assert isinstance(selling.pools, PoolsInMemory)
    assert not selling.pools.others_sell


def test_many_writers_number_in_blocks_and_read_the_pools_from_the_database() -> None:
    selling = selling_for("many")()
    assert isinstance(selling.numbering, NumbersInBlocks)
    assert isinstance(selling.pools, PoolsInDatabase)
    assert selling.pools.others_sell


def test_each_desk_gets_strategies_of_its_own() -> None:
    make = selling_for("many")
    assert make().numbering is not make().numbering  # a worker's block is its desk's


def test_a_locator_names_a_file_or_a_database_server(tmp_path: Path) -> None:
    assert writers_at(str(tmp_path / "x.db")) == "one"
    assert local_file(str(tmp_path / "x.db")) == tmp_path / "x.db"
    assert writers_at("postgresql://db1,db2/guichet") == "many"
    assert local_file("postgresql://db1,db2/guichet") is None


def test_one_writer_checks_its_file_and_remembers_nonces_in_memory() -> None:
    parts = strategies_for("one", ServerSettings("x.db", "token", integrity_every=7.0))
    verifier = Verifier(NO_SECRETS.get, utc_now, started_at=0.0)
    assert parts.check_every == 7.0
    assert parts.nonces(verifier) is verifier.nonces
    assert isinstance(parts.selling().pools, PoolsInMemory)


def test_many_writers_keep_nonces_in_the_database_and_check_no_file() -> None:
    parts = strategies_for("many", ServerSettings("postgresql://h/db", "token"))
    nonces = parts.nonces(Verifier(NO_SECRETS.get, utc_now, started_at=0.0))
    assert isinstance(nonces, SharedNonces)  # connects on its first claim
    nonces.close()
    assert parts.check_every == 0.0
    assert isinstance(parts.selling().pools, PoolsInDatabase)
