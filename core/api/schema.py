"""drf-spectacular schema: every operation documents its error answers, and operations
are grouped by resource."""

import re

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.db.models import PROTECT
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from core.api.errors import PROBLEM_CONTENT_TYPE
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
    "GET": {
        400: "Invalid query parameter",
        # Anonymous reads are allowed, but a token that is wrong or revoked is refused.
        401: "Invalid or revoked token",
        404: "Not found",
        429: "Too many requests",
    },
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
# parser reads, or a JSON body larger than DATA_UPLOAD_MAX_MEMORY_SIZE.
_NOT_ACCEPTABLE = {406: "Not acceptable (no representation matches Accept)"}
_BODY_ERRORS = {
    413: "Request body too large",
    415: "Unsupported media type (send the media type documented for the body)",
}
_STILL_IN_USE = {409: "Still in use: other records point to it"}
_NOT_MODIFIED = "Not modified (If-None-Match matched, or not modified since If-Modified-Since)"

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_WRITE_METHODS = {"PUT", "PATCH", "DELETE"}


def _header(description: str, schema: dict | None = None, *, required: bool = False) -> dict:
    return {
        "schema": schema or {"type": "string"},
        "description": description,
        "required": required,
    }


_VALIDATOR_HEADERS = {
    "ETag": _header("Validator of this representation, for If-None-Match and If-Match."),
    "Last-Modified": _header("When the representation last changed (HTTP date)."),
    "Cache-Control": _header("Revalidate before reuse; private for signed-in clients."),
    "Vary": _header("Request headers that select the representation."),
}
_LOCATION = {"Location": _header("Address of the new record.", {"type": "string"}, required=True)}
_RETRY_AFTER = {
    "Retry-After": _header("Seconds to wait before retrying.", {"type": "integer", "minimum": 0})
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": _header("How to authenticate: `Bearer`.", required=True),
}

_AN_ETAG = '"3f1c0a7be2d94c6e8a1b5d0f7c2e9a44"'
_A_DATE = "Thu, 26 Feb 2026 10:00:00 GMT"
_READ_PRECONDITIONS = {
    "If-None-Match": ("ETags already held: 304 when one still matches.", _AN_ETAG),
    "If-Modified-Since": ("An HTTP date: 304 when nothing changed since.", _A_DATE),
}
_WRITE_PRECONDITIONS = {
    "If-Match": ("The ETag read: 412 and nothing written if it changed since.", _AN_ETAG),
    "If-Unmodified-Since": ("An HTTP date: 412 and nothing written if changed since.", _A_DATE),
}


# Text the database can hold: PostgreSQL refuses NUL characters, and so does every
# Django and DRF text field.
_NO_NUL = "^[^\\u0000]*$"
# The same for a field: not empty, as drf-spectacular offers blank ("maxLength: 0") as
# the other branch of a `oneOf` where blank is allowed, and only one branch may match.
_NO_NUL_NOT_BLANK = "^[^\\u0000]+$"
_SLUG = "^[-a-zA-Z0-9_]+$"
# Django's URLValidator takes these schemes only; `format: uri` alone allows `urn:x`.
_WEB_URL = "^(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP][sS]?)://"


def _model_field_pattern(field) -> str | None:
    """The pattern of a RegexValidator on the model field behind a ModelSerializer field:
    ModelRulesMixin runs the model's validators, which DRF does not copy onto every field."""
    meta = getattr(getattr(field, "parent", None), "Meta", None)
    model = getattr(meta, "model", None)
    try:
        model_field = model._meta.get_field(field.source) if model else None
    except FieldDoesNotExist:
        return None
    for validator in getattr(model_field, "validators", []):
        plain = isinstance(validator, RegexValidator) and not validator.flags
        if plain and not validator.inverse_match:
            return validator.regex.pattern
    return None


