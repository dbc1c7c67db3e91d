"""Historical events (what is remembered), memorials (sites) and their photos.

Access: everyone reads historical events and published memorials (and their photos);
editors read and change everything. `memorials` imports neither `events` nor `articles`.
"""

import calendar
import datetime
import math

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.db.models.functions import (
    ASin,
    Cast,
    Cos,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Least,
    Power,
    Radians,
    Sin,
    Sqrt,
)
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from timezonefinder import timezone_at

from core.access import AccessPolicyModel, AccessQuerySet, PublishableQuerySet, lookup
from core.db import pk_of_slug
from core.models import (
    DatePrecision,
    LocationPrecision,
    NameSortedModel,
    SearchableModel,
    SluggedModel,
    TimeStampedModel,
    clean_coordinates,
    coordinate_constraints,
    format_partial_date,
    latitude_validators,
    longitude_validators,
)
from core.search import SearchQuerySetMixin, search_with_related_condition
from core.text import search_terms
from core.timezones import time_zone_names, validate_time_zone
from memorials.anniversaries import (
    LeapDay,
    anniversary_date,
    anniversary_number,
    next_anniversary,
)

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"
WIKIDATA_ID_MESSAGE = _("Enter a Wikidata item id such as Q123.")
OSM_ID_PATTERN = r"^(node|way|relation)/[1-9][0-9]*$"
OSM_ID_MESSAGE = _("Enter an OpenStreetMap id such as node/123, way/123 or relation/123.")
wikidata_id_validator = RegexValidator(WIKIDATA_ID_PATTERN, WIKIDATA_ID_MESSAGE)
osm_id_validator = RegexValidator(OSM_ID_PATTERN, OSM_ID_MESSAGE)
TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
TIME_ZONE_MESSAGE = _("Give an IANA time zone such as Europe/Amsterdam.")


