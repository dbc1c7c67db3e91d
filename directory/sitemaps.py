"""`/sitemap.xml`: every public record's page with its last change, and the lists."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial


class RecordSitemap(Sitemap):
    """The public records of `model` (its access policy's `public()`), by last change."""

    model = None
    limit = 10_000

    def items(self):
        return self.model.objects.public().only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class MemorialSitemap(RecordSitemap):
    model = Memorial


class HistoricalEventSitemap(RecordSitemap):
    model = HistoricalEvent


class EventSitemap(RecordSitemap):
    model = AnniversaryEvent


class ArticleSitemap(RecordSitemap):
    model = Article


class OrganisationSitemap(RecordSitemap):
    model = Organisation


class ListSitemap(Sitemap):
    def items(self):
        return [
            "site:home",
            "site:memorial-list",
            "site:historical-event-list",
            "site:event-list",
            "site:article-list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": ListSitemap,
    "memorials": MemorialSitemap,
    "history": HistoricalEventSitemap,
    "events": EventSitemap,
    "articles": ArticleSitemap,
    "organisations": OrganisationSitemap,
}
