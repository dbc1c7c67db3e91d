"""Back office for historical events, memorials and their photos.

Editors change everything; organisers only read (their group has view permissions
only, which the admin turns into read-only pages). Every admin keeps history with
revert (see `core.admin.HistoryAdmin`).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import TIMESTAMP_FIELDS, FoldedSearchMixin, HistoryAdmin, PublishActionsMixin
from memorials.models import HistoricalEvent, Memorial, Photo


def photo_thumbnail(photo: Photo) -> str:
    if not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="96" loading="lazy">', photo.image.url, photo.alt_text
    )


@admin.register(HistoricalEvent)
class HistoricalEventAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("name", "start_date", "end_date", "place_name", "country", "memorial_count")
    list_filter = ("country", "start_date")
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("name", "other_names", "slug", "summary", "description")}),
        (
            _("When and where"),
            {
                "fields": (
                    ("start_date", "start_date_precision"),
                    ("end_date", "remembered_on"),
                    "leap_day",
                    "place_name",
                    "country",
                )
            },
        ),
        (_("Coordinates"), {"fields": ("latitude", "longitude")}),
        (_("Links"), {"fields": ("wikidata_id",)}),
        (_("Record"), {"fields": TIMESTAMP_FIELDS, "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(memorial_count=Count("memorials"))

    @admin.display(description=_("memorials"), ordering="memorial_count")
    def memorial_count(self, obj):
        return obj.memorial_count


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("thumbnail", "image", "alt_text", "caption", "credit", "licence", "order")
    readonly_fields = ("thumbnail",)
    ordering = ("order", "id")

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)


@admin.register(Memorial)
class MemorialAdmin(PublishActionsMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ("name", "kind", "status", "city", "country", "is_published", "updated")
    list_filter = ("is_published", "kind", "status", "country", "historical_events")
    autocomplete_fields = ("historical_events",)
    inlines = (PhotoInline,)
    fieldsets = (
        (None, {"fields": ("name", "other_names", "slug", "kind", "status", "is_published")}),
        (_("Commemorates"), {"fields": ("historical_events",)}),
        (
            _("Text"),
            {"fields": ("description", "inscription", "inscription_language", "designer")},
        ),
        (
            _("Place"),
            {
                "fields": (
                    "address",
                    "city",
                    "country",
                    "latitude",
                    "longitude",
                    "location_precision",
                    "time_zone",
                )
            },
        ),
        (_("Dates"), {"fields": ("unveiled_on", "unveiled_on_precision")}),
        (
            _("Visiting"),
            {"fields": ("website", "visiting_information", "accessibility")},
        ),
        (_("Links"), {"fields": ("wikidata_id", "openstreetmap_id")}),
        (_("Record"), {"fields": TIMESTAMP_FIELDS, "classes": ("collapse",)}),
    )


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    list_display = ("thumbnail", "alt_text", "memorial", "licence", "credit", "order")
    list_display_links = ("thumbnail", "alt_text")
    list_filter = ("licence", "memorial__country")
    list_select_related = ("memorial",)
    search_fields = ("alt_text", "caption", "credit", "memorial__name")
    autocomplete_fields = ("memorial",)
    fields = (
        "memorial",
        "thumbnail",
        "image",
        "alt_text",
        "caption",
        "credit",
        "licence",
        "source_url",
        "order",
        *TIMESTAMP_FIELDS,
    )
    readonly_fields = ("thumbnail", *TIMESTAMP_FIELDS)

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        return photo_thumbnail(photo)
