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
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery, Value
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


def search_with_related_condition(model, terms: list[str], m2m_field: str, using: str = "default"):
    """Rows of `model` matching `terms` themselves, or through the related records of the
    many-to-many `m2m_field` (a memorial through the events it commemorates).

    One `pk IN (own matches UNION related matches)`. On SQLite the related side is written
    as a join that starts from the related table's full-text matches, so the link table is
    read through its index (the planner, left to itself, reads the whole link table).
    """
    field = model._meta.get_field(m2m_field)
    through = field.remote_field.through
    own_column = field.m2m_column_name()
    related_column = field.m2m_reverse_name()
    related_model = field.related_model
    vendor = connections[using].vendor
    if vendor == "sqlite":
        own_fts = _quote(f"{model._meta.db_table}_fts")
        related_fts = _quote(f"{related_model._meta.db_table}_fts")
        link = _quote(through._meta.db_table)
        match = " ".join(f'"{term}"*' for term in terms)
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {own_fts} WHERE {own_fts} MATCH %s UNION "
                f"SELECT link.{_quote(own_column)} FROM {related_fts} "
                f"CROSS JOIN {link} link ON link.{_quote(related_column)} = {related_fts}.rowid "
                f"WHERE {related_fts} MATCH %s",
                [match, match],
            )
        )
    own = model._default_manager.db_manager(using).filter(search_condition(model, terms, using))
    related = related_model._default_manager.db_manager(using).filter(
        search_condition(related_model, terms, using)
    )
    linked = through._default_manager.db_manager(using).filter(
        **{f"{related_column}__in": related.values("pk")}
    )
    # `pk = ANY(ARRAY(…))`: PostgreSQL runs the subquery once and then reads the rows
    # by primary key, instead of hashing it against a scan of the whole table.
    ids = own.values("pk").union(linked.values(own_column)).order_by()
    return EqualsAnyOf(F("pk"), Subquery(ids))


class EqualsAnyOf(Func):
    """`<column> = ANY(ARRAY(<subquery>))` (PostgreSQL)."""

    template = "%(expressions)s))"
    arg_joiner = " = ANY(ARRAY("
    output_field = BooleanField()


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
