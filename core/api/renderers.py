"""orjson-backed JSON rendering: the same output as DRF's renderer, several times faster."""

import decimal
import uuid

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer


def _default(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, Promise | uuid.UUID):
        return str(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def dumps(data, *, indent: bool = False) -> bytes:
    """UTC datetimes end in `Z`, like DRF's own ISO 8601 output."""
    option = orjson.OPT_UTC_Z | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, default=_default, option=option)


class JSONRenderer(DRFJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        # The browsable API asks for `indent`; apps get compact JSON.
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        return dumps(data, indent=bool(indent))


class ProblemJSONRenderer(JSONRenderer):
    """Lets clients that ask only for `application/problem+json` get errors."""

    media_type = "application/problem+json"
    format = "problem+json"


class GeoJSONRenderer(JSONRenderer):
    """RFC 7946 GeoJSON (`?format=geojson` or `Accept: application/geo+json`).

    Only views that build a FeatureCollection offer it; the data arrives ready-made.
    """

    media_type = "application/geo+json"
    format = "geojson"
