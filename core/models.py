"""Model building blocks shared by the domain apps: timestamps and creator, slugs,
search documents, partial dates, coordinates, and API tokens."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.text import fold


class DatePrecision(models.TextChoices):
    """How much of a stored date is known. An unknown day is stored as the 1st."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """ISO 8601 reduced precision: `2007`, `2020-04` or `2020-04-24`."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class LocationPrecision(models.TextChoices):
    EXACT = "exact", _("Exact spot")
    APPROXIMATE = "approximate", _("Approximate (site or street)")
    CITY = "city", _("City only")


latitude_validators = [MinValueValidator(-90), MaxValueValidator(90)]
longitude_validators = [MinValueValidator(-180), MaxValueValidator(180)]


def coordinate_constraints(prefix: str, lat: str, lon: str) -> list[models.CheckConstraint]:
    """Database twins of the coordinate validators: both set or both empty, within range."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{lat}__isnull": True})
            | models.Q(**{f"{lat}__gte": -90, f"{lat}__lte": 90}),
            name=f"{prefix}_latitude_range",
            violation_error_message=_("Latitude must be between -90 and 90."),
        ),
        models.CheckConstraint(
            condition=models.Q(**{f"{lon}__isnull": True})
            | models.Q(**{f"{lon}__gte": -180, f"{lon}__lte": 180}),
            name=f"{prefix}_longitude_range",
            violation_error_message=_("Longitude must be between -180 and 180."),
        ),
        models.CheckConstraint(
            condition=models.Q(**{f"{lat}__isnull": True, f"{lon}__isnull": True})
            | models.Q(**{f"{lat}__isnull": False, f"{lon}__isnull": False}),
            name=f"{prefix}_coordinates_pair",
            violation_error_message=_("Give both latitude and longitude, or neither."),
        ),
    ]


def clean_coordinates(
    latitude, longitude, *, fields: tuple[str, str] = ("latitude", "longitude")
) -> dict[str, str]:
    """Errors keyed by the missing partner's field name (`fields` names the model's
    latitude and longitude fields) for a coordinate pair given without its partner."""
    if (latitude is None) != (longitude is None):
        missing = fields[1] if longitude is None else fields[0]
        return {missing: _("Give both latitude and longitude, or neither.")}
    return {}


class TimeStampedModel(models.Model):
    """Created/updated timestamps and the user who created the record."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class SluggedModel(models.Model):
    """A slug made once from `slug_source` and kept when the name changes later.

    Subclasses name the field the slug comes from in `slug_source`, and the URL name of
    their public page in `page_url_name` (its only argument is the slug). Uniqueness is
    enforced by the database; `save()` picks a free suffix (`-2`, `-3`, ...), costing
    one query when the slug is made and none afterwards.
    """

    slug_source = "name"
    page_url_name: str = ""
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Part of the web address. Made from the name; kept when the name changes."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(getattr(self, self.slug_source))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The record's public page."""
        return reverse(self.page_url_name, kwargs={"slug": self.slug})

    @classmethod
    def unique_slug(cls, text: str, taken: set[str] | None = None) -> str:
        """A slug for `text` not used in the table nor in `taken` (for bulk inserts)."""
        base = slugify(fold(text))[:100].strip("-") or cls._meta.model_name
        existing = set(
            cls._default_manager.filter(slug__regex=rf"^{base}(-[0-9]+)?$").values_list(
                "slug", flat=True
            )
        ) | (taken or set())
        slug, n = base, 1
        while slug in existing:
            n += 1
            slug = f"{base}-{n}"
        return slug


class DerivedFieldsModel(models.Model):
    """Fields derived from the record's own values in `save()`, never edited.

    Mixins extend `refresh_derived_fields()` (calling super) and return the names they
    set; `save(update_fields=...)` saves those too. `bulk_create` skips `save()`, so bulk
    callers call `refresh_derived_fields()` themselves.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        derived = self.refresh_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def refresh_derived_fields(self) -> set[str]:
        return set()


class SearchableModel(DerivedFieldsModel):
    """Keeps a folded copy of the searchable text.

    `search_document` is what the full-text index covers (SQLite FTS5 or PostgreSQL
    full text, see `core.search`). Subclasses list their text in `search_texts()`.
    """

    search_document = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def search_texts(self) -> list[str]:
        raise NotImplementedError

    def refresh_derived_fields(self) -> set[str]:
        self.search_document = " ".join(fold(t) for t in self.search_texts() if t)
        return {*super().refresh_derived_fields(), "search_document"}


def sort_key(text: str) -> str:
    """The alphabetical key of a name: folded to lower-case ASCII words, so case and
    accents do not change the order (`Çanakkale` sorts as `canakkale`)."""
    return fold(text)


class SortKeyField(models.CharField):
    """A derived alphabetical key compared byte by byte on every database: the "C"
    collation on PostgreSQL (whose locale collations ignore spaces and punctuation),
    SQLite's binary default. So the order is the same on both, and a plain B-tree index
    on the column serves `ORDER BY` it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class NameSortedModel(DerivedFieldsModel):
    """Alphabetical order by `name` that ignores case and accents, the same on SQLite and
    PostgreSQL: order by `sort_name` (derived from `name` in `save()`)."""

    sort_name = SortKeyField(help_text=_("The name folded for alphabetical order."))

    class Meta:
        abstract = True

    def refresh_derived_fields(self) -> set[str]:
        self.sort_name = sort_key(self.name)[:255]
        return {*super().refresh_derived_fields(), "sort_name"}


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TimeStampedModel):
    """A per-user API token. Only a SHA-256 digest is stored; the key is shown once.

    A key looks like `cmm_<prefix>_<secret>`; the prefix finds the row through an index
    and the digest of the whole key must match. Revoking keeps the row for the record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text=_("What the token is for, e.g. 'guide app'."))
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str, by=None) -> tuple["ApiToken", str]:
        """Create a token for `user` (issued by `by`, e.g. an editor) and return it with its
        key, which is not stored anywhere."""
        import secrets

        prefix = secrets.token_hex(6)
        key = f"cmm_{prefix}_{secrets.token_urlsafe(32)}"
        token = cls.objects.create(
            user=user, name=name, prefix=prefix, digest=cls.hash_key(key), created_by=by
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> "ApiToken | None":
        """The active token for `key`, or None. One query."""
        import hmac

        parts = key.split("_")
        if len(parts) < 3 or parts[0] != "cmm":
            return None
        token = cls.objects.active().select_related("user").filter(prefix=parts[1]).first()
        if token and hmac.compare_digest(token.digest, cls.hash_key(key)):
            return token
        return None

    # How stale `last_used` may get: a busy token writes once a minute, not per request.
    LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)

    def record_use(self) -> None:
        """Set `last_used` to now unless it was set less than a minute ago.

        No query while the loaded value is recent; otherwise one UPDATE that repeats the
        condition, so requests racing with the same token write it once. `updated` is
        left alone: using a token does not change it.
        """
        from django.utils import timezone

        now = timezone.now()
        stale_before = now - self.LAST_USED_RESOLUTION
        if self.last_used is not None and self.last_used >= stale_before:
            return
        ApiToken.objects.filter(
            models.Q(last_used__isnull=True) | models.Q(last_used__lt=stale_before), pk=self.pk
        ).update(last_used=now)
        self.last_used = now

    def revoke(self) -> None:
        from django.utils import timezone

        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at", "updated"])
