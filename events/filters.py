"""Query-string filters of the events app's API lists (django-filter FilterSets).

Every filter has a typed form field, so a malformed value is a 400 naming the
parameter; each method filter calls a queryset method of the model.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    CountryFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
)
from events.models import AnniversaryEvent, Article, Organisation


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
            raise ValidationError(
                _("Enter an ISO 8601 date or datetime, e.g. 2030-02-26 or 2030-02-26T10:00+01:00."),
                "invalid",
            )
        if moment is None:
            moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment


class StrictDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentFilter(django_filters.Filter):
    field_class = MomentField


@extend_schema_field(OpenApiTypes.DATE)
class StrictDateFilter(django_filters.Filter):
    field_class = StrictDateField


class AnniversaryEventFilterSet(django_filters.FilterSet):
    search = search_filter("titles and venue names and places")
    commemorates = SlugFilter(
        method=lambda qs, name, value: qs.commemorating(value),
        help_text="Slug of the commemorated historical event.",
    )
    memorial = SlugFilter(
        method=lambda qs, name, value: qs.at_memorial(value),
        help_text="Slug of the memorial where the event takes place.",
    )
    organisation = SlugFilter(
        method=lambda qs, name, value: qs.held_by(value),
        help_text="Slug of the organising organisation.",
    )
    country = CountryFilter(
        method=lambda qs, name, value: qs.in_country(value),
        help_text="ISO 3166-1 code of the memorial's or the venue's country, e.g. NL.",
    )
    starts_after = MomentFilter(
        method=lambda qs, name, value: qs.starting_from(value),
        help_text="Events starting at or after this ISO 8601 datetime or date (a date "
        "means 00:00 UTC that day; a datetime without offset is UTC).",
    )
    starts_before = MomentFilter(
        method=lambda qs, name, value: qs.starting_before(value),
        help_text="Events starting before this ISO 8601 datetime or date (a date means "
        "00:00 UTC that day, so the day itself is excluded).",
    )
    upcoming = StrictBooleanFilter(
        method=lambda qs, name, value: qs.upcoming() if value else qs.past(),
        help_text="true: events that have not ended yet; false: events that have ended.",
    )
    status = django_filters.ChoiceFilter(
        choices=AnniversaryEvent.Status.choices,
        help_text="Only narrows what you may see: anonymous clients see published and "
        "cancelled events, so status=draft gives them an empty list.",
    )
    ordering = StableOrderingFilter(
        fields=(("starts_at", "starts_at"), ("title", "title"), ("updated", "updated")),
        help_text="One of starts_at, title, updated; prefix - for descending.",
    )

    class Meta:
        model = AnniversaryEvent
        fields = []


class ArticleFilterSet(django_filters.FilterSet):
    search = search_filter("titles, subtitles, publishers and series")
    memorial = SlugFilter(
        method=lambda qs, name, value: qs.about_memorial(value),
        help_text="Slug of a memorial the article is about.",
    )
    commemorates = SlugFilter(
        method=lambda qs, name, value: qs.commemorating(value),
        help_text="Slug of a historical event the article is about.",
    )
    event = SlugFilter(
        method=lambda qs, name, value: qs.about_event(value),
        help_text="Slug of an anniversary event the article is about.",
    )
    author = django_filters.CharFilter(
        method=lambda qs, name, value: qs.by_author(value),
        max_length=200,
        help_text="An author's family name or organisation name (any case).",
    )
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices)
    language = django_filters.CharFilter(
        field_name="language", max_length=35, help_text="BCP 47 tag, e.g. tr."
    )
    published_after = StrictDateFilter(
        method=lambda qs, name, value: qs.published_from(value),
        help_text="Published on or after this ISO date (YYYY-MM-DD).",
    )
    published_before = StrictDateFilter(
        method=lambda qs, name, value: qs.published_before(value),
        help_text="Published before this ISO date (YYYY-MM-DD).",
    )
    ordering = StableOrderingFilter(
        fields=(("published_on", "published"), ("title", "title"), ("updated", "updated")),
        help_text="One of published, title, updated; prefix - for descending.",
    )

    class Meta:
        model = Article
        fields = []


class OrganisationFilterSet(django_filters.FilterSet):
    search = search_filter("names and countries")
    country = CountryFilter(
        method=lambda qs, name, value: qs.in_country(value),
        help_text="ISO 3166-1 code, e.g. NL.",
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("updated", "updated")),
        help_text="One of name, updated; prefix - for descending.",
    )

    class Meta:
        model = Organisation
        fields = []
