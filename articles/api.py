"""API viewset of articles, registered on the `api/v1/` router by `register_routes`.

A list costs at most 3 queries whatever the page size (validators and count in one
aggregate, the page with its related summaries, the authors); an item at most 4; a 304
one.
"""

from django.db.models import Prefetch

from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleAuthor
from articles.serializers import ArticleSerializer, ArticleWriteSerializer
from core.api.schema import read_write_schema
from core.api.viewsets import ResourceViewSet
from events.models import AnniversaryEvent
from memorials.models import HistoricalEvent, Memorial


@read_write_schema(write=ArticleWriteSerializer, read=ArticleSerializer)
class ArticleViewSet(ResourceViewSet):
    """Articles about memorials, historical events and anniversary events.

    - `GET /api/v1/articles/`: 200, filtered by `memorial`, `commemorates`, `event`,
      `author`, `kind`, `language`, `published_after`, `published_before`, ordered by
      `ordering`; 400 naming a malformed parameter; 304.
    - `GET /api/v1/articles/{slug}/`: 200; 304; 404 when missing or unpublished.
    - `POST /api/v1/articles/`: 201 with `Location`; 400; 401; 403 (editors only).
    - `PUT`/`PATCH /api/v1/articles/{slug}/`: 200; 400; 401; 403; 404; 412.
    - `DELETE /api/v1/articles/{slug}/`: 204; 401; 403; 404; 412.

    Lists and items show the same fields: the related summaries are computed inside
    the article query and the authors are one prefetch, so a page costs 3 queries.
    Readers who are not editors see only published articles, memorials and events in
    the summaries.
    """

    model = Article
    read_serializer_class = ArticleSerializer
    write_serializer_class = ArticleWriteSerializer
    filterset_class = ArticleFilterSet
    etag_related_fields = (
        "memorials__updated",
        "historical_events__updated",
        "anniversary_events__updated",
        "cites__updated",
        "cited_by__updated",
    )
    etag_related_models = (Memorial, HistoricalEvent, AnniversaryEvent, Article)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_summaries(self.request.user)
            .prefetch_related(
                Prefetch(
                    "authors",
                    queryset=ArticleAuthor.objects.only(
                        "article_id", "position", "given_name", "family_name", "organisation_name"
                    ),
                )
            )
        )


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("articles", ArticleViewSet, basename="article")
