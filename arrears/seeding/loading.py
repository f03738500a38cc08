"""
Set-based loading of generated rows: PostgreSQL COPY, or multi-row INSERTs on SQLite.

Ids are reserved before the rows are written, so rows can point at each other without a query
per row: on PostgreSQL from each table's own sequence (`nextval` over `generate_series`, safe
alongside other writers), on SQLite from `MAX(id)` inside the seeding transaction, which holds
SQLite's single write lock (`transaction_mode = IMMEDIATE` in settings).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]


def reserve_ids(*, model: type[Model], count: int) -> list[int]:
    """Return `count` unused primary keys for `model`'s table, in increasing order."""
    if count == 0:
        return []
    table = _table(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def write_rows(*, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write `rows` (values in the order of `fields`, ids included) to `model`'s table."""
    table = _table(model)
    columns = ", ".join(f'"{c}"' for c in _columns(model, fields))
    if connection.vendor == "postgresql":
        raw = connection.connection
        assert raw is not None  # the cursor above opened it
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    adapt = connection.ops.adapt_datetimefield_value
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({placeholders})'  # noqa: S608
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([adapt(v) if isinstance(v, dt.datetime) else v for v in row])
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def skip_trigger_checks_in_transaction() -> bool:
    """
    Skip foreign-key trigger checks for the rest of the current transaction, where allowed.

    On PostgreSQL, as a superuser, `session_replication_role = replica` stops the per-row
    foreign-key triggers (as `pg_restore --disable-triggers` does), which makes a large COPY
    about 40% faster. It is safe here because every seeded row is written in the same chunk as
    the rows it points at, from ids reserved beforehand. Returns whether checks were skipped.
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def analyse(*, models: Sequence[type[Model]]) -> None:
    """Refresh the planner's statistics after a large load (PostgreSQL; SQLite needs none)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{_table(model)}"')
