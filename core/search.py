"""Full-text search over each searchable model's folded `search_document`.

Both sides are folded by `core.text.fold` (lower-case ASCII words), so `Hocalı`,
`HOCALI` and `hocali` meet on `hocali`. Every query word matches as a prefix, and all
words must match (`hoc kat` finds "Hocalı Katliamı").

Two engines, picked by the connection's vendor; neither scans the table:

- SQLite: an FTS5 external-content table `<table>_fts` over `search_document`, kept in
  step by three triggers. A search is `pk IN (SELECT rowid FROM <table>_fts WHERE ...
  MATCH '"hocali"*')`.
- PostgreSQL: a GIN index `<table>_search_gin` on `to_tsvector('simple', search_document)`;
  a search is `to_tsvector('simple', search_document) @@ to_tsquery('simple', 'hocali:*')`,
  the same expression as the index, so the planner uses it.

Migrations install both with `install_search_index(...)` (a `RunPython` that branches on
`schema_editor.connection.vendor`). A later migration that makes SQLite rebuild one of
these tables (an altered column) drops its triggers with the old table; it must call
`install_search_index` again (tests/test_search.py notices a missing trigger).
"""

# SQL here is built from table names of our own models and folded [a-z0-9] words, with
# the user's query passed as a parameter: S608/S611 do not apply.
# ruff: noqa: S608, S611

from django.db import connections, migrations
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from core.text import search_terms


# --- queries ---------------------------------------------------------------------------
def search_queryset(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` narrowed to rows whose search document matches every word of `text`.

    A text without any word (only punctuation) matches nothing. One index lookup,
    inside the same query as the rest of `queryset`.
    """
    terms = search_terms(text)
    if not terms:
        return queryset.none()
    return queryset.filter(search_condition(queryset.model, terms, queryset.db))


def search_condition(model, terms: list[str], using: str = "default"):
    """A filter argument matching `model` rows whose document has every term as a prefix."""
    table = model._meta.db_table
    vendor = connections[using].vendor
    if vendor == "postgresql":
        # Terms are folded to [a-z0-9]+, so they need no quoting inside the tsquery.
        return TsVectorMatch(F("search_document"), Value(" & ".join(f"{t}:*" for t in terms)))
    if vendor == "sqlite":
        fts = _quote(f"{table}_fts")
        match = " ".join(f'"{term}"*' for term in terms)
        subquery = RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
        return Q(pk__in=subquery)
    raise NotImplementedError(f"No full-text search for the {vendor} database backend.")


class TsVectorMatch(Func):
    """`to_tsvector('simple', <column>) @@ to_tsquery('simple', <query>)`: the indexed
    expression of `<table>_search_gin`, with the column resolved (and aliased) by Django."""

    template = "to_tsvector('simple', %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple', "
    output_field = BooleanField()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- schema ----------------------------------------------------------------------------
def _sqlite_statements(table: str) -> list[str]:
    fts = _quote(f"{table}_fts")
    quoted = _quote(table)
    trigger = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"search_document, content={quoted}, content_rowid='id')",
        f'CREATE TRIGGER IF NOT EXISTS "{trigger}_ai" AFTER INSERT ON {quoted} BEGIN '
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
        f'CREATE TRIGGER IF NOT EXISTS "{trigger}_ad" AFTER DELETE ON {quoted} BEGIN '
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); END",
        f'CREATE TRIGGER IF NOT EXISTS "{trigger}_au" AFTER UPDATE OF search_document '
        f"ON {quoted} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
        # Index what is already there.
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_drop_statements(table: str) -> list[str]:
    trigger = f"{table}_fts"
    return [
        *(f'DROP TRIGGER IF EXISTS "{trigger}_{suffix}"' for suffix in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {_quote(f'{table}_fts')}",
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON {_quote(table)} '
        f"USING gin (to_tsvector('simple', search_document))"
    ]


def _postgresql_drop_statements(table: str) -> list[str]:
    return [f'DROP INDEX IF EXISTS "{table}_search_gin"']


def install_search_index(app_label: str, *model_names: str) -> migrations.RunPython:
    """A migration operation creating (and on reverse dropping) the full-text indexes."""

    def statements_for(schema_editor, install: bool) -> list[str]:
        vendor = schema_editor.connection.vendor
        makers = {
            ("sqlite", True): _sqlite_statements,
            ("sqlite", False): _sqlite_drop_statements,
            ("postgresql", True): _postgresql_statements,
            ("postgresql", False): _postgresql_drop_statements,
        }
        maker = makers.get((vendor, install))
        if maker is None:
            return []
        return [sql for name in model_names for sql in maker(f"{app_label}_{name.lower()}")]

    def forwards(apps, schema_editor):
        for sql in statements_for(schema_editor, install=True):
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in statements_for(schema_editor, install=False):
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards, elidable=False)


class SearchQuerySetMixin:
    """Adds `.search(text)` to a model's QuerySet (see `search_queryset`)."""

    def search(self, text: str):
        return search_queryset(self, text)
