"""GeoJSON (RFC 7946) answers: the one place that builds a Feature and a
FeatureCollection, and the serializers that document them in the schema.

Coordinates are `[longitude, latitude]` in degrees (WGS 84), as RFC 7946 orders them.
A collection is a page: `next` and `previous` are foreign members linking to the
neighbouring pages, and there is no count.
"""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


def feature(
    id: str, longitude: Decimal | float, latitude: Decimal | float, properties: dict
) -> dict:
    """A Feature with a Point geometry; `id` is the record's slug."""
    return {
        "type": "Feature",
        "id": id,
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


def feature_collection(features: list[dict], *, next: str | None, previous: str | None) -> dict:
    """A page of features, linked to its neighbours (null at either end)."""
    return {"type": "FeatureCollection", "features": features, "next": next, "previous": previous}


# --- schema -----------------------------------------------------------------------------
class GeoJSONPointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude] in degrees (WGS 84).",
    )


class FeatureSerializer(serializers.Serializer):
    """A Feature as `feature()` builds it. Subclasses redeclare `properties`."""

    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.SlugField(help_text="The record's slug.")
    geometry = GeoJSONPointSerializer()
    properties = serializers.DictField()


@extend_schema_serializer(many=False)
class FeatureCollectionSerializer(serializers.Serializer):
    """A FeatureCollection as `feature_collection()` builds it. Subclasses redeclare
    `features` with their FeatureSerializer (`many=True`)."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = FeatureSerializer(many=True)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
