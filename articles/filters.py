"""Query-string filters of the article list (a django-filter FilterSet).

Every filter has a typed form field, so a malformed value is a 400 naming the
parameter; each method filter calls a queryset method of the model.
"""

import django_filters

from articles.models import Article
from core.filters import (
    FilterSet,
    SlugFilter,
    StableOrderingFilter,
    StrictDateFilter,
    search_filter,
)


class ArticleFilterSet(FilterSet):
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
