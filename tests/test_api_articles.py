"""Articles in the API: payload, visibility, filters, editor-only writes, query budget."""

import datetime

import pytest

from articles.models import Article
from tests.factories import (
    AnniversaryEventFactory,
    ArticleAuthorFactory,
    ArticleFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/articles/"


def item_url(article) -> str:
    return f"/api/v1/articles/{article.slug}/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def error_fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    return sorted({error["field"] for error in response.json()["errors"]})


def test_article_payload_in_full(api_client):
    memorial = MemorialFactory(name="Khojaly Monument", slug="khojaly-monument")
    hidden_memorial = MemorialFactory(is_published=False)
    historical = HistoricalEventFactory(name="Khojaly massacre", slug="khojaly")
    event = AnniversaryEventFactory(title="Commemoration", slug="commemoration")
    cited = ArticleFactory(title="Earlier report", slug="earlier-report")
    citing = ArticleFactory(title="Later review", slug="later-review")
    article = ArticleFactory(
        title="Khojaly remembered",
        slug="khojaly-remembered",
        subtitle="Twenty-three years on",
        kind=Article.Kind.COMMENTARY,
        publisher="AVİM",
        publisher_place="Ankara",
        container_title="AVİM Commentary",
        number="2015/26",
        pages="1-3",
        published_on=datetime.date(2015, 3, 1),
        published_on_precision="month",
        url="https://example.org/commentary",
        accessed_on=datetime.date(2024, 1, 2),
        language="en",
        abstract="Our own summary.",
    )
    ArticleAuthorFactory(article=article, position=1, given_name="Ayşe", family_name="Yılmaz")
    ArticleAuthorFactory(
        article=article, position=0, given_name="", family_name="", organisation_name="AVİM"
    )
    article.memorials.set([memorial, hidden_memorial])
    article.historical_events.set([historical])
    article.anniversary_events.set([event])
    article.cites.set([cited])
    citing.cites.set([article])

    response = api_client.get(item_url(article))

    assert response.status_code == 200
    base = "http://testserver/api/v1"
    assert response.json() == {
        "id": article.pk,
        "slug": "khojaly-remembered",
        "url": f"{base}/articles/khojaly-remembered/",
        "web_url": "http://testserver/articles/khojaly-remembered/",
        "created": article.created.isoformat().replace("+00:00", "Z"),
        "updated": article.updated.isoformat().replace("+00:00", "Z"),
        "title": "Khojaly remembered",
        "subtitle": "Twenty-three years on",
        "kind": "commentary",
        "authors": [
            {
                "given_name": "",
                "family_name": "",
                "organisation_name": "AVİM",
                "display_name": "AVİM",
            },
            {
                "given_name": "Ayşe",
                "family_name": "Yılmaz",
                "organisation_name": "",
                "display_name": "Ayşe Yılmaz",
            },
        ],
        "publisher": "AVİM",
        "publisher_place": "Ankara",
        "container_title": "AVİM Commentary",
        "number": "2015/26",
        "pages": "1-3",
        "published": "2015-03",
        "published_on": "2015-03-01",
        "published_on_precision": "month",
        "link": "https://example.org/commentary",
        "accessed_on": "2024-01-02",
        "language": "en",
        "abstract": "Our own summary.",
        "is_published": True,
        "memorials": [
            {
                "slug": "khojaly-monument",
                "name": "Khojaly Monument",
                "url": f"{base}/memorials/khojaly-monument/",
            }
        ],
        "historical_events": [
            {
                "slug": "khojaly",
                "name": "Khojaly massacre",
                "url": f"{base}/historical-events/khojaly/",
            }
        ],
        "anniversary_events": [
            {
                "slug": "commemoration",
                "name": "Commemoration",
                "url": f"{base}/events/commemoration/",
            }
        ],
        "cites": [
            {
                "slug": "earlier-report",
                "name": "Earlier report",
                "url": f"{base}/articles/earlier-report/",
            }
        ],
        "cited_by": [
            {
                "slug": "later-review",
                "name": "Later review",
                "url": f"{base}/articles/later-review/",
            }
        ],
    }


def test_anonymous_reads_published_articles_only(api_client):
    published = ArticleFactory()
    draft = ArticleFactory(is_published=False)

    assert slugs(api_client.get(LIST_URL)) == [published.slug]
    assert api_client.get(item_url(draft)).status_code == 404


def test_drafts_do_not_leak_through_summaries(api_client):
    article = ArticleFactory()
    article.cites.set([ArticleFactory(is_published=False)])
    article.anniversary_events.set([AnniversaryEventFactory(status="draft")])

    body = api_client.get(item_url(article)).json()

    assert body["cites"] == []
    assert body["anniversary_events"] == []


def test_editor_reads_unpublished_articles(api_client):
    draft = ArticleFactory(is_published=False)
    api_client.force_login(EditorFactory())

    assert api_client.get(item_url(draft)).status_code == 200


def test_organiser_reads_published_articles_only(api_client):
    draft = ArticleFactory(is_published=False)
    api_client.force_login(OrganiserFactory(organisations=[OrganisationFactory()]))

    assert api_client.get(item_url(draft)).status_code == 404


def test_filters(api_client):
    memorial = MemorialFactory(slug="monument")
    historical = HistoricalEventFactory(slug="khojaly")
    event = AnniversaryEventFactory(slug="ceremony")
    about_all = ArticleFactory(kind="report", language="tr", published_on=datetime.date(2020, 5, 1))
    about_all.memorials.set([memorial])
    about_all.historical_events.set([historical])
    about_all.anniversary_events.set([event])
    ArticleAuthorFactory(article=about_all, family_name="Boztepe")
    ArticleAuthorFactory(article=about_all, family_name="Boztepe", given_name="Other")
    other = ArticleFactory(kind="news", language="en", published_on=datetime.date(2010, 1, 1))

    assert slugs(api_client.get(LIST_URL, {"memorial": "monument"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"commemorates": "khojaly"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"event": "ceremony"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"author": "BOZTEPE"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"kind": "news"})) == [other.slug]
    assert slugs(api_client.get(LIST_URL, {"language": "tr"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"published_after": "2015-01-01"})) == [about_all.slug]
    assert slugs(api_client.get(LIST_URL, {"published_before": "2015-01-01"})) == [other.slug]
    assert slugs(api_client.get(LIST_URL, {"ordering": "published"})) == [
        other.slug,
        about_all.slug,
    ]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("kind", "poem"),
        ("published_after", "2015"),
        ("published_before", "yesterday"),
        ("ordering", "abstract"),
        ("memorial", "not a slug"),
    ],
)
def test_malformed_filter_is_a_400_naming_it(api_client, parameter, value):
    assert error_fields(api_client.get(LIST_URL, {parameter: value})) == [parameter]


