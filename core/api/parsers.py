"""Request bodies: strict JSON, refused cheaply when too large or too deep.

A body nested 100,000 levels deep made the standard library's recursive parser raise
RecursionError (a 500). `JSONParser` reads at most `DATA_UPLOAD_MAX_MEMORY_SIZE` bytes
(more is a 413, refused from `Content-Length` before reading when the client sends one),
parses with orjson, which stops at its own depth limit instead of recursing without
end, and then refuses bodies nested deeper than `API_JSON_MAX_DEPTH` (a 400). All are
problem details like every other error.

orjson is also stricter than the standard library where strictness protects the
database: NaN and Infinity, invalid UTF-8 and lone surrogates are refused (400).
"""

import codecs
import re
from itertools import accumulate

import orjson
from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.api.errors import RequestTooLarge

# Strings hold brackets that are not structure. Only applied to a body orjson accepted,
# so every string is terminated and the scan is linear.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def max_body_size() -> int | None:
    """Bytes a JSON body may have: Django's DATA_UPLOAD_MAX_MEMORY_SIZE (None: no limit)."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def nesting_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether the well-formed JSON `body` nests arrays and objects deeper than `limit`.

    Linear in the size of the body and done in C but for the final walk over the
    brackets, which stops at the first one too deep.
    """
    brackets = _JSON_STRING.sub(b"", body).translate(None, delete=_NOT_BRACKETS)
    return any(depth > limit for depth in accumulate(_DEPTH_STEP[b] for b in brackets))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser made safe against deep and huge bodies (see the module)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        body = self.read_body(stream, parser_context.get("request"))
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            if codecs.lookup(encoding).name != "utf-8":  # orjson reads UTF-8 only
                body = body.decode(encoding).encode()
        except (UnicodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        limit = settings.API_JSON_MAX_DEPTH
        if isinstance(data, list | dict) and nesting_depth_exceeds(body, limit):
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels.")
        return data

    def read_body(self, stream, request) -> bytes:
        """The body, refused with a 413 once it passes the size limit."""
        if stream is None:
            return b""
        limit = max_body_size()
        if limit is None:
            return stream.read()
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge()
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge()
        return body
