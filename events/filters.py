"""Query-string filters of the anniversary event and organisation lists (django-filter
FilterSets).

Every filter has a typed form field, so a malformed value is a 400 naming the
parameter; each method filter calls a queryset method of the model.
"""

import django_filters

from core.filters import (
    CountryFilter,
    FilterSet,
    MomentFilter,
    MonthFilter,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    search_filter,
)
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial


class AnniversaryEventFilterSet(FilterSet):
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
    month = MonthFilter(
        method=lambda qs, name, value: qs.in_month(*value),
        help_text="Events starting in this month, YYYY-MM (months in UTC).",
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


class OrganisationFilterSet(FilterSet):
    search = search_filter("names and countries")
    country = CountryFilter(
        method=lambda qs, name, value: qs.in_country(value),
        help_text="ISO 3166-1 code, e.g. NL.",
    )
    ordering = StableOrderingFilter(
        fields=(("sort_name", "name"), ("updated", "updated")),
        help_text="One of name, updated; prefix - for descending.",
    )

    class Meta:
        model = Organisation
        fields = []


class AnniversaryFeedFilterSet(django_filters.FilterSet):
    """Which historical events' anniversaries a feed holds. Each filter keeps the
    historical events related to a public record through the models' querysets."""

    commemorates = SlugFilter(
        method=lambda qs, name, value: qs.filter(slug=value),
        help_text="Slug of the historical event.",
    )
    country = CountryFilter(
        method=lambda qs, name, value: qs.in_country(value),
        help_text="ISO 3166-1 code of the country where the historical event took place.",
    )
    memorial = SlugFilter(
        method=lambda qs, name, value: qs.filter(
            memorials__in=Memorial.objects.public().filter(slug=value).values("pk")
        ),
        help_text="Slug of a memorial: what it commemorates.",
    )
    organisation = SlugFilter(
        method=lambda qs, name, value: qs.filter(
            pk__in=AnniversaryEvent.objects.public().held_by(value).values("historical_event")
        ),
        help_text="Slug of an organisation: what its public events commemorate.",
    )

    class Meta:
        model = HistoricalEvent
        fields = []
