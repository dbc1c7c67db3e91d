"""A visitor filters the memorial directory with its form, pages through the results,
and is told which field to correct when the query is wrong."""

import pytest

from memorials.models import Memorial
from tests.factories import MemorialFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def directory(site_data):
    """Besides `site_data` (the Khojaly monument in The Hague, a memorial in Amman):
    26 more monuments and 3 plaques in the Netherlands, 2 monuments in Türkiye."""
    MemorialFactory.create_batch(26, kind=Memorial.Kind.MONUMENT)
    MemorialFactory.create_batch(3, kind=Memorial.Kind.PLAQUE)
    MemorialFactory.create_batch(2, kind=Memorial.Kind.MONUMENT, country="TR", city="Ankara")
    return site_data


def test_visitor_filters_by_country_and_kind_and_pages_through(page, directory):
    page.goto("/memorials/")
    form = page.get_by_role("form", name="Find memorials")

    form.get_by_label("Country").select_option(label="Netherlands")
    form.get_by_label("Kind").select_option(label="Monument")
    with page.expect_navigation():
        form.get_by_role("button", name="Find memorials").click()

    assert "country=NL" in page.url
    assert "kind=monument" in page.url
    assert page.locator(".result-count").inner_text() == "27 memorials"
    assert page.locator(".card").count() == 24
    metas = page.locator(".card .card__meta:first-of-type").all_inner_texts()
    assert all(meta.startswith("Monument · The Hague, Netherlands") for meta in metas), metas
    pages = page.get_by_role("navigation", name="Pages")
    assert "Page 1 of 2" in pages.inner_text()

    with page.expect_navigation():
        pages.get_by_role("link", name="Next").click()

    assert page.locator(".card").count() == 3
    assert "Page 2 of 2" in pages.inner_text()
    # The filters stay as the visitor set them, and lead back to the first page.
    assert form.get_by_label("Country").input_value() == "NL"
    assert form.get_by_label("Kind").input_value() == "monument"
    with page.expect_navigation():
        pages.get_by_role("link", name="Previous").click()
    assert page.locator(".card").count() == 24
    assert "country=NL" in page.url


def test_the_kind_filter_alone_finds_the_plaques(page, directory):
    page.goto("/memorials/")

    page.get_by_label("Kind").select_option(label="Plaque")
    # Enter on a select does not submit a form; Enter in a text field does.
    with page.expect_navigation():
        page.get_by_label("Name, place or what it commemorates").press("Enter")

    assert page.locator(".result-count").inner_text() == "3 memorials"
    assert page.get_by_role("navigation", name="Pages").count() == 0


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/memorials/?country=XX", "country", "not an ISO 3166-1 alpha-2 country code"),
        ("/memorials/?kind=spire", "kind", "Select a valid choice"),
        ("/memorials/?place=Atlantis", "place", "No memorial in the directory is in a city"),
        ("/events/?month=2026-13", "month", "Enter a month as YYYY-MM"),
    ],
    ids=["country", "kind", "place", "month"],
)
def test_bad_input_is_a_400_naming_the_field(page, site_data, path, field, message):
    response = page.goto(path)

    assert response.status == 400
    alert = page.get_by_role("alert")
    assert alert.get_by_role("heading").inner_text() == "Please correct the search"
    error = alert.get_by_role("listitem")
    assert error.count() == 1
    assert error.inner_text().startswith(f"{field}: ")
    assert message in error.inner_text()
    # The error links to the field, which says it is invalid.
    control = page.locator(f"#filter-{field}")
    assert error.get_by_role("link").get_attribute("href") == f"#filter-{field}"
    assert control.get_attribute("aria-invalid") == "true"
    assert page.locator(".result-count").count() == 0
