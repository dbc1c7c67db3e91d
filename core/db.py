"""Database expressions that work the same on SQLite and PostgreSQL."""

from django.db.models import FloatField, JSONField, OuterRef, Subquery
from django.db.models.aggregates import Aggregate
from django.db.models.functions import Cast, JSONObject


class JSONGroupArray(Aggregate):
    """The grouped values as one JSON array: `json_group_array` on SQLite, `jsonb_agg`
    on PostgreSQL. Element order is not guaranteed; callers sort."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def pk_of_slug(model, slug: str) -> Subquery:
    """`(SELECT id FROM <model> WHERE slug = %s)`: a filter on a foreign key by the
    related record's slug without a join, so the planner sees one key value and can
    use an index that starts with the foreign key (a join on the slug hides how few
    rows match). Unordered: a slug names one row, the model's order would only add a
    sort."""
    return Subquery(model._default_manager.filter(slug=slug).order_by().values("pk")[:1])


def related_summaries(model_queryset, link: str, **fields):
    """A subquery: JSON list of `fields` of the rows of `model_queryset` whose `link`
    points to the outer row. One SQL expression, no extra query."""
    return Subquery(
        model_queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(items=JSONGroupArray(JSONObject(**fields)))
        .values("items")[:1],
        output_field=JSONField(),
    )


def as_float(decimal_field: str) -> Cast:
    """A DecimalField read as a float, for answers that show it as a JSON number.

    Reading the Decimal costs a conversion per value (on SQLite, which stores a REAL,
    a Decimal made from the float, then quantized), only for the renderer to turn it
    back into the same float: for coordinates stored to the millionth, the nearest
    double either way. 2,000 such values made half the work of a GeoJSON page."""
    return Cast(decimal_field, FloatField())
