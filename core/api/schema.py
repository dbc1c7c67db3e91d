"""drf-spectacular schema: every operation documents its error answers, and operations
are grouped by resource."""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from core.api.serializers import ProblemSerializer

_EXAMPLE = OpenApiExample(
    "Invalid field",
    value={
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid input: latitude.",
        "errors": [
            {
                "field": "latitude",
                "message": "Ensure this value is less than or equal to 90.",
                "code": "max_value",
            }
        ],
    },
    response_only=True,
    status_codes=["400"],
)

_ERRORS_BY_METHOD = {
    "GET": {400: "Invalid query parameter", 404: "Not found", 429: "Too many requests"},
    "POST": {
        400: "Invalid input",
        401: "Not authenticated",
        403: "Not allowed",
        429: "Too many requests",
    },
    "PUT": {
        400: "Invalid input",
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        412: "Changed since read (If-Match)",
        429: "Too many requests",
    },
    "DELETE": {
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        412: "Changed since read (If-Match)",
        429: "Too many requests",
    },
}
_ERRORS_BY_METHOD["PATCH"] = _ERRORS_BY_METHOD["PUT"]
# Any operation: an Accept header no renderer can satisfy. Bodies: a content type no
# parser reads.
_NOT_ACCEPTABLE = {406: "Not acceptable (no representation matches Accept)"}
_UNSUPPORTED_MEDIA_TYPE = {415: "Unsupported media type (send application/json)"}


class AutoSchema(SpectacularAutoSchema):
    # --- tags: the operations grouped by resource (SPECTACULAR_SETTINGS["TAGS"]) -----
    _RESOURCE = re.compile(r"^/api/v\d+/(?P<resource>[^/{]+)/")

    def get_tags(self) -> list[str]:
        """The resource the route names after `/api/v<n>/`, in words
        (`historical-events/` → "historical events"); a sub-resource joins its parent's
        group (a memorial's photos are under "memorials")."""
        match = self._RESOURCE.match(self.path)
        return [match["resource"].replace("-", " ")] if match else super().get_tags()

    # --- error answers ------------------------------------------------------------------
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {**_ERRORS_BY_METHOD.get(self.method, {}), **_NOT_ACCEPTABLE}
        if self.method in {"POST", "PUT", "PATCH"}:
            errors.update(_UNSUPPORTED_MEDIA_TYPE)
        if self.method == "POST" and "{" in self.path:
            # Adding to a sub-collection of a record that may not exist (or be hidden).
            errors[404] = "Not found"
        if self.method == "GET" and not self._is_list_view():
            errors.pop(400, None)
            errors[304] = None
        for status, description in errors.items():
            if str(status) in responses:
                continue
            if description is None:
                responses["304"] = {"description": "Not modified (If-None-Match matched)"}
                continue
            response = OpenApiResponse(response=ProblemSerializer, description=description)
            responses[str(status)] = self._get_response_for_code(
                response, str(status), media_types=["application/problem+json"]
            )
        return responses

    def get_examples(self):
        return [*super().get_examples(), _EXAMPLE]


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Bearer cmm_...` (core.authentication) in the schema."""

    target_class = "core.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A per-user API token made in the back office: `cmm_...`.",
        }


def read_write_schema(*, write, read):
    """Documents that a viewset's writes take `write` and answer with `read`."""
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: read}),
        update=extend_schema(request=write, responses={200: read}),
        partial_update=extend_schema(request=write, responses={200: read}),
    )
