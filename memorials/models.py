"""Historical events (what is remembered), memorials (sites) and their photos."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import (
    DatePrecision,
    LocationPrecision,
    PublishableQuerySet,
    SearchableModel,
    SluggedModel,
    TimeStampedModel,
    clean_coordinates,
    coordinate_constraints,
    format_partial_date,
    latitude_validators,
    longitude_validators,
)

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("Enter a Wikidata item id such as Q123.")
)
osm_id_validator = RegexValidator(
    r"^(node|way|relation)/[1-9][0-9]*$",
    _("Enter an OpenStreetMap id such as node/123, way/123 or relation/123."),
)


def other_names_text(names: list[str]) -> str:
    return " ".join(names or [])


class HistoricalEventQuerySet(models.QuerySet):
    def in_country(self, country: str):
        return self.filter(country=country.upper())


class HistoricalEvent(SluggedModel, SearchableModel, TimeStampedModel):
    """Something that is remembered, such as the Khojaly massacre of 1992."""

    name = models.CharField(max_length=200)
    other_names = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Other names, spellings and translations, one per entry."),
    )
    start_date = models.DateField(help_text=_("The day it began (or happened)."))
    end_date = models.DateField(null=True, blank=True, help_text=_("Leave empty for one day."))
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
        ordering = ["start_date", "name"]
        constraints = [
            *coordinate_constraints("historicalevent", "latitude", "longitude"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="historicalevent_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_date.year})" if self.start_date else self.name

    def get_absolute_url(self):
        return reverse("api:historicalevent-detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return [self.name, other_names_text(self.other_names), self.place_name, self.summary]

    def clean(self):
        super().clean()
        errors = clean_coordinates(self.latitude, self.longitude)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)


class MemorialQuerySet(PublishableQuerySet):
    def commemorating(self, historical_event):
        return self.filter(historical_events=historical_event)

    def in_country(self, country: str):
        return self.filter(country=country.upper())


class Memorial(SluggedModel, SearchableModel, TimeStampedModel):
    """A site that commemorates one or more historical events."""

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
        ordering = ["name", "id"]
        constraints = coordinate_constraints("memorial", "latitude", "longitude")
        indexes = [
            # Public lists: published memorials filtered by country/city, ordered by name.
            models.Index(fields=["is_published", "country", "city"], name="memorial_pub_place"),
            models.Index(fields=["is_published", "name", "id"], name="memorial_pub_name"),
            # bbox and near= filters narrow on latitude first, then longitude.
            models.Index(fields=["latitude", "longitude"], name="memorial_lat_lon"),
            models.Index(fields=["kind"], name="memorial_kind"),
            models.Index(fields=["status"], name="memorial_status"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("api:memorial-detail", kwargs={"slug": self.slug})

    @property
    def unveiled(self) -> str:
        """The unveiling date at its known precision, e.g. `2007` or `2008-02-24`."""
        return format_partial_date(self.unveiled_on, self.unveiled_on_precision)

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


class Photo(TimeStampedModel):
    """A photo of a memorial, shown in `order`, with the credit its licence needs."""

    class Licence(models.TextChoices):
        CC0 = "cc0", "CC0"
        CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA_4 = "cc-by-sa-4.0", "CC BY-SA 4.0"
        PERMISSION = "permission", _("Used with permission")

    memorial = models.ForeignKey(Memorial, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/%Y/%m/")
    alt_text = models.CharField(
        max_length=300, help_text=_("What the photo shows, for people who cannot see it.")
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=20, choices=Licence)
    source_url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

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
