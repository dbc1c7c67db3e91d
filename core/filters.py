"""Typed query-string filters shared by the apps' FilterSets, and their base class.

Each filter has a form field that refuses a malformed value, so the API answers 400
naming the parameter instead of silently ignoring it (django-filter's own boolean
field would).
"""

import copy
import datetime
import re

import django_filters
from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError as ApiValidationError

SEARCH_HELP = (
    "Words to find, ignoring case and accents (Hocali finds Hocalı); each word matches "
    "as a prefix and all must match. "
)


class _Filters(dict):
    """A FilterSet's `base_filters`, which django-filter deep-copies for every request
    (about 400 objects for the memorial list). A filter holds no per-request state but
    its `parent` and `model`, which the FilterSet sets on its copies, and its method
    binding, renewed here: a shallow copy of each filter is enough."""

    def __deepcopy__(self, memo):
        return {name: _copy_filter(filter_) for name, filter_ in self.items()}


def _copy_filter(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    if isinstance(copied.filter, FilterMethod):
        copied.filter = FilterMethod(copied)  # bound to the copy, so to its parent
    return copied


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, with what depends only on the class done once per
    process instead of once per request: the filters are copied shallowly (`_Filters`)
    and the form class (one form field per filter, with its label) is built once per
    FilterSet and model. No filter here builds its form field from the request."""

    _form_classes: dict[tuple[type, type], type[forms.Form]] = {}

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def get_form_class(self):
        key = (type(self), self.queryset.model)
        form_class = FilterSet._form_classes.get(key)
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _FormFields(form_class.base_fields)
            FilterSet._form_classes[key] = form_class
        return form_class


class _FormFields(dict):
    """A filter form's `base_fields`, which Django deep-copies for every form (with
    their widgets and choices). Validating a query string changes no field, so each
    form gets shallow copies."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, any case (`nl`, `NL`); cleaned to upper case."""

    def to_python(self, value):
        value = super().to_python(value)
        code = value.upper()
        if code and code not in countries:
            # The value goes in params: messages are %-formatted when reported.
            raise forms.ValidationError(
                "“%(value)s” is not an ISO 3166-1 alpha-2 country code.",
                code="invalid_choice",
                params={"value": value},
            )
        return code


class StrictBooleanField(forms.Field):
    """`true` or `false` (any case) and nothing else: django-filter's own boolean
    field turns unknown values into "no filter" silently."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        normalised = str(value).strip().lower()
        if normalised not in ("true", "false"):
            raise forms.ValidationError("Enter true or false.", code="invalid")
        return normalised == "true"


# Char filters need no schema annotation (one would hide their help_text).
class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class SlugFilter(django_filters.CharFilter):
    field_class = forms.SlugField


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering from an allow-list, always ending on the primary key so pages never
    overlap. Several keys are given comma-separated (`ordering=name,-updated`); a
    repeated `ordering` parameter is refused by `FilterBackend`."""

    def filter(self, qs, value):
        # `ordering=,` arrives as ['', '']: empty entries choose nothing.
        params = [param for param in value or [] if param]
        if not params:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in params), "pk")


def search_filter(searches: str) -> django_filters.CharFilter:
    """A `search` filter calling the queryset's `search()`; `searches` says what it
    reads, as in "titles and venue names"."""
    return django_filters.CharFilter(
        method=lambda queryset, name, value: queryset.search(value),
        max_length=200,
        help_text=f"{SEARCH_HELP}Searches {searches}.",
    )


class MomentField(forms.Field):
    """An ISO 8601 datetime (with or without offset; without one it is UTC) or a date,
    which means midnight UTC at the start of that day."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip()
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise forms.ValidationError(
                _("Enter an ISO 8601 date or datetime, e.g. 2030-02-26 or 2030-02-26T10:00+01:00."),
                "invalid",
            )
        if moment is None:
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        try:
            return in_utc(moment)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a moment between the years 1 and 9999 (in UTC)."), "invalid"
            ) from None


MONTH_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"


class MonthField(forms.CharField):
    """A calendar month as `YYYY-MM` (what `<input type="month">` sends), years 1000 to
    9999; cleaned to (year, month)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if not re.fullmatch(MONTH_PATTERN, value):
            raise forms.ValidationError(
                "Enter a month as YYYY-MM, e.g. 2026-02.", code="invalid", params={"value": value}
            )
        year, month = value.split("-")
        return int(year), int(month)


class StrictDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentFilter(django_filters.Filter):
    field_class = MomentField


# An empty value filters nothing (HTML forms send empty fields).
@extend_schema_field({"type": "string", "pattern": f"^({MONTH_PATTERN[1:-1]})?$"})
class MonthFilter(django_filters.Filter):
    field_class = MonthField


@extend_schema_field(OpenApiTypes.DATE)
class StrictDateFilter(django_filters.Filter):
    field_class = StrictDateField


def takes_one_value(filter_: django_filters.Filter) -> bool:
    """Whether the filter reads one value of its parameter (a form field for lists, such
    as a multiple choice, reads them all)."""
    return not issubclass(filter_.field_class, forms.MultipleChoiceField)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing a repeated single-valued parameter with a 400
    naming it: Django's QueryDict would silently keep the last value, so
    `?ordering=name&ordering=-updated` ordered by `updated` alone. Covers the
    FilterSet's filters and the paginator's `page` and `page_size`."""

    def filter_queryset(self, request, queryset, view):
        self.refuse_repeated_parameters(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def refuse_repeated_parameters(self, request, queryset, view) -> None:
        filterset_class = self.get_filterset_class(view, queryset)
        names = [
            name
            for name, filter_ in (filterset_class.base_filters if filterset_class else {}).items()
            if takes_one_value(filter_)
        ]
        paginator = getattr(view, "paginator", None)
        for attribute in ("page_query_param", "page_size_query_param"):
            if getattr(paginator, attribute, None):
                names.append(getattr(paginator, attribute))
        repeated = {
            name: ["Give this parameter once; separate several values with commas."]
            if name == "ordering"
            else ["Give this parameter once."]
            for name in names
            if len(request.query_params.getlist(name)) > 1
        }
        if repeated:
            raise ApiValidationError(repeated)


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment in UTC. ISO 8601 allows offsets up to ±23:59; PostgreSQL refuses
    those beyond ±15:59, so query values reach the database in UTC. ValueError when the
    moment in UTC falls outside the years 1 to 9999."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValueError(str(error)) from None


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 datetime (`2026-01-01T00:00:00+01:00`), in UTC."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return in_utc(moment)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """django-filter's ISO 8601 datetime filter, with the value in UTC (see `in_utc`)."""

    field_class = UtcIsoDateTimeField
