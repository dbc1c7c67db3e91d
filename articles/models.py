"""Articles: published works (commentaries, reports, news, papers) about memorials,
historical events and anniversary events, with their ordered authors and the works they
cite. The citation work lives here."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat, Trim
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import AccessPolicyModel, PublishableQuerySet
from core.db import related_summaries
from core.models import (
    DatePrecision,
    SearchableModel,
    SluggedModel,
    TimeStampedModel,
    format_partial_date,
)
from core.search import SearchQuerySetMixin
from events.models import AnniversaryEvent
from memorials.models import HistoricalEvent, Memorial


class ArticleQuerySet(SearchQuerySetMixin, PublishableQuerySet):
    """Access: everyone reads published articles; editors read, write and publish all
    (the defaults of `core.access`)."""

    def about_memorial(self, memorial_slug: str):
        return self.filter(
            pk__in=Article.memorials.through.objects.filter(memorial__slug=memorial_slug).values(
                "article"
            )
        )

    def commemorating(self, historical_event_slug: str):
        return self.filter(
            pk__in=Article.historical_events.through.objects.filter(
                historicalevent__slug=historical_event_slug
            ).values("article")
        )

    def about_event(self, event_slug: str):
        return self.filter(
            pk__in=Article.anniversary_events.through.objects.filter(
                anniversaryevent__slug=event_slug
            ).values("article")
        )

    def by_author(self, name: str):
        """Articles with an author whose family name or organisation name is `name`,
        ignoring case."""
        authors = ArticleAuthor.objects.filter(
            Q(family_name__iexact=name) | Q(organisation_name__iexact=name)
        )
        return self.filter(pk__in=authors.values("article"))

    def published_from(self, day):
        return self.filter(published_on__gte=day)

    def published_before(self, day):
        return self.filter(published_on__lt=day)

    def with_author_names(self):
        """Annotates `author_items`: a JSON list of {position, name, organisation} of the
        authors (`organisation` is the organisation's name, "" for a person), in the same
        query (order them by position)."""
        name = Case(
            When(~Q(organisation_name=""), then=F("organisation_name")),
            default=Trim(Concat("given_name", Value(" "), "family_name")),
            output_field=CharField(),
        )
        return self.annotate(
            author_items=related_summaries(
                ArticleAuthor.objects.all(),
                "article",
                position="position",
                name=name,
                organisation="organisation_name",
            )
        )

    def with_summaries(self, user):
        """Annotates `memorial_items`, `historical_event_items`, `anniversary_event_items`,
        `cites_items` and `cited_by_items`: JSON lists of {slug, name} of the related rows
        `user` may see, computed in the same query as the articles (no extra query).
        """
        memorials = Memorial.objects.visible_to(user)
        events = AnniversaryEvent.objects.visible_to(user)
        articles = Article.objects.visible_to(user)
        return self.annotate(
            memorial_items=related_summaries(memorials, "articles", slug="slug", name="name"),
            historical_event_items=related_summaries(
                HistoricalEvent.objects.all(), "articles", slug="slug", name="name"
            ),
            anniversary_event_items=related_summaries(
                events, "articles", slug="slug", name="title"
            ),
            cites_items=related_summaries(articles, "cited_by", slug="slug", name="title"),
            cited_by_items=related_summaries(articles, "cites", slug="slug", name="title"),
        )


class Article(SluggedModel, SearchableModel, TimeStampedModel, AccessPolicyModel):
    """A published work about memorials and events; it may cite other articles."""

    page_url_name = "site:article"

    slug_source = "title"

    class Kind(models.TextChoices):
        COMMENTARY = "commentary", _("Commentary")
        REPORT = "report", _("Report")
        NEWS = "news", _("News")
        BOOK = "book", _("Book")
        JOURNAL_ARTICLE = "journal-article", _("Journal article")
        WEB_PAGE = "web-page", _("Web page")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    publisher = models.CharField(max_length=200, blank=True)
    publisher_place = models.CharField(max_length=120, blank=True)
    container_title = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The journal, series or site it appears in, e.g. 'AVİM Commentary'."),
    )
    number = models.CharField(
        max_length=50, blank=True, help_text=_("Number within the series, e.g. '2015/26'.")
    )
    pages = models.CharField(max_length=30, blank=True, help_text=_("e.g. '187-214'."))
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    url = models.URLField(blank=True, max_length=500)
    accessed_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text=_("BCP 47 tag, e.g. 'tr'."))
    abstract = models.TextField(blank=True, help_text=_("In our own words, never copied."))
    memorials = models.ManyToManyField(Memorial, related_name="articles", blank=True)
    historical_events = models.ManyToManyField(HistoricalEvent, related_name="articles", blank=True)
    anniversary_events = models.ManyToManyField(
        AnniversaryEvent, related_name="articles", blank=True
    )
    cites = models.ManyToManyField("self", symmetrical=False, related_name="cited_by", blank=True)
    is_published = models.BooleanField(default=False, verbose_name=_("published"))

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [
            # Public article lists newest first, and published_after/before filters.
            models.Index(fields=["is_published", "published_on"], name="article_pub_date"),
            models.Index(fields=["kind"], name="article_kind"),
            models.Index(fields=["language"], name="article_language"),
        ]

    def __str__(self):
        return self.title

    @property
    def published(self) -> str:
        return format_partial_date(self.published_on, self.published_on_precision)

    def search_texts(self):
        return [self.title, self.subtitle, self.publisher, self.container_title]


class ArticleAuthor(TimeStampedModel):
    """One author of an article, in order: a person or an organisation."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(default=0)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text=_("When the author is an organisation.")
    )

    class Meta:
        ordering = ["article", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(family_name="") & Q(organisation_name=""))
                | (Q(family_name="") & Q(given_name="") & ~Q(organisation_name="")),
                name="articleauthor_person_or_organisation",
                violation_error_message=_(
                    "Give a person's family name or an organisation's name, not both."
                ),
            )
        ]
        indexes = [models.Index(fields=["family_name"], name="articleauthor_family")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        return " ".join(p for p in [self.given_name, self.family_name] if p)

    def clean(self):
        super().clean()
        if self.organisation_name and (self.family_name or self.given_name):
            raise ValidationError(
                {"organisation_name": _("An author is a person or an organisation, not both.")}
            )
        if not self.organisation_name and not self.family_name:
            raise ValidationError(
                {"family_name": _("Give a person's family name or an organisation's name.")}
            )
