"""Back office for articles and their authors. Editors manage and publish them;
organisers read published ones (`articles.models` access policy, applied by
`core.admin.HistoryAdmin`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from articles.models import Article, ArticleAuthor
from core.admin import TIMESTAMP_FIELDS, FoldedSearchMixin, HistoryAdmin, PublishActionsMixin


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    fields = ("position", "given_name", "family_name", "organisation_name")
    ordering = ("position", "id")


@admin.register(Article)
class ArticleAdmin(PublishActionsMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ("title", "kind", "published", "publisher", "language", "is_published")
    list_filter = ("is_published", "kind", "language", "published_on", "historical_events")
    autocomplete_fields = ("memorials", "historical_events", "anniversary_events", "cites")
    inlines = (ArticleAuthorInline,)
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "kind", "is_published")}),
        (
            gettext_lazy("Publication"),
            {
                "fields": (
                    "publisher",
                    "publisher_place",
                    "container_title",
                    "number",
                    "pages",
                    ("published_on", "published_on_precision"),
                    "url",
                    "accessed_on",
                    "language",
                )
            },
        ),
        (gettext_lazy("Abstract"), {"fields": ("abstract",)}),
        (
            gettext_lazy("About"),
            {"fields": ("memorials", "historical_events", "anniversary_events", "cites")},
        ),
        (gettext_lazy("Record"), {"fields": TIMESTAMP_FIELDS, "classes": ("collapse",)}),
    )

    @admin.display(description=gettext_lazy("published on"), ordering="published_on")
    def published(self, obj):
        return obj.published
