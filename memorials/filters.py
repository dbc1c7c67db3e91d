"""Query filters of the memorial and historical event lists.

Every filter has a typed form field, so a malformed value is a 400 naming the
parameter; the filtering itself is done by the models' queryset methods. The API schema
documents each parameter from its filter: `help_text`, choices and `example()`.
"""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.parameters import example
from core.filters import (
    CountryFilter,
    FilterSet,
    IsoDateTimeFilter,
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


class MemorialFilterSet(FilterSet):
    country = example(
        CountryFilter(method="filter_country", help_text="ISO 3166-1 alpha-2 code, any case."),
        "NL",
        "Netherlands",
    )
    city = example(
        django_filters.CharFilter(
            field_name="city", help_text="The city, exactly as written in the record."
        ),
        "The Hague",
    )
    kind = example(
        django_filters.ChoiceFilter(choices=Memorial.Kind.choices), "monument", "Monument"
    )
    status = example(
        django_filters.ChoiceFilter(choices=Memorial.Status.choices), "standing", "Standing"
    )
    commemorates = example(
        SlugFilter(
            method="filter_commemorates", help_text="Slug of a historical event: its memorials."
        ),
        "khojaly-massacre",
        "Khojaly massacre",
    )
    bbox = example(
        BboxFilter(
            method="filter_bbox",
            help_text="`min_lon,min_lat,max_lon,max_lat` in degrees (WGS 84); min must not "
            "exceed max, so a box cannot cross the antimeridian.",
        ),
        "4.2,52.0,4.4,52.2",
        "The Hague",
    )
    near = example(
        PointFilter(
            method="filter_near",
            help_text="`lat,lon`: memorials within `radius` km of the point; each result then "
            "carries `distance_km`, and `ordering=distance` sorts by it.",
        ),
        "52.08,4.26",
        "The Hague",
    )
    radius = example(
        django_filters.NumberFilter(
            method="filter_radius",
            min_value=0,
            max_value=MAX_RADIUS_KM,
            help_text=f"Kilometres around `near` (0 to {MAX_RADIUS_KM}, default "
            f"{DEFAULT_RADIUS_KM}). Only with `near`.",
        ),
        5,
        "Five kilometres",
    )
    updated_after = example(
        IsoDateTimeFilter(
            field_name="updated",
            lookup_expr="gt",
            help_text="Records changed after this moment (ISO 8601 with offset).",
        ),
        "2026-01-01T00:00:00Z",
        "Since",
    )
    is_published = example(
        StrictBooleanFilter(
            help_text="For editors, who also see unpublished memorials; for anyone else "
            "every result is published."
        ),
        False,
        "Drafts",
    )
    search = example(
        search_filter(
            "names, other names and places, and the names of the historical events commemorated"
        ),
        "Hocali",
        "Accent-free",
    )
    ordering = example(
        StableOrderingFilter(
            fields=(
                ("sort_name", "name"),
                ("created", "created"),
                ("updated", "updated"),
                ("unveiled_on", "unveiled_on"),
                ("distance_km", "distance"),
            ),
            help_text="Sort order (default `name`); `distance` needs `near`.",
        ),
        ["-created"],
        "Newest first",
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


class HistoricalEventFilterSet(FilterSet):
    country = example(
        CountryFilter(method="filter_country", help_text="ISO 3166-1 alpha-2 code, any case."),
        "AZ",
        "Azerbaijan",
    )
    starts_after = example(
        django_filters.DateFilter(
            method=lambda qs, name, value: qs.starting_between(after=value),
            help_text="Began on or after this day.",
        ),
        "1990-01-01",
        "1990",
    )
    starts_before = example(
        django_filters.DateFilter(
            method=lambda qs, name, value: qs.starting_between(before=value),
            help_text="Began on or before this day.",
        ),
        "1999-12-31",
        "2000",
    )
    search = example(
        search_filter("names, other names and places"), "Xocali", "Azerbaijani spelling"
    )
    ordering = example(
        StableOrderingFilter(
            fields=(("start_date", "start_date"), ("sort_name", "name"), ("updated", "updated")),
            help_text="Sort order (default `start_date`).",
        ),
        ["name"],
        "By name",
    )

    class Meta:
        model = HistoricalEvent
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)
