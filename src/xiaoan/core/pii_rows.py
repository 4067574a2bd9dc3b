"""Encrypting the personal-information columns of stored rows in place:
the data migrations (rows written before encryption) and `xiaoan
reencrypt-pii` (rows written under an earlier key) share this.

Columns are read and written with a plain cursor, so neither a model's
current shape nor its field's decryption is involved: each value is read as
stored, decrypted with the current key or one of the old ones (a clear value
from before encryption is taken as it is), and written back under the current
key, with its lookup hash recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

from xiaoan.core import pii

BATCH = 1000


@dataclass(frozen=True)
class PiiColumn:
    table: str
    column: str
    #: the column of its lookup hash, if any
    index: str = ""
    #: the primary key column (history tables have history_id)
    pk: str = "id"


def encrypt_columns(
    connection: BaseDatabaseWrapper,
    columns: Iterable[PiiColumn],
    old_keys: tuple[pii.PiiKey, ...] = (),
    *,
    rewrite_current: bool = False,
) -> int:
    """Rewrite every value of `columns` under the current key; returns how many
    values were written. Values already under the current key are left alone
    unless `rewrite_current` (the lookup hashes are then recomputed too)."""
    current = pii.current_key()
    written = 0
    quote = connection.ops.quote_name
    for col in columns:
        table, column, key = quote(col.table), quote(col.column), quote(col.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {key}, {column} FROM {table} WHERE {column} <> '' ORDER BY {key}"
            )
            rows = cursor.fetchall()
        updates = []
        for pk, stored in rows:
            if pii.key_id_of(stored) == current.key_id and not rewrite_current:
                continue
            clear = pii.decrypt(stored, old_keys)
            values = [pii.encrypt(clear, current)]
            if col.index:
                values.append(pii.phone_hash(clear, current))
            updates.append([*values, pk])
        sets = f"{column} = %s" + (f", {quote(col.index)} = %s" if col.index else "")
        with connection.cursor() as cursor:
            for start in range(0, len(updates), BATCH):
                cursor.executemany(
                    f"UPDATE {table} SET {sets} WHERE {key} = %s", updates[start : start + BATCH]
                )
        written += len(updates)
    return written


def columns_of_models(models: Iterable[type]) -> list[PiiColumn]:
    """The encrypted columns of the installed models (historical tables included)."""
    found = []
    for model in models:
        meta = model._meta  # type: ignore[attr-defined]
        if meta.proxy or not meta.managed:
            continue
        for field in meta.concrete_fields:
            if getattr(field, "encrypted", False):
                index = meta.get_field(field.index_field).column if field.index_field else ""
                found.append(PiiColumn(meta.db_table, field.column, index, meta.pk.column))
    return found