def optional_pattern_constraint(
    prefix: str, field: str, pattern: str, message
) -> models.CheckConstraint:
    """The database twin of a RegexValidator on an optional text field."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": pattern}),
        name=f"{prefix}_{field}_format",
        violation_error_message=message,
    )


# The migrations name the validator by this name.
validate_memorial_time_zone = validate_time_zone


def time_zone_at(latitude, longitude) -> str:
    """The IANA zone of a point (timezonefinder's bundled boundaries: local data, about
    15 µs a call once loaded; the first call in a process loads them, about 0.7 s), or ""
    when the point has none this server knows, or is off the globe (which the
    coordinates' own validators and constraints report)."""
    try:
        name = timezone_at(lat=float(latitude), lng=float(longitude)) or ""
    except ValueError:
        return ""
    return name if name in time_zone_names() else ""


def other_names_text(names: list[str]) -> str:
    return " ".join(names or [])


class HistoricalEventQuerySet(SearchQuerySetMixin, AccessQuerySet):
    """Access: historical events are public; editors change them (the `core.access`
    defaults)."""

    def in_country(self, country: str):
        return self.filter(country=country.upper())

    def known_to_the_day(self):
        """Historical events whose day is known: only they have an "on this day"."""
        return self.filter(start_date_precision=DatePrecision.DAY)

    def remembered_on(self, day: datetime.date):
        """Historical events whose anniversary falls on `day` (and that happened before
        it), known to the day: 29 February events on 28 February or 1 March of common
        years, as each chooses (`memorials.anniversaries`)."""
        month = Case(
            When(remembered_on=HistoricalEvent.RememberedOn.END, then=ExtractMonth("end_date")),
            default=ExtractMonth("start_date"),
        )
        day_of_month = Case(
            When(remembered_on=HistoricalEvent.RememberedOn.END, then=ExtractDay("end_date")),
            default=ExtractDay("start_date"),
        )
        dates = Q(remembrance_month=day.month, remembrance_day=day.day)
        if not calendar.isleap(day.year) and (day.month, day.day) in ((2, 28), (3, 1)):
            rule = LeapDay.FEBRUARY_28 if day.month == 2 else LeapDay.MARCH_1
            dates |= Q(remembrance_month=2, remembrance_day=29, leap_day=rule)
        year = Case(
            When(remembered_on=HistoricalEvent.RememberedOn.END, then=ExtractYear("end_date")),
            default=ExtractYear("start_date"),
        )
        return (
            self.known_to_the_day()
            .filter(start_date__lt=day)
            .annotate(remembrance_year=year, remembrance_month=month, remembrance_day=day_of_month)
            .filter(dates, remembrance_year__lt=day.year)
        )

    def anniversaries_between(self, first: datetime.date, last: datetime.date) -> list:
        """(day, historical event) of every anniversary from `first` to `last`
        inclusive, in date order, for events known to the day. Reads the rows once;
        the arithmetic is `memorials.anniversaries`."""
        found = []
        for historical_event in self.known_to_the_day().filter(start_date__lt=last):
            day = historical_event.next_anniversary(first)
            while day is not None and day <= last:
                if day > historical_event.remembrance_date:
                    found.append((day, historical_event))
                day = historical_event.next_anniversary(day + datetime.timedelta(days=1))
        return sorted(found, key=lambda pair: (pair[0], pair[1].sort_name, pair[1].pk))

    def starting_between(self, after=None, before=None):
        """Events that began on or after `after` and on or before `before` (dates)."""
        if after is not None:
            self = self.filter(start_date__gte=after)
        if before is not None:
            self = self.filter(start_date__lte=before)
        return self


class HistoricalEvent(
    SluggedModel, NameSortedModel, SearchableModel, TimeStampedModel, AccessPolicyModel
):
    """Something that is remembered, such as the Khojaly massacre of 1992."""

    page_url_name = "site:historical-event"

    class RememberedOn(models.TextChoices):
        START = "start", _("The first day")
        END = "end", _("The last day")

    name = models.CharField(max_length=200)
    other_names = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Other names, spellings and translations, one per entry."),
    )
    start_date = models.DateField(
        help_text=_(
            "The day it began (or happened). If only the year or month is known, use the 1st."
        )
    )
    start_date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        verbose_name=_("known to the"),
        help_text=_("Only events known to the day have an “on this day”."),
    )
    end_date = models.DateField(null=True, blank=True, help_text=_("Leave empty for one day."))
    remembered_on = models.CharField(
        max_length=10,
        choices=RememberedOn,
        default=RememberedOn.START,
        help_text=_("For an event over several days: the day its anniversary is kept."),
    )
    leap_day = models.CharField(
        max_length=20,
        choices=LeapDay,
        default=LeapDay.FEBRUARY_28,
        verbose_name=_("29 February in common years"),
        help_text=_("Only for an event on 29 February: when it is remembered in other years."),
    )
    place_name = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True, db_index=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    summary = models.CharField(max_length=500, blank=True, help_text=_("One or two sentences."))
    description = models.TextField(blank=True, help_text=_("Neutral, attributed text."))
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_id_validator], verbose_name="Wikidata id"
    )

    history = HistoricalRecords()
    objects = HistoricalEventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "sort_name", "id"]
        indexes = [
            # The default order and the starts_after / starts_before filters.
            models.Index(fields=["start_date", "sort_name", "id"], name="historicalevent_start"),
            # ordering=name.
            models.Index(fields=["sort_name", "id"], name="historicalevent_sort_name"),
        ]
        constraints = [
            *coordinate_constraints("historicalevent", "latitude", "longitude"),
            optional_pattern_constraint(
                "historicalevent", "wikidata_id", WIKIDATA_ID_PATTERN, WIKIDATA_ID_MESSAGE
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="historicalevent_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(remembered_on="start") | Q(end_date__isnull=False),
                name="historicalevent_remembered_on_a_day_of_its_span",
                violation_error_message=_("Only an event with an end date is remembered on it."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_date.year})" if self.start_date else self.name

    def search_texts(self):
        return [self.name, other_names_text(self.other_names), self.place_name, self.summary]

    @property
    def remembrance_date(self) -> datetime.date:
        """The day whose anniversaries are kept: the first or the last of its span."""
        return self.remembrance_of(
            start_date=self.start_date, end_date=self.end_date, remembered_on=self.remembered_on
        )

    @classmethod
    def remembrance_of(cls, *, start_date, end_date, remembered_on: str) -> datetime.date:
        """`remembrance_date` from the values, for callers that hold them without a
        record (the events list's fast path)."""
        if remembered_on == cls.RememberedOn.END and end_date:
            return end_date
        return start_date

    @property
    def has_day(self) -> bool:
        """Whether the day is known (only then is there an "on this day")."""
        return self.start_date_precision == DatePrecision.DAY

    @property
    def when(self) -> str:
        """The start at its known precision: `1992`, `1992-02` or `1992-02-25`."""
        return format_partial_date(self.start_date, self.start_date_precision)

    def anniversary_on(self, year: int) -> datetime.date | None:
        """The day of its anniversary in `year`; None unless known to the day."""
        if not self.has_day:
            return None
        return anniversary_date(self.remembrance_date, year, self.leap_day)

    def next_anniversary(self, on_or_after: datetime.date) -> datetime.date | None:
        if not self.has_day:
            return None
        return next_anniversary(self.remembrance_date, on_or_after, self.leap_day)

    def anniversary_number(self, day: datetime.date) -> int:
        """Which anniversary falls in the year of `day` (known to the year at least)."""
        return anniversary_number(self.remembrance_date, day)

    def clean(self):
        super().clean()
        errors = clean_coordinates(self.latitude, self.longitude)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.remembered_on == self.RememberedOn.END and not self.end_date:
            errors["remembered_on"] = _("Only an event with an end date is remembered on it.")
        if errors:
            raise ValidationError(errors)


EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.195


class MemorialQuerySet(SearchQuerySetMixin, PublishableQuerySet):
    """Access: everyone reads published memorials; editors read, change and publish
    all of them (the `core.access` defaults)."""

    def commemorating(self, historical_event):
        """Memorials of a historical event (an instance, a pk or a slug)."""
        if isinstance(historical_event, str):
            historical_event = pk_of_slug(HistoricalEvent, historical_event)
        return self.filter(historical_events=historical_event)

    def in_country(self, country: str):
        return self.filter(country=country.upper())

    def located(self):
        return self.filter(latitude__isnull=False)

    def in_bbox(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float):
        """Memorials inside a longitude/latitude box (served by index memorial_lat_lon).

        The box does not wrap around the antimeridian: min_lon <= max_lon.
        """
        return self.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )

    def near(self, latitude: float, longitude: float, radius_km: float):
        """Memorials within `radius_km` of a point, annotated with `distance_km`.

        A bounding box on the indexed latitude/longitude narrows the rows first; the
        exact great-circle (haversine) distance is then computed in SQL for those only.
        """
        lat_delta = radius_km / KM_PER_DEGREE_LATITUDE
        box = self.filter(
            latitude__gte=max(-90.0, latitude - lat_delta),
            latitude__lte=min(90.0, latitude + lat_delta),
        )
        cos_lat = math.cos(math.radians(min(89.999, abs(latitude) + lat_delta)))
        lon_delta = radius_km / (KM_PER_DEGREE_LATITUDE * cos_lat) if cos_lat > 0 else 360
        if abs(latitude) + lat_delta < 90 and lon_delta < 180:
            low, high = longitude - lon_delta, longitude + lon_delta
            if low >= -180 and high <= 180:
                box = box.filter(longitude__gte=low, longitude__lte=high)
            else:
                # The box crosses the antimeridian: keep both ends.
                box = box.filter(
                    Q(longitude__gte=(low + 360) if low < -180 else low)
                    | Q(longitude__lte=(high - 360) if high > 180 else high)
                )
        return box.annotate(distance_km=haversine_km(latitude, longitude)).filter(
            distance_km__lte=radius_km
        )

    def search(self, text: str):
        """Memorials whose own names and places match `text`, or which commemorate a
        historical event whose names match it ("Hocalı" finds the Khojaly memorial
        through the event's other names). Two full-text index lookups, one query.
        """
        terms = search_terms(text)
        if not terms:
            return self.none()
        return self.filter(
            search_with_related_condition(Memorial, terms, "historical_events", self.db)
        )