def test_search_ignores_accents(api_client):
    match = ArticleFactory(title="Hocalı Katliamı")
    ArticleFactory(title="Something else")

    assert slugs(api_client.get(LIST_URL, {"search": "hocali"})) == [match.slug]


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_three_queries_whatever_the_page_size(
    api_client, django_assert_num_queries, rows
):
    cited = ArticleFactory()
    memorial = MemorialFactory()
    for article in ArticleFactory.create_batch(rows):
        ArticleAuthorFactory(article=article)
        article.cites.set([cited])
        article.memorials.set([memorial])

    with django_assert_num_queries(3):
        response = api_client.get(LIST_URL, {"page_size": 100})

    assert len(response.json()["results"]) == rows + 1


def test_item_costs_three_queries(api_client, django_assert_num_queries):
    article = ArticleFactory()
    ArticleAuthorFactory(article=article)

    with django_assert_num_queries(3):
        assert api_client.get(item_url(article)).status_code == 200


# --- writing -------------------------------------------------------------------------


@pytest.fixture
def editor_client(api_client):
    api_client.force_login(EditorFactory())
    return api_client


def test_editor_creates_an_article_with_ordered_authors(editor_client):
    MemorialFactory(slug="monument")
    cited = ArticleFactory(slug="cited")

    response = editor_client.post(
        LIST_URL,
        {
            "title": "New piece",
            "kind": "report",
            "authors": [
                {"family_name": "Zeynalov", "given_name": "Elvin"},
                {"organisation_name": "Example Institute"},
            ],
            "memorials": ["monument"],
            "cites": ["cited"],
            "published_on": "2024-05-01",
            "link": "https://example.org/piece",
        },
    )

    assert response.status_code == 201, response.content
    article = Article.objects.get(slug="new-piece")
    assert response["Location"] == f"http://testserver{item_url(article)}"
    assert [a.display_name for a in article.authors.all()] == [
        "Elvin Zeynalov",
        "Example Institute",
    ]
    assert list(article.cites.all()) == [cited]
    assert article.url == "https://example.org/piece"


def test_authors_are_replaced_on_write(editor_client):
    article = ArticleFactory()
    ArticleAuthorFactory(article=article, family_name="Old")

    response = editor_client.patch(
        item_url(article), {"authors": [{"family_name": "New"}, {"family_name": "Second"}]}
    )

    assert response.status_code == 200, response.content
    assert [a["family_name"] for a in response.json()["authors"]] == ["New", "Second"]


def test_invalid_author_is_a_400_naming_its_position(editor_client):
    article = ArticleFactory()
    ArticleAuthorFactory(article=article, family_name="Kept")

    response = editor_client.patch(
        item_url(article),
        {"authors": [{"family_name": "Fine"}, {"given_name": "Only a given name"}]},
    )

    assert error_fields(response) == ["authors.1.family_name"]
    assert [a.family_name for a in article.authors.all()] == ["Kept"]


def test_organiser_cannot_write_articles(api_client):
    api_client.force_login(OrganiserFactory(organisations=[OrganisationFactory()]))

    assert api_client.post(LIST_URL, {"title": "Nope"}).status_code == 403
    assert not Article.objects.exists()


def test_anonymous_cannot_write_articles(api_client):
    article = ArticleFactory()

    assert api_client.post(LIST_URL, {"title": "Nope"}).status_code == 401
    assert api_client.delete(item_url(article)).status_code == 401
    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_deletes_an_article(editor_client):
    article = ArticleFactory()

    assert editor_client.delete(item_url(article)).status_code == 204
    assert not Article.objects.exists()
