"""One error shape for every API answer of 4xx/5xx: RFC 9457 problem details.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Invalid input: latitude.",
     "errors": [{"field": "latitude", "message": "...", "code": "max_value"}]}

`field` is a dotted path (`authors.0.family_name`); `non_field_errors` marks errors of
the whole record. Served as `application/problem+json`.
"""

from http import HTTPStatus

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.renderers import JSONRenderer, ProblemJSONRenderer

PROBLEM_CONTENT_TYPE = "application/problem+json"


class RequestTooLarge(exceptions.APIException):
    """413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (files excepted)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class StillInUse(exceptions.APIException):
    """409: the record cannot be deleted while others still point to it (a PROTECT
    foreign key). Raise it with a detail saying what to move or delete first."""

    status_code = HTTPStatus.CONFLICT.value
    default_detail = "The record is still in use and cannot be deleted."
    default_code = "protected"


def flatten_errors(detail, path: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of {field, message, code}."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in flatten_errors(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [
                {
                    "field": path or "non_field_errors",
                    "message": str(item),
                    "code": getattr(item, "code", None) or "invalid",
                }
                for item in detail
            ]
        return [
            error
            for index, item in enumerate(detail)
            for error in flatten_errors(item, f"{path}.{index}" if path else str(index))
        ]
    return [
        {
            "field": path or "non_field_errors",
            "message": str(detail),
            "code": getattr(detail, "code", None) or "invalid",
        }
    ]


def problem(status: int, detail: str, errors: list[dict] | None = None) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_exception_handler(exc, context):
    """DRF's handler, reshaped into problem details; keeps headers such as Retry-After.

    Problems are JSON even where the view renders something else on success (the
    schema view renders YAML): the body then agrees with its content type.
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # Django's limit, met in a multipart body
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(str(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        fields = sorted({e["field"] for e in errors})
        response.data = problem(
            response.status_code, f"Invalid input: {', '.join(fields)}.", errors
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = problem(response.status_code, str(detail))
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or getattr(renderer, "format", "json") != "api":
        if request is not None and not isinstance(renderer, JSONRenderer):
            request.accepted_renderer = ProblemJSONRenderer()
            request.accepted_media_type = PROBLEM_CONTENT_TYPE
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    """A problem answer outside DRF (unknown API URL, unhandled error)."""
    return JsonResponse(problem(status, detail), status=status, content_type=PROBLEM_CONTENT_TYPE)
