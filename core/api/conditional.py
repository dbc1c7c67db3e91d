"""Conditional requests for API viewsets: ETag and Last-Modified validators.

- `GET` item and list answers carry `ETag` and `Last-Modified`; a matching
  `If-None-Match` or a fresh `If-Modified-Since` answers 304 after one query.
- `PUT`, `PATCH` and `DELETE` honour `If-Match` (and `If-Unmodified-Since`): when the
  record changed since the client read it, the answer is 412 and nothing is written.
  The row is locked while comparing, so two editors cannot overwrite each other.

The RFC 9110 evaluation itself is Django's `get_conditional_response`.
"""

import datetime
import functools
import hashlib
from collections.abc import Callable

# The SQL composed below is made of compiled querysets (with their parameters kept as
# parameters) and fixed text: S608 does not apply.
# ruff: noqa: S608
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response

from core.roles import is_editor


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it. Fetch it again and retry."
    default_code = "precondition_failed"


def make_etag(*parts) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def latest(*values: datetime.datetime | None) -> datetime.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _compiled(queryset, using: str) -> tuple[str, list] | None:
    """The SQL of a queryset, or None when it can match nothing."""
    try:
        sql, params = queryset.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:
        return None
    return sql, list(params)


def list_state(queryset, watched_models, *, count_limit: int | None) -> tuple:
    """(count, latest change) of a list, in one statement of index lookups.

    - The latest change: for each of `watched_models`, its newest `updated` and, when it
      keeps a history, its newest history entry (which also records deletions). One
      index probe each, whatever the filters and however large the table: a list's
      validators change when any record it could show changes, appears or disappears.
    - The count (with `count_limit`): the matching rows, counted up to `count_limit + 1`
      (a bounded range of an index); None when more match, or without `count_limit`.
    """
    using = queryset.db
    columns: list[str] = []
    params: list = []
    if count_limit is None:
        columns.append("NULL")
    else:
        rows = _compiled(queryset.order_by().values("pk")[: count_limit + 1], using)
        columns.append(f"(SELECT COUNT(*) FROM ({rows[0]}) counted)" if rows else "0")
        params += rows[1] if rows else []
    probes, probe_params = _latest_change_probes(tuple(watched_models), using)
    columns += probes
    params += probe_params
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        count, *timestamps = cursor.fetchone()
    if count is not None and (count_limit is None or int(count) > count_limit):
        count = None
    last = latest(*(_as_datetime(value) for value in timestamps))
    return (None if count is None else int(count)), last


@functools.cache
def _latest_change_probes(models: tuple[type, ...], using: str) -> tuple[tuple, tuple]:
    """The subqueries of `list_state` that read the latest change of each of `models`
    (its newest `updated` and, when it keeps a history, its newest history entry) and
    their parameters. They do not depend on the request: compiled once per process and
    database."""
    columns: list[str] = []
    params: list = []
    for model in models:
        probes = [model._default_manager.order_by("-updated").values("updated")[:1]]
        history = getattr(model, "history", None)
        if history is not None:
            probes.append(
                history.model.objects.order_by("-history_date").values("history_date")[:1]
            )
        for probe in probes:
            sql, probe_params = _compiled(probe.using(using), using)
            columns.append(f"({sql})")
            params += probe_params
    return tuple(columns), tuple(params)


def bounded_count(queryset, limit: int) -> int | None:
    """The rows of `queryset`, counted up to `limit + 1`; None when more than `limit`."""
    count = queryset.order_by().values("pk")[: limit + 1].count()
    return count if count <= limit else None


