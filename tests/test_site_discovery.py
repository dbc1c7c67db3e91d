"""Sitemap, robots.txt and Atom feeds: they answer and list only published content."""

import xml.etree.ElementTree as ET

import pytest

from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, ArticleFactory, MemorialFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def sitemap_locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_published_records_with_their_last_change(client):
    published = MemorialFactory(slug="published")
    MemorialFactory(slug="draft", is_published=False)
    ArticleFactory(slug="draft-article", is_published=False)
    AnniversaryEventFactory(slug="draft-event", status=AnniversaryEvent.Status.DRAFT)

    sections = sitemap_locations(client, "/sitemap.xml")
    pages = [loc for section in sections for loc in sitemap_locations(client, section)]

    assert "http://testserver/sitemap-memorials.xml" in sections
    assert f"http://testserver{published.get_absolute_url()}" in pages
    assert "http://testserver/memorials/" in pages
    assert not [page for page in pages if "draft" in page]
    memorials = ET.fromstring(client.get("/sitemap-memorials.xml").content)
    lastmod = memorials.find(f"{SITEMAP}url/{SITEMAP}lastmod").text
    assert lastmod == published.updated.date().isoformat()


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_the_events_feed_lists_published_and_cancelled_events_only(client):
    AnniversaryEventFactory(title="Public vigil")
    AnniversaryEventFactory(
        title="Called off", status="cancelled", cancellation_note="Storm warning."
    )
    AnniversaryEventFactory(title="Secret plan", status=AnniversaryEvent.Status.SUBMITTED)

    response = client.get("/feeds/events/")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    titles = [t.text for t in ET.fromstring(response.content).iter(f"{ATOM}title")]
    assert "Public vigil" in titles
    assert "Cancelled: Called off" in titles
    assert "Secret plan" not in titles


def test_the_articles_feed_lists_published_articles_only(client):
    ArticleFactory(title="Published piece", abstract="What it says, in our words.")
    ArticleFactory(title="Draft piece", is_published=False)

    root = ET.fromstring(client.get("/feeds/articles/").content)

    titles = [t.text for t in root.iter(f"{ATOM}title")]
    assert "Published piece" in titles
    assert "Draft piece" not in titles
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert "http://testserver/articles/published-piece/" in links
