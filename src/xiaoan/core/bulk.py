"""Fast bulk inserts of new records and their history, for imports.

Django's `bulk_create` prepares every value of every row through the full
field machinery, which costs more than the database itself for wide rows
(a 12345 order has 40 columns, its history row 45). Here each column gets one
converter, chosen once per table: plain values (text, numbers, booleans,
foreign-key ids) pass through, the others (moments, dates, JSON) use the
database's own adapters. New rows are inserted with multi-row VALUES …
RETURNING id, so they get their ids as with `bulk_create`; history rows
mirror what django-simple-history writes ("+" for new records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models

M = TypeVar("M", bound=models.Model)

#: columns whose Python values the database drivers take as they are
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
#: rows per INSERT statement (SQLite allows 32,766 parameters per statement)
ROWS_PER_STATEMENT = 200


def converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()

    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    if getattr(field, "encrypted", False):
        return prepare  # personal information: encrypted like any save (core/fields.py)
    if kind in PLAIN_TYPES:
        return None

    if kind == "DateTimeField" and settings.USE_TZ:
        return moment_converter(prepare)
    if kind == "JSONField":
        return json_converter(field, prepare)
    if kind == "DateField":
        return lambda value: None if value is None else prepare(value)
    return prepare


def json_converter(
    field: models.Field[Any, Any], prepare: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    """A dict or list straight to the database's JSON adapter (what `prepare` ends in)."""
    encoder = getattr(field, "encoder", None)

    def convert(value: Any) -> Any:
        if type(value) is dict or type(value) is list:
            return connection.ops.adapt_json_value(value, encoder)
        return prepare(value)

    return convert


def moment_converter(prepare: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Aware moments the short way, as Django's adapters would write them:
    PostgreSQL takes them as they are; SQLite stores the text of the naive moment
    in the connection's time zone (UTC). Anything else goes through `prepare`."""
    if connection.vendor == "postgresql":

        def convert(value: Any) -> Any:
            if value is None or (type(value) is dt.datetime and value.utcoffset() is not None):
                return value
            return prepare(value)

        return convert
    if connection.vendor == "sqlite":
        zone = connection.timezone

        def convert_sqlite(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is dt.datetime and value.utcoffset() is not None:
                return str(value.astimezone(zone).replace(tzinfo=None))
            return prepare(value)

        return convert_sqlite
    return prepare


def instance_factory(
    model: type[M], fixed: dict[str, Any] | None = None
) -> Callable[[dict[str, Any]], M]:
    """A maker of unsaved instances of `model` from a dict of values by attname.

    Django's keyword constructor looks up and defaults each field for every
    instance; this one fills a row of defaults worked out once (with `fixed`)
    and calls the positional constructor, as Django does for rows it loads.
    Defaults that are fresh containers (a JSON field's `dict`) are made anew
    for each instance."""
    fields = model._meta.concrete_fields
    index = {f.attname: i for i, f in enumerate(fields)}
    fixed = fixed or {}
    blank = [fixed[f.attname] if f.attname in fixed else f.get_default() for f in fields]
    fresh = [
        (i, f.get_default) for i, f in enumerate(fields) if isinstance(blank[i], dict | list | set)
    ]

    def make(values: dict[str, Any]) -> M:
        args = blank.copy()
        for i, default in fresh:
            args[i] = default()
        for name, value in values.items():
            args[index[name]] = value
        return model(*args)

    return make


def convert_rows(
    fields: Sequence[models.Field[Any, Any]], rows: Iterable[Sequence[Any]]
) -> list[list[Any]]:
    """`rows` (values in the order of `fields`) as the database takes them."""
    converters = [(i, c) for i, f in enumerate(fields) if (c := converter(f)) is not None]
    out = []
    for values in rows:
        row = list(values)
        for i, convert in converters:
            row[i] = convert(row[i])
        out.append(row)
    return out


def insert(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = True,
) -> list[Any]:
    """Insert `rows` (values in the order of `fields`, already converted by
    `convert_rows`) into `model`'s table; returns the new primary keys in order
    (none with ``returning=False``, which sends one prepared statement for all
    rows instead). PostgreSQL takes them by `copy_in`."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return copy_in(model, fields, rows, returning=returning)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)  # type: ignore[union-attr]
    ids: list[Any] = []
    with connection.cursor() as cursor:
        if not returning:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {marks}", rows)
            return ids
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            sql = (
                f"INSERT INTO {table} ({columns}) "
                f"VALUES {', '.join([marks] * len(chunk))} RETURNING {pk}"
            )
            cursor.execute(sql, [v for row in chunk for v in row])
            ids.extend(r[0] for r in cursor.fetchall())
    return ids


def copy_in(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool,
) -> list[Any]:
    """PostgreSQL: the rows in one COPY, whose values psycopg formats in C. A
    multi-row INSERT with thousands of parameters costs more to parse on the
    client than to run. New ids are drawn from the table's sequence first
    (ascending, as the INSERT would give them) and sent with the rows."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = [quote(f.column) for f in fields]
    ids: list[Any] = []
    with connection.cursor() as cursor:
        if returning:
            pk = model._meta.pk.column  # type: ignore[union-attr]
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, len(rows)],
            )
            ids = sorted(r[0] for r in cursor.fetchall())
            columns.insert(0, quote(pk))
        sql = f"COPY {quote(table)} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            if returning:
                for pk_value, row in zip(ids, rows, strict=True):
                    copy.write_row((pk_value, *row))
            else:
                for row in rows:
                    copy.write_row(row)
    return ids


def insert_ignoring_conflicts(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (plain values of the columns `attnames`) in one prepared
    statement, skipping those that would break a unique constraint (links
    already made). For records without history, such as links between records."""
    if not rows:
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) "
            "ON CONFLICT DO NOTHING",
            convert_rows(fields, rows),
        )


def create_with_history(objs: Sequence[models.Model], *, user: Any, reason: str, when: Any) -> None:
    """Insert new records (setting their ids) and one "+" history row each.

    Each record's values are read and converted once: its history row is the
    same values with the new id and the four history columns."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values = attrgetter(*(f.attname for f in fields))
    rows = convert_rows(fields, (values(o) for o in objs))
    ids = insert(model, fields, rows)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = "default"
    history = model.history.model  # type: ignore[attr-defined]
    fixed = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    columns = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    # a history column is the record's converted value, one of the record's own
    # not inserted above (its id), or the same stamp for every row
    own = [f for f in columns if f.attname not in fixed and f.attname not in position(fields)]
    stamped = [f for f in columns if f.attname in fixed]
    own_rows = convert_rows(own, ([getattr(o, f.attname) for f in own] for o in objs))
    stamp = convert_rows(stamped, [[fixed[f.attname] for f in stamped]])[0]
    where = position([*fields, *own, *stamped])
    pick = itemgetter(*(where[f.attname] for f in columns))
    history_rows = [pick(row + more + stamp) for row, more in zip(rows, own_rows, strict=True)]
    insert(history, columns, history_rows, returning=False)


def position(fields: Sequence[models.Field[Any, Any]]) -> dict[str, int]:
    return {f.attname: i for i, f in enumerate(fields)}
