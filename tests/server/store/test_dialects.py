"""What differs between the engines, checked without either server."""

import pytest

from server.store.dialects import POSTGRESQL, SQLITE, json_path, to_pyformat
from server.store.migrations import MIGRATIONS, for_engine


def test_placeholders_become_psycopgs_and_a_percent_is_kept_literal():
    assert to_pyformat("SELECT a FROM t WHERE b = ? AND c LIKE 'x%'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%'"
    )
    assert to_pyformat("SELECT '?' , ?") == "SELECT '?' , %s"
    assert to_pyformat('SELECT "we?ird" FROM t WHERE a IN (?,?)') == (
        'SELECT "we?ird" FROM t WHERE a IN (%s,%s)'
    )


def test_json_paths_read_the_same_field_on_both_engines():
    assert json_path("$.history[#-1].what") == ["history", "-1", "what"]
    assert json_path("$.adds_to") == ["adds_to"]
    assert SQLITE.json_value("data", "$.a.b") == "json_extract(data, '$.a.b')"
    assert POSTGRESQL.json_value("data", "$.history[#-1].at") == (
        "(data::jsonb #> '{history,-1,at}')"
    )
    assert POSTGRESQL.json_text("data", "$.adds_to") == "(data::jsonb #>> '{adds_to}')"
    with pytest.raises(ValueError):
        json_path("history")


def test_only_sqlite_hands_back_json_text_to_decode():
    assert SQLITE.decode('[1, {"a": 2}]') == [1, {"a": 2}]
    assert POSTGRESQL.decode([1, {"a": 2}]) == [1, {"a": 2}]
    assert SQLITE.decode(None) is None


def test_every_migration_has_statements_for_both_engines():
    for entry in MIGRATIONS:
        for engine in ("sqlite", "postgresql"):
            assert for_engine(entry, engine)
    first = " ".join(for_engine(MIGRATIONS[0], "postgresql"))
    assert "WITHOUT ROWID" not in first and "BLOB" not in first and " INTEGER" not in first
    assert "BYTEA" in first and "BIGINT" in first
