"""Atom feeds of newly published commemorations and articles (Django's syndication
framework). Only public records, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from events.models import AnniversaryEvent

FEED_ITEMS = 50


class RecordFeed(Feed):
    """An Atom feed of records: published when added, updated when last changed."""

    feed_type = Atom1Feed

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated


class EventFeed(RecordFeed):
    title = _("Commemorate: new commemorations")
    subtitle = _("Anniversary events newly announced in the directory.")
    link = reverse_lazy("site:event-list")

    def items(self):
        return (
            AnniversaryEvent.objects.public()
            .select_related("historical_event", "organisation")
            .order_by("-created", "-id")[:FEED_ITEMS]
        )

    def item_title(self, item):
        if item.status == AnniversaryEvent.Status.CANCELLED:
            return _("Cancelled: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        return " ".join(
            filter(
                None,
                [
                    _("Commemorates %(name)s.") % {"name": item.historical_event.name},
                    _("Organised by %(name)s.") % {"name": item.organisation.name},
                    item.cancellation_note,
                ],
            )
        )


class ArticleFeed(RecordFeed):
    title = _("Commemorate: new articles")
    subtitle = _("Articles newly added to the directory.")
    link = reverse_lazy("site:article-list")

    def items(self):
        return Article.objects.public().order_by("-created", "-id")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.abstract
