"""Test-only URLs: the real site plus views that fail in each way an error page covers.

Each exception carries a message that must never reach the visitor.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

# The site's own error handlers, so the tests see what production serves.
from config.urls import handler404, handler500  # noqa: F401

LEAKED_DETAIL = "leaked-detail-db-password-hunter2"


def raise_server_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(LEAKED_DETAIL)


def raise_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(LEAKED_DETAIL)


def raise_bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(LEAKED_DETAIL)


def raise_not_found(request: HttpRequest) -> HttpResponse:
    raise Http404(LEAKED_DETAIL)


urlpatterns = [
    path("", include("config.urls")),
    path("tests/server-error", raise_server_error),
    path("tests/permission-denied", raise_permission_denied),
    path("tests/bad-request", raise_bad_request),
    path("tests/not-found", raise_not_found),
]
