"""Query filters of the memorial and historical event lists.

Every filter has a typed form field, so a malformed value is a 400 naming the
parameter; the filtering itself is done by the models' queryset methods.
"""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    CountryFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
)
from memorials.models import HistoricalEvent, Memorial

MAX_RADIUS_KM = 20_000
DEFAULT_RADIUS_KM = 10


class NumberListField(forms.CharField):
    """Comma-separated numbers (`4.2,52.0`), each within `bounds[i]` (min, max)."""

    def __init__(self, *args, bounds: list[tuple[float, float]], shape: str, **kwargs):
        self.bounds, self.shape = bounds, shape
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        parts = value.split(",")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            numbers = []
        if len(numbers) != len(self.bounds) or any(n != n for n in numbers):
            raise forms.ValidationError(f"Give {self.shape}, as numbers separated by commas.")
        for number, (low, high) in zip(numbers, self.bounds, strict=True):
            if not low <= number <= high:
                raise forms.ValidationError(
                    f"Give {self.shape}; a number is out of range ({low} to {high})."
                )
        return numbers


class BboxField(NumberListField):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            bounds=[(-180, 180), (-90, 90), (-180, 180), (-90, 90)],
            shape="min_lon,min_lat,max_lon,max_lat",
            **kwargs,
        )

    def clean(self, value):
        numbers = super().clean(value)
        if numbers and (numbers[0] > numbers[2] or numbers[1] > numbers[3]):
            raise forms.ValidationError(
                "The minimum longitude and latitude must not exceed the maximum ones."
            )
        return numbers


class PointField(NumberListField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, bounds=[(-90, 90), (-180, 180)], shape="lat,lon", **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class BboxFilter(django_filters.Filter):
    field_class = BboxField


@extend_schema_field(OpenApiTypes.STR)
class PointFilter(django_filters.Filter):
    field_class = PointField


class MemorialFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        ordering = cleaned.get("ordering") or []
        if any(o.lstrip("-") == "distance" for o in ordering) and not cleaned.get("near"):
            self.add_error("ordering", "Order by distance only together with near=lat,lon.")
        if self.data.get("radius") not in (None, "") and not self.data.get("near"):
            self.add_error("radius", "Give radius together with near=lat,lon.")
        return cleaned


class MemorialFilterSet(django_filters.FilterSet):
    country = CountryFilter(method="filter_country", help_text="ISO 3166-1 code.")
    city = django_filters.CharFilter(field_name="city", help_text="The city, as written.")
    kind = django_filters.ChoiceFilter(choices=Memorial.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Memorial.Status.choices)
    commemorates = SlugFilter(
        method="filter_commemorates", help_text="Slug of a commemorated historical event."
    )
    bbox = BboxFilter(method="filter_bbox", help_text="min_lon,min_lat,max_lon,max_lat.")
    near = PointFilter(method="filter_near", help_text="lat,lon: results carry distance_km.")
    radius = django_filters.NumberFilter(
        method="filter_radius",
        min_value=0,
        max_value=MAX_RADIUS_KM,
        help_text=f"Kilometres around `near` (default {DEFAULT_RADIUS_KM}).",
    )
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="updated", lookup_expr="gt", help_text="Changed after this moment."
    )
    is_published = StrictBooleanFilter(
        help_text="Editors only see unpublished memorials; for others every result is true."
    )
    search = search_filter(
        "names, other names and places, and the names of the historical events commemorated"
    )
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("created", "created"),
            ("updated", "updated"),
            ("unveiled_on", "unveiled_on"),
            ("distance_km", "distance"),
        ),
        help_text="`distance` needs `near`.",
    )

    class Meta:
        model = Memorial
        form = MemorialFilterForm
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

    def filter_commemorates(self, queryset, name, value):
        return queryset.commemorating(value)

    def filter_bbox(self, queryset, name, value):
        return queryset.in_bbox(*value)

    def filter_near(self, queryset, name, value):
        radius = self.form.cleaned_data.get("radius")
        if radius is None:  # not `or`: radius=0 is a radius, not a missing one
            radius = DEFAULT_RADIUS_KM
        return queryset.near(value[0], value[1], float(radius))

    def filter_radius(self, queryset, name, value):
        return queryset  # read by filter_near


class HistoricalEventFilterSet(django_filters.FilterSet):
    country = CountryFilter(method="filter_country", help_text="ISO 3166-1 code.")
    starts_after = django_filters.DateFilter(
        method=lambda qs, name, value: qs.starting_between(after=value),
        help_text="Began on or after this day.",
    )
    starts_before = django_filters.DateFilter(
        method=lambda qs, name, value: qs.starting_between(before=value),
        help_text="Began on or before this day.",
    )
    search = search_filter("names, other names and places")
    ordering = StableOrderingFilter(
        fields=(("start_date", "start_date"), ("name", "name"), ("updated", "updated"))
    )

    class Meta:
        model = HistoricalEvent
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)