def haversine_km(latitude: float, longitude: float):
    """The great-circle distance in km from a point to each row's coordinates."""
    lat1 = math.radians(latitude)
    lat2 = Radians(Cast("latitude", FloatField()))
    delta_lat = lat2 - Value(lat1)
    delta_lon = Radians(Cast("longitude", FloatField())) - Value(math.radians(longitude))
    half_chord = Power(Sin(delta_lat / 2), 2) + Value(math.cos(lat1)) * Cos(lat2) * Power(
        Sin(delta_lon / 2), 2
    )
    # Rounding can push the chord a hair above 1, outside asin's domain.
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(half_chord, Value(1.0)))),
        output_field=FloatField(),
    )


class Memorial(SluggedModel, NameSortedModel, SearchableModel, TimeStampedModel, AccessPolicyModel):
    """A site that commemorates one or more historical events."""

    page_url_name = "site:memorial"

    class Kind(models.TextChoices):
        MONUMENT = "monument", _("Monument")
        STATUE = "statue", _("Statue")
        PLAQUE = "plaque", _("Plaque")
        MUSEUM = "museum", _("Museum")
        CEMETERY = "cemetery", _("Cemetery")
        PARK = "park", _("Park")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        STANDING = "standing", _("Standing")
        PLANNED = "planned", _("Planned")
        REMOVED = "removed", _("Removed")

    name = models.CharField(max_length=200)
    other_names = models.JSONField(
        default=list, blank=True, help_text=_("Other names and spellings, one per entry.")
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MONUMENT)
    status = models.CharField(max_length=20, choices=Status, default=Status.STANDING)
    historical_events = models.ManyToManyField(
        HistoricalEvent,
        related_name="memorials",
        blank=True,
        help_text=_("What this memorial commemorates."),
    )
    description = models.TextField(
        blank=True, help_text=_("Neutral text; say who reports each fact.")
    )
    inscription = models.TextField(blank=True, help_text=_("The inscription, as written."))
    inscription_language = models.CharField(
        max_length=35, blank=True, help_text=_("BCP 47 language tags, e.g. 'az, nl'.")
    )
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = CountryField()
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    location_precision = models.CharField(
        max_length=20,
        choices=LocationPrecision,
        default=LocationPrecision.EXACT,
        help_text=_("How exactly the coordinates mark the site."),
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_memorial_time_zone],
        help_text=_(
            "The IANA time zone of the site, such as Europe/Amsterdam: events here start "
            "in it. Left empty, it is found from the coordinates when the memorial is saved."
        ),
    )
    unveiled_on = models.DateField(
        null=True, blank=True, help_text=_("If only the year or month is known, use the 1st.")
    )
    unveiled_on_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    designer = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    visiting_information = models.TextField(blank=True)
    accessibility = models.TextField(blank=True, verbose_name=_("accessibility notes"))
    wikidata_id = models.CharField(
        max_length=20, blank=True, validators=[wikidata_id_validator], verbose_name="Wikidata id"
    )
    openstreetmap_id = models.CharField(
        max_length=40, blank=True, validators=[osm_id_validator], verbose_name="OpenStreetMap id"
    )
    is_published = models.BooleanField(default=False, verbose_name=_("published"))

    history = HistoricalRecords(m2m_fields=[historical_events])
    objects = MemorialQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        constraints = [
            *coordinate_constraints("memorial", "latitude", "longitude"),
            optional_pattern_constraint(
                "memorial", "wikidata_id", WIKIDATA_ID_PATTERN, WIKIDATA_ID_MESSAGE
            ),
            optional_pattern_constraint(
                "memorial", "openstreetmap_id", OSM_ID_PATTERN, OSM_ID_MESSAGE
            ),
            # The shape of an IANA name only: the list of zones changes with tzdata, so
            # the full check is validate_memorial_time_zone(), not a constraint.
            optional_pattern_constraint(
                "memorial", "time_zone", TIME_ZONE_PATTERN, TIME_ZONE_MESSAGE
            ),
        ]
        indexes = [
            # Public lists filtered by country (and city), or kind, or status, in name
            # order: each filter reads its rows already sorted and stops after a page.
            models.Index(
                fields=["is_published", "country", "sort_name", "id"], name="memorial_pub_country"
            ),
            models.Index(fields=["is_published", "country", "city"], name="memorial_pub_place"),
            models.Index(
                fields=["is_published", "kind", "sort_name", "id"], name="memorial_pub_kind"
            ),
            models.Index(
                fields=["is_published", "status", "sort_name", "id"], name="memorial_pub_status"
            ),
            # Alphabetical lists and the cursor walk: published rows in (sort_name, id).
            models.Index(fields=["is_published", "sort_name", "id"], name="memorial_pub_name"),
            # List validators (COUNT and MAX(updated) in one index scan); ordering=updated.
            models.Index(fields=["is_published", "updated"], name="memorial_pub_updated"),
            # Recently added published memorials (the home page), newest first.
            models.Index(fields=["is_published", "created", "id"], name="memorial_pub_created"),
            # bbox and near= filters narrow on latitude first, then longitude.
            models.Index(fields=["latitude", "longitude"], name="memorial_lat_lon"),
            # ordering=unveiled_on / -unveiled_on.
            models.Index(fields=["unveiled_on", "id"], name="memorial_unveiled"),
        ]

    def __str__(self):
        return self.name

    @property
    def unveiled(self) -> str:
        """The unveiling date at its known precision, e.g. `2007` or `2008-02-24`."""
        return format_partial_date(self.unveiled_on, self.unveiled_on_precision)

    def refresh_derived_fields(self) -> set[str]:
        """Also the time zone, from the coordinates, while it is empty: an editor's
        choice is kept, even when the coordinates change later."""
        derived = super().refresh_derived_fields()
        if not self.time_zone and self.latitude is not None and self.longitude is not None:
            self.time_zone = time_zone_at(self.latitude, self.longitude)
            derived.add("time_zone")
        return derived

    def search_texts(self):
        return [
            self.name,
            other_names_text(self.other_names),
            self.address,
            self.city,
            self.country.name if self.country else "",
        ]

    def clean(self):
        super().clean()
        errors = clean_coordinates(self.latitude, self.longitude)
        if errors:
            raise ValidationError(errors)


class PhotoQuerySet(AccessQuerySet):
    """Access: a photo is public when its memorial is; editors manage all photos."""

    def public_condition(self, through: str = "") -> Q:
        return Memorial.objects.public_condition(lookup(through, "memorial"))


class Photo(TimeStampedModel, AccessPolicyModel):
    """A photo of a memorial, shown in `order`, with the credit its licence needs."""

    class Licence(models.TextChoices):
        CC0 = "cc0", "CC0"
        CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA_4 = "cc-by-sa-4.0", "CC BY-SA 4.0"
        PERMISSION = "permission", _("Used with permission")

    memorial = models.ForeignKey(Memorial, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/%Y/%m/", width_field="width", height_field="height")
    # Recorded on upload, so pages can reserve the space before the image loads.
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    alt_text = models.CharField(
        max_length=300, help_text=_("What the photo shows, for people who cannot see it.")
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=20, choices=Licence)
    source_url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["memorial", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="photo_alt_text_required",
                violation_error_message=_("Describe the photo for people who cannot see it."),
            )
        ]

    def __str__(self):
        return self.caption or self.alt_text
