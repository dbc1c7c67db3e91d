"""Typed query-string filters shared by the apps' FilterSets.

Each filter has a form field that refuses a malformed value, so the API answers 400
naming the parameter instead of silently ignoring it (django-filter's own boolean
field would).
"""

import django_filters
from django import forms
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

SEARCH_HELP = (
    "Words to find, ignoring case and accents (Hocali finds Hocalı); each word matches "
    "as a prefix and all must match. "
)


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, any case (`nl`, `NL`); cleaned to upper case."""

    def to_python(self, value):
        value = super().to_python(value)
        code = value.upper()
        if code and code not in dict(countries):
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
    overlap."""

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