def _text_rules(schema: dict, field) -> dict:
    """Adds the string rules a DRF field enforces that drf-spectacular leaves out."""
    from core.api.serializers import SlugReferenceField

    if not isinstance(schema, dict) or schema.get("type") != "string":
        return schema
    if "enum" in schema or "pattern" in schema:
        return schema
    model_pattern = _model_field_pattern(field)
    if model_pattern:
        return {**schema, "pattern": model_pattern}
    if isinstance(field, SlugReferenceField | serializers.SlugField):
        return {**schema, "pattern": _SLUG}
    if isinstance(field, serializers.URLField):
        return {**schema, "pattern": _WEB_URL}
    if isinstance(field, serializers.CharField) and "format" not in schema:
        return {**schema, "pattern": _NO_NUL_NOT_BLANK}
    return schema


def _with_empty(values: list) -> list:
    """An enum's values, with the empty value."""
    return values if "" in values else [*values, ""]


def _filter_rules(schema: dict, filter_) -> dict:
    """Adds the rules a query filter's form field enforces that the schema leaves out."""
    from django_countries import countries

    from core.filters import CountryFilter, SlugFilter

    if schema.get("type") in ("number", "integer"):
        bounds = {
            "minimum": filter_.extra.get("min_value"),
            "maximum": filter_.extra.get("max_value"),
        }
        return {**schema, **{k: v for k, v in bounds.items() if v is not None}}
    # An empty value filters nothing, as if the parameter were absent (HTML forms send
    # empty fields): every documented form of a filter admits it.
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict) and "enum" in items:
        return {**schema, "items": {**items, "enum": _with_empty(items["enum"])}}
    if schema.get("type") == "string" and "format" in schema:
        return {"anyOf": [schema, {"type": "string", "enum": [""]}]}
    if schema.get("type") != "string":
        return schema
    if "enum" in schema:
        return {**schema, "enum": _with_empty(schema["enum"])}
    if isinstance(filter_, CountryFilter):
        # The codes as written in ISO 3166; lower case is read too, but an enum listing
        # both spellings breaks generated clients (one constant per spelling).
        return {**schema, "enum": ["", *sorted(dict(countries))]}
    if isinstance(filter_, SlugFilter):
        return {**schema, "pattern": _SLUG.replace("+", "*")}
    if isinstance(filter_, django_filters.CharFilter):
        schema = {**schema, "pattern": _NO_NUL}
        max_length = filter_.extra.get("max_length")
        return {**schema, "maxLength": max_length} if max_length else schema
    return schema


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, made to document every status, header and media type
    the API answers, and nothing it does not:

    - error statuses by method, each an `application/problem+json` problem (also those
      declared with `extend_schema`), 409 where a delete can be refused as still in use;
    - on views with conditional requests (`ConditionalRequestMixin`): 304 on reads,
      `If-None-Match`/`If-Modified-Since` and `If-Match`/`If-Unmodified-Since`, and the
      validators `ETag` and `Last-Modified` on the answers that carry them;
    - `Location` on 201, `Retry-After` on 429, `WWW-Authenticate` on 401;
    - reads need no credentials (`{}` among the security alternatives).
    """

    def paginate_parameters(self, parameters: list[dict]) -> None:
        """`page` and `page_size` as the paginator reads them, also where a view
        documents them itself."""
        paginator = self._get_paginator() if self._is_list_view() else None
        if paginator is None or self.method != "GET":
            return
        by_name = {p["name"]: p for p in paginator.get_schema_operation_parameters(self.view)}
        for parameter in parameters:
            known = by_name.get(parameter["name"])
            if known is not None and parameter["in"] == "query":
                parameter["schema"] = {**parameter["schema"], **known["schema"]}

    def filters(self) -> dict:
        """The list's django-filter filters by parameter name; none on other operations."""
        filterset_class = getattr(self.view, "filterset_class", None)
        if self.method != "GET" or not self._is_list_view() or filterset_class is None:
            return {}
        return dict(filterset_class.base_filters)

    def is_conditional(self) -> bool:
        # Imported here: the conditional module imports the roles, which import models.
        from core.api.conditional import ConditionalRequestMixin

        return isinstance(self.view, ConditionalRequestMixin)

    def _get_parameters(self):
        parameters = super()._get_parameters()
        self.paginate_parameters(parameters)
        filters = self.filters()
        for parameter in parameters:
            filter_ = filters.get(parameter["name"]) if parameter["in"] == "query" else None
            if filter_ is not None:
                parameter["schema"] = _filter_rules(parameter["schema"], filter_)
        if self.is_conditional():
            preconditions = _READ_PRECONDITIONS if self.method == "GET" else {}
            if self.method in _WRITE_METHODS:
                preconditions = _WRITE_PRECONDITIONS
            for name, (description, example) in preconditions.items():
                parameters.append(
                    {
                        "in": "header",
                        "name": name,
                        "schema": {"type": "string"},
                        "description": description,
                        "examples": {"Example": {"value": example}},
                    }
                )
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or field.read_only:
            return schema
        if isinstance(field, serializers.ManyRelatedField):
            items = schema.get("items")
            if isinstance(items, dict):
                schema["items"] = _text_rules(items, field.child_relation)
            return schema
        if isinstance(field, serializers.ListField) and isinstance(schema.get("items"), dict):
            schema["items"] = _text_rules(schema["items"], field.child)
            return schema
        return _text_rules(schema, field)

    def get_auth(self):
        auth = super().get_auth()
        if self.method in _SAFE_METHODS and auth and {} not in auth:
            auth.append({})
        return auth

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
        if direction != "response":
            return responses
        for status, description in self.error_statuses().items():
            if str(status) in responses:
                continue
            response = OpenApiResponse(response=ProblemSerializer, description=description)
            responses[str(status)] = self._get_response_for_code(
                response, str(status), media_types=[PROBLEM_CONTENT_TYPE]
            )
        if self.method == "GET" and self.is_conditional():
            responses.setdefault("304", {"description": _NOT_MODIFIED})
        for code, response in responses.items():
            if int(code) >= 400:
                self.as_problem(response)
            headers = self.response_headers(int(code))
            if headers:
                response["headers"] = {**headers, **response.get("headers", {})}
        return dict(sorted(responses.items()))

    def error_statuses(self) -> dict[int, str]:
        """The error answers of this operation, by status."""
        from core.api.viewsets import ProtectedDestroyMixin

        errors = {**_ERRORS_BY_METHOD.get(self.method, {}), **_NOT_ACCEPTABLE}
        if self.method in {"POST", "PUT", "PATCH"}:
            errors.update(_BODY_ERRORS)
        if self.method == "POST" and "{" in self.path:
            # Adding to a sub-collection of a record that may not exist (or be hidden).
            errors[404] = "Not found"
        if self.method == "GET" and not self._is_list_view():
            errors.pop(400, None)
        deletes = self.method == "DELETE" and isinstance(self.view, ProtectedDestroyMixin)
        if deletes and self.has_protected_relations():
            errors.update(_STILL_IN_USE)
        return errors

    def has_protected_relations(self) -> bool:
        """Whether PROTECT foreign keys point to this operation's model, so that a
        delete can be refused as still in use."""
        queryset = getattr(self.view, "queryset", None)
        model = getattr(self.view, "model", None) or getattr(queryset, "model", None)
        if model is None:
            return False
        return any(
            getattr(relation, "on_delete", None) is PROTECT
            for relation in model._meta.related_objects
        )

    @staticmethod
    def as_problem(response: dict) -> None:
        """Every error body is a problem, whatever media type a declaration named."""
        content = response.get("content")
        if content and set(content) != {PROBLEM_CONTENT_TYPE}:
            media = content.get("application/json") or next(iter(content.values()))
            response["content"] = {PROBLEM_CONTENT_TYPE: media}

    def response_headers(self, code: int) -> dict:
        headers = {}
        if code == 201:
            headers.update(_LOCATION)
        if code == 401:
            headers.update(_WWW_AUTHENTICATE)
        if code == 429:
            headers.update(_RETRY_AFTER)
        sends_validators = (self.method == "GET" and code in (200, 304)) or (
            self.method in {"PUT", "PATCH"} and code == 200
        )
        if sends_validators and self.is_conditional():
            headers.update(_VALIDATOR_HEADERS)
        return headers

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
