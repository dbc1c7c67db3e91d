"""API shapes of articles: a read serializer (what every answer shows) and a write
serializer (what an editor may set). Related records are read as summaries and written
as slugs."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers

from articles.models import Article, ArticleAuthor
from core.api.fields import ApiUrlField, OptionalUrlField, SummaryListField, WebUrlField
from core.api.serializers import ModelRulesMixin, SlugReferenceField
from events.models import AnniversaryEvent
from memorials.models import HistoricalEvent, Memorial


class ArticleAuthorSerializer(serializers.ModelSerializer):
    """One author: a person (`family_name`, optionally `given_name`) or an organisation
    (`organisation_name`), checked with the model's own rule."""

    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = ArticleAuthor
        fields = ["given_name", "family_name", "organisation_name", "display_name"]

    def validate(self, attrs):
        try:
            ArticleAuthor(**attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class ArticleSerializer(serializers.ModelSerializer):
    """An article as readers see it: authors in order and related records as summaries.

    Needs `Article.objects.with_summaries(...)` (the related lists are computed in the
    article query) and prefetched `authors`: a page then costs two queries.
    `link` is the article's own address (the model's `url`); `url` is its API address.
    """

    url = ApiUrlField("article")
    web_url = WebUrlField()
    authors = ArticleAuthorSerializer(many=True, read_only=True)
    published = serializers.CharField(
        read_only=True,
        help_text="The publication date at its known precision: 2015, 2015-03 or 2015-03-04.",
    )
    link = OptionalUrlField(source="url", help_text="Where to read it; null if not online.")
    memorials = SummaryListField("memorial", source="memorial_items")
    historical_events = SummaryListField("historicalevent", source="historical_event_items")
    anniversary_events = SummaryListField("anniversaryevent", source="anniversary_event_items")
    cites = SummaryListField("article", source="cites_items", help_text="Articles this one cites.")
    cited_by = SummaryListField(
        "article", source="cited_by_items", help_text="Articles that cite this one."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "created",
            "updated",
            "title",
            "subtitle",
            "kind",
            "authors",
            "publisher",
            "publisher_place",
            "container_title",
            "number",
            "pages",
            "published",
            "published_on",
            "published_on_precision",
            "link",
            "accessed_on",
            "language",
            "abstract",
            "is_published",
            "memorials",
            "historical_events",
            "anniversary_events",
            "cites",
            "cited_by",
        ]
        read_only_fields = fields


class ArticleWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What an editor may set on an article. `authors` replaces the whole ordered list
    when given; related records are lists of slugs."""

    authors = ArticleAuthorSerializer(many=True, required=False)
    link = serializers.URLField(source="url", max_length=500, required=False, allow_blank=True)
    memorials = SlugReferenceField(
        slug_field="slug", queryset=Memorial.objects.all(), many=True, required=False
    )
    historical_events = SlugReferenceField(
        slug_field="slug", queryset=HistoricalEvent.objects.all(), many=True, required=False
    )
    anniversary_events = SlugReferenceField(
        slug_field="slug", queryset=AnniversaryEvent.objects.all(), many=True, required=False
    )
    cites = SlugReferenceField(
        slug_field="slug", queryset=Article.objects.all(), many=True, required=False
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "subtitle",
            "kind",
            "authors",
            "publisher",
            "publisher_place",
            "container_title",
            "number",
            "pages",
            "published_on",
            "published_on_precision",
            "link",
            "accessed_on",
            "language",
            "abstract",
            "is_published",
            "memorials",
            "historical_events",
            "anniversary_events",
            "cites",
        ]

    @transaction.atomic
    def create(self, validated_data):
        authors = validated_data.pop("authors", [])
        article = super().create(validated_data)
        self._replace_authors(article, authors)
        return article

    @transaction.atomic
    def update(self, instance, validated_data):
        authors = validated_data.pop("authors", None)
        article = super().update(instance, validated_data)
        if authors is not None:
            self._replace_authors(article, authors)
        return article

    @staticmethod
    def _replace_authors(article, authors: list[dict]) -> None:
        article.authors.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, position=position, **author)
            for position, author in enumerate(authors)
        )