def _as_datetime(value) -> datetime.datetime | None:
    """A timestamp as the driver returned it (SQLite: text in UTC) as an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


class ConditionalRequestMixin:
    """Validators for viewsets whose model has an `updated` timestamp.

    `etag_related_fields`: lookups such as `"historical_events__updated"` whose latest
    value changes an item's representation (its related summaries).
    `etag_related_models`: models whose latest `updated` changes a list's representation.
    """

    etag_related_fields: tuple[str, ...] = ()
    etag_related_models: tuple[type, ...] = ()

    # --- validators ---------------------------------------------------------------
    def representation_variant(self) -> tuple:
        renderer = getattr(self.request, "accepted_renderer", None)
        return (self.basename, getattr(renderer, "format", "json"), self.request.version)

    def audience(self) -> str:
        user = self.request.user
        if not user.is_authenticated:
            return "public"
        return "editor" if is_editor(user) else f"user:{user.pk}"

    def watched_models(self, queryset) -> tuple[type, ...]:
        """The models whose changes change a list of `queryset`."""
        return (queryset.model, *self.etag_related_models)

    def list_validators(self, queryset, *, counted: bool = True):
        """(count, ETag, Last-Modified) of a filtered list, in one statement (see
        `list_state`); count is None when not `counted` or more than API_COUNT_LIMIT
        rows match. The ETag names the representation, the audience, the query and the
        latest change."""
        limit = settings.API_COUNT_LIMIT if counted else None
        count, last = list_state(queryset, self.watched_models(queryset), count_limit=limit)
        etag = make_etag(
            self.representation_variant(),
            self.audience(),
            sorted(self.request.query_params.lists()),
            last,
        )
        return count, etag, last

    def item_validators(self, queryset, lock: bool = False) -> tuple[str, datetime.datetime]:
        """(ETag, Last-Modified) of the item the URL names, in one query; 404 if absent."""
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        rows = queryset.model._default_manager.filter(pk__in=queryset.filter(**lookup).values("pk"))
        if lock:
            # Hold the row until the write commits: a concurrent writer waits here.
            locked = rows.select_for_update().values_list("pk", flat=True)
            rows = queryset.model._default_manager.filter(pk__in=list(locked))
        # Grouped by the key alone and unordered: grouping by every column and ordering
        # the one row made compiling this statement most of a 304's work.
        annotations = {
            f"related_{index}": Subquery(
                queryset.model._default_manager.filter(pk=OuterRef("pk"))
                .values("pk")
                .annotate(value=Max(field))
                .values("value")[:1]
            )
            for index, field in enumerate(self.etag_related_fields)
        }
        found = rows.annotate(**annotations).order_by().values("pk", "updated", *annotations)
        row = next(iter(found[:1]), None)
        if row is None:
            raise NotFound()
        last = latest(row["updated"], *(row[k] for k in annotations))
        return make_etag(self.representation_variant(), row["pk"], last), last

    # --- evaluation ---------------------------------------------------------------
    def evaluate_preconditions(self, etag: str, last: datetime.datetime | None):
        """None to go on, a 304 Response to stop, or PreconditionFailed raised."""
        timestamp = int(last.timestamp()) if last else None
        answer = get_conditional_response(self.request._request, etag=etag, last_modified=timestamp)
        if answer is None:
            return None
        if answer.status_code == status.HTTP_412_PRECONDITION_FAILED:
            raise PreconditionFailed()
        return self.with_validators(Response(status=status.HTTP_304_NOT_MODIFIED), etag, last)

    def with_validators(self, response: HttpResponse, etag: str, last) -> HttpResponse:
        response["ETag"] = etag
        if last is not None:
            response["Last-Modified"] = http_date(last.timestamp())
        response["Cache-Control"] = "max-age=0, must-revalidate" + (
            ", private" if self.request.user.is_authenticated else ""
        )
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return response

    # --- actions ------------------------------------------------------------------
    # No docstrings on the actions: drf-spectacular would show them as the operation's
    # description instead of the viewset's.
    def list(self, request, *args, **kwargs):
        return self.conditional_page(self.filter_queryset(self.get_queryset()))

    def conditional_list(
        self,
        queryset,
        answer: Callable[[int | None], HttpResponse],
        *,
        paged: bool = True,
        counted: bool = True,
    ) -> HttpResponse:
        """`answer(count)` with the validators of the list `queryset`, or a 304. Every
        list representation (a page, a GeoJSON page, a cursor page) answers through here.

        A plain GET reads the validators and the count (when `counted`) in one statement,
        then whatever `answer` reads. A conditional GET reads the validators alone, so a
        304 costs a few index probes; only when it misses is the count read, one more
        query. `paged=False`: the caller checked its own paging parameters (GeoJSON and
        cursor pages have their own sizes).
        """
        headers = self.request.headers
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        count, etag, last = self.list_validators(queryset, counted=counted and not conditional)
        if paged:
            self.paginator.check_query(self.request)  # a bad page is no 304
        not_modified = self.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        if counted and conditional:
            count = bounded_count(queryset, settings.API_COUNT_LIMIT)
        return self.with_validators(answer(count), etag, last)

    def conditional_page(self, queryset, *, rows=None, render=None):
        """A page of `queryset` with validators, or a 304: one aggregate (count and
        validators), then the page query and its prefetches. `rows(queryset)` (default:
        the queryset itself) gives what is paged, only when a page is answered;
        `render` (default: the serializer) shapes a page."""

        def page(count: int | None) -> HttpResponse:
            items = self.paginator.paginate_queryset(
                queryset if rows is None else rows(queryset), self.request, view=self, count=count
            )
            data = self.get_serializer(items, many=True).data if render is None else render(items)
            return self.get_paginated_response(data)

        return self.conditional_list(queryset, page)

    def retrieve(self, request, *args, **kwargs):
        etag, last = self.item_validators(self.get_queryset())
        not_modified = self.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        return self.with_validators(super().retrieve(request, *args, **kwargs), etag, last)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_write_preconditions()
            response = super().update(request, *args, **kwargs)
        return self.after_write(response)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_write_preconditions()
            return super().destroy(request, *args, **kwargs)

    def check_write_preconditions(self) -> None:
        """412 if `If-Match` / `If-Unmodified-Since` no longer hold; locks the row."""
        headers = self.request.headers
        if "If-Match" not in headers and "If-Unmodified-Since" not in headers:
            return
        etag, last = self.item_validators(self.get_queryset(), lock=True)
        self.evaluate_preconditions(etag, last)

    def after_write(self, response):
        if response.status_code < 300:
            etag, last = self.item_validators(self.get_queryset())
            self.with_validators(response, etag, last)
        return response
