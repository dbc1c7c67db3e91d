"""The public pages: what a visitor sees, what stays hidden, and what each page costs.

Pages use the same querysets and access policy as the API: unpublished records are a
404 to visitors and visible to editors. Each page runs at most 6 queries, the same
number with 3 records as with 30.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.demo import demo_load
from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    ArticleAuthorFactory,
    ArticleFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    PhotoFactory,
)

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)
MAX_QUERIES = 6

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen")]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo():
    demo_load()


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = []
    for block in blocks:
        data = json.loads(block)
        found.extend(data if isinstance(data, list) else [data])
    return found


def types_in(html: str) -> set[str]:
    return {item["@type"] for item in json_ld(html)}


def queries_of(client, url: str) -> tuple[int, object]:
    """The queries of a request for `url` once the connection is open and the filter
    choices are cached; the first request (which fills that cache) may add only one."""
    assert connection.features.supports_json_field  # SQLite probes it once per connection
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(cold) <= min(len(queries) + 1, MAX_QUERIES)
    return len(queries), response


# --- what visitors see -----------------------------------------------------------------
def test_a_visitor_finds_the_demo_memorial_by_its_turkish_spelling(client, demo):
    response = client.get("/memorials/", {"search": "Hocali"})

    assert response.status_code == 200
    assert 'href="/memorials/khojaly-memorial-the-hague/"' in response.text
    assert "1 memorial" in response.text


def test_the_memorial_page_shows_visiting_details_and_what_it_commemorates(client, demo):
    response = client.get("/memorials/khojaly-memorial-the-hague/")

    assert response.status_code == 200
    html = response.text
    assert '<h1 dir="auto">Khojaly Memorial, The Hague</h1>' in html
    assert "Xocalı soyqırımı abidəsi" in html  # other names
    assert "Nieuw Eykenduynen" in html  # the address
    assert 'href="/history/khojaly-massacre/"' in html
    assert "https://www.openstreetmap.org/directions?to=52.087000%2C" in html
    assert "Place of Khojaly monument in Hague changed" in html  # a related article
    assert types_in(html) == {"LandmarksOrHistoricalBuildings", "BreadcrumbList"}


def test_the_2015_commemoration_at_the_hague_is_the_23rd_anniversary(client, demo):
    html = client.get("/events/example-khojaly-commemoration-the-hague-2015/").text

    assert "the 23rd anniversary" in html


def test_an_approximate_location_is_said_to_be_approximate(client):
    MemorialFactory(slug="approx", location_precision="approximate")
    MemorialFactory(slug="exact", location_precision="exact")

    assert "approximate location" in client.get("/memorials/approx/").text
    assert "approximate location" not in client.get("/memorials/exact/").text


def test_photos_show_their_caption_credit_and_licence_and_load_lazily(client):
    photo = PhotoFactory(caption="The monument in 2020", credit="A. Photographer")

    html = client.get(photo.memorial.get_absolute_url()).text

    assert 'alt="A stone monument with a plaque"' in html
    assert 'loading="lazy"' in html
    assert 'width="40" height="30"' in html
    assert "The monument in 2020" in html
    assert "A. Photographer" in html
    assert "CC BY 4.0" in html
    assert 'property="og:image"' in html


def test_events_show_their_local_date_time_and_zone(client):
    # 23:30 UTC on 25 February is 02:30 on the 26th in Baku.
    AnniversaryEventFactory(
        title="Night vigil",
        starts_at=datetime.datetime(2027, 2, 25, 22, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 2, 25, 23, 30, tzinfo=datetime.UTC),
        time_zone="Asia/Baku",
    )

    html = client.get("/events/").text

    assert "26 February 2027, 02:30" in html
    assert "(Asia/Baku)" in html


def test_cancelled_events_stay_visible_marked_with_their_note(client):
    event = AnniversaryEventFactory(
        title="Wreath laying",
        status=AnniversaryEvent.Status.CANCELLED,
        cancellation_note="Storm warning for the whole day.",
    )

    listing = client.get("/events/").text
    page = client.get(event.get_absolute_url()).text

    assert "Wreath laying" in listing
    assert "Cancelled" in listing
    assert "Storm warning for the whole day." in listing
    assert "Storm warning for the whole day." in page
    event_data = next(item for item in json_ld(page) if item["@type"] == "Event")
    assert event_data["eventStatus"] == "https://schema.org/EventCancelled"
    assert event_data["organizer"]["name"] == event.organisation.name
    assert event_data["location"]["name"] == event.memorial.name


def test_past_and_upcoming_events_are_listed_apart(client):
    AnniversaryEventFactory(title="Vigil next year")
    AnniversaryEventFactory(
        title="Vigil last year",
        starts_at=datetime.datetime(2025, 2, 26, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 2, 26, 12, tzinfo=datetime.UTC),
    )

    upcoming = client.get("/events/").text
    past = client.get("/events/", {"upcoming": "false"}).text

    assert "Vigil next year" in upcoming
    assert "Vigil last year" not in upcoming
    assert "Vigil last year" in past
    assert "Vigil next year" not in past


def test_events_filter_by_month(client):
    AnniversaryEventFactory(title="February vigil")
    AnniversaryEventFactory(
        title="March vigil",
        starts_at=datetime.datetime(2030, 3, 1, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 3, 1, 12, tzinfo=datetime.UTC),
    )

    html = client.get("/events/", {"month": "2030-02"}).text

    assert "February vigil" in html
    assert "March vigil" not in html


def test_the_article_page_lists_authors_and_what_it_cites_and_is_cited_by(client):
    cited = ArticleFactory(title="Human Rights Watch report")
    article = ArticleFactory(title="A commentary", abstract="Our summary of it.")
    article.cites.add(cited)
    ArticleAuthorFactory(article=article, given_name="Cemre", family_name="Boztepe")
    ArticleAuthorFactory(
        article=article, given_name="", family_name="", organisation_name="AVİM", position=1
    )

    html = client.get(article.get_absolute_url()).text
    cited_html = client.get(cited.get_absolute_url()).text

    assert "Cemre Boztepe, AVİM" in html
    assert f'href="{cited.get_absolute_url()}"' in html
    assert f'href="{article.get_absolute_url()}"' in cited_html  # cited by
    data = next(item for item in json_ld(html) if item["@type"] == "Article")
    assert data["author"] == [
        {"@type": "Person", "name": "Cemre Boztepe"},
        {"@type": "Organization", "name": "AVİM"},
    ]


def test_the_organisation_page_lists_its_events(client):
    organisation = OrganisationFactory(name="Example Foundation")
    AnniversaryEventFactory(organisation=organisation, title="Our vigil")

    html = client.get(organisation.get_absolute_url()).text

    assert "Our vigil" in html
    assert "Organization" in types_in(html)


def test_near_a_city_in_the_directory_finds_memorials_around_it(client):
    MemorialFactory(name="In town", city="Leiden", latitude="52.160000", longitude="4.490000")
    MemorialFactory(name="Far away", city="Baku", latitude="40.400000", longitude="49.860000")

    html = client.get("/memorials/", {"place": "leiden", "radius": "20"}).text

    assert "In town" in html
    assert "Far away" not in html
    assert "km away" in html


# --- bad input and hidden records --------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/memorials/", {"country": "XX"}, "country"),
        ("/memorials/", {"near": "north"}, "near"),
        ("/memorials/", {"place": "Atlantis"}, "place"),
        ("/events/", {"month": "2026-13"}, "month"),
        ("/articles/", {"kind": "poem"}, "kind"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, url, query, field):
    response = client.get(url, query)

    assert response.status_code == 400
    assert response.text.count('<li><a href="#filter-') == 1  # that field only
    assert f'href="#filter-{field}">{field}</a>' in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize(
    "make",
    [
        lambda: MemorialFactory(is_published=False),
        lambda: ArticleFactory(is_published=False),
        lambda: AnniversaryEventFactory(status=AnniversaryEvent.Status.DRAFT),
        lambda: AnniversaryEventFactory(status=AnniversaryEvent.Status.SUBMITTED),
    ],
    ids=["memorial", "article", "draft event", "submitted event"],
)
def test_unpublished_records_are_a_404_to_visitors_and_shown_to_editors(client, make):
    record = make()

    assert client.get(record.get_absolute_url()).status_code == 404
    client.force_login(EditorFactory())
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]


def test_unpublished_records_are_left_out_of_lists(client):
    MemorialFactory(name="Draft memorial", is_published=False)
    ArticleFactory(title="Draft article", is_published=False)
    AnniversaryEventFactory(title="Draft event", status=AnniversaryEvent.Status.DRAFT)

    for url in ["/", "/memorials/", "/events/", "/articles/"]:
        assert "Draft" not in client.get(url).text, url


def test_an_unknown_page_is_the_sites_404_page(client):
    response = client.get("/memorials/no-such-memorial/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text


# --- cost, caching and sharing -------------------------------------------------------------
def make_records(count: int) -> None:
    historical_event = HistoricalEventFactory(slug="the-event")
    organisation = OrganisationFactory(slug="the-organisation")
    memorials = [
        MemorialFactory(historical_events=[historical_event], slug=f"memorial-{n}")
        for n in range(count)
    ]
    memorials[0].slug = "the-memorial"
    memorials[0].save()
    for n in range(count):
        event = AnniversaryEventFactory(
            historical_event=historical_event,
            memorial=memorials[0],
            organisation=organisation,
            slug=f"event-{n}",
            starts_at=datetime.datetime(2025 + n, 2, 26, 10, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2025 + n, 2, 26, 12, tzinfo=datetime.UTC),
        )
        article = ArticleFactory(slug=f"article-{n}")
        article.memorials.add(memorials[0])
        article.historical_events.add(historical_event)
        article.anniversary_events.add(event)
        ArticleAuthorFactory(article=article)
        PhotoFactory(memorial=memorials[0])


PAGES = [
    "/",
    "/memorials/",
    "/memorials/?search=Memorial&country=NL&kind=monument&commemorates=the-event",
    "/memorials/?near=52.05,4.35&radius=50",
    "/memorials/?view=map",
    "/memorials/the-memorial/",
    "/history/",
    "/history/the-event/",
    "/events/",
    "/events/?upcoming=false&organisation=the-organisation&country=NL",
    "/events/event-0/",
    "/articles/",
    "/articles/article-0/",
    "/organisations/the-organisation/",
]


@pytest.mark.parametrize("url", PAGES)
def test_each_page_runs_the_same_few_queries_with_3_or_30_records(client, url):
    make_records(3)
    small, response = queries_of(client, url)
    assert response.status_code == 200
    make_records_more = [MemorialFactory(slug=f"more-{n}", historical_events=[]) for n in range(27)]
    for n, memorial in enumerate(make_records_more):
        AnniversaryEventFactory(memorial=memorial, slug=f"more-event-{n}")
        ArticleFactory(slug=f"more-article-{n}").memorials.add(memorial)

    large, response = queries_of(client, url)

    assert response.status_code == 200
    assert small <= MAX_QUERIES
    assert large == small


def test_a_page_answers_a_conditional_get_with_a_304_after_one_query(client, demo):
    url = "/memorials/khojaly-memorial-the-hague/"
    first = client.get(url)
    assert first.headers["ETag"]
    assert first.headers["Last-Modified"]

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert len(queries) == 1
    assert again.content == b""


def test_a_change_to_the_data_changes_the_pages_validator(client):
    memorial = MemorialFactory(name="Before")
    first = client.get(memorial.get_absolute_url())

    with time_machine.travel(NOW + datetime.timedelta(seconds=5), tick=False):
        memorial.name = "After"
        memorial.save()
        again = client.get(
            memorial.get_absolute_url(), headers={"If-None-Match": first.headers["ETag"]}
        )

    assert again.status_code == 200
    assert "After" in again.text


def test_upcoming_lists_revalidate_as_time_passes_without_any_change(client):
    first = client.get("/events/")
    later = NOW + datetime.timedelta(minutes=20)

    with time_machine.travel(later, tick=False):
        again = client.get("/events/", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 200


def test_the_same_data_renders_the_same_bytes(client, demo):
    """No per-request nonce or token in a page: what a 304 keeps is what a 200 sends."""
    assert client.get("/").content == client.get("/").content


def test_every_page_has_a_title_description_canonical_url_and_social_tags(client, demo):
    for url in [
        "/",
        "/memorials/",
        "/memorials/khojaly-memorial-the-hague/",
        "/history/khojaly-massacre/",
        "/events/",
        "/articles/",
    ]:
        html = client.get(url).text
        assert re.search(r"<title>[^<]+</title>", html), url
        assert '<meta name="description" content="' in html, url
        assert f'<link rel="canonical" href="http://testserver{url}">' in html, url
        assert '<meta property="og:title"' in html, url
        assert '<meta name="twitter:card"' in html, url
        assert 'type="application/atom+xml"' in html, url


def test_the_historical_event_page_has_event_and_breadcrumb_data(client, demo):
    html = client.get("/history/khojaly-massacre/").text

    data = json_ld(html)
    assert {item["@type"] for item in data} == {"Event", "BreadcrumbList"}
    crumbs = next(item for item in data if item["@type"] == "BreadcrumbList")
    assert [c["name"] for c in crumbs["itemListElement"]] == ["Home", "History", "Khojaly massacre"]
    assert crumbs["itemListElement"][-1]["item"] == "http://testserver/history/khojaly-massacre/"


def test_json_ld_cannot_close_its_script_element(client):
    MemorialFactory(slug="tricky", name="</script><script>alert(1)</script>")

    html = client.get("/memorials/tricky/").text

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)[0]["name"] == "</script><script>alert(1)</script>"


def test_lists_count_up_to_the_limit_and_then_say_more_than(client, settings):
    settings.API_COUNT_LIMIT = 3
    for n in range(5):
        MemorialFactory(name=f"Memorial {n}")

    html = client.get("/memorials/").text

    assert "More than 3 memorials" in html
    settings.API_COUNT_LIMIT = 10
    assert "5 memorials" in client.get("/memorials/").text
