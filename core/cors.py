"""CORS policy: any origin may read the API; only CORS_WRITE_ORIGINS may write.

django-cors-headers asks `check_request_enabled` receivers whether to answer a request
with CORS headers. A preflight names the method it wants in
`Access-Control-Request-Method`; a write from an origin not configured gets no CORS
headers, so the browser refuses to send or read it.
"""

from django.conf import settings

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def cors_allow_request(sender, request, **kwargs) -> bool:
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "GET").upper()
    if method in SAFE_METHODS:
        return True
    return request.headers.get("Origin") in settings.CORS_WRITE_ORIGINS
