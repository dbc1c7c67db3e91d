"""The site's maps and the "Use my location" button in a real browser, with no network:
markers from the API's GeoJSON in clusters, popups that link to the memorial pages, one
marker on a memorial page, approximate locations, keyboard use, and the near-me form.

The tests draw no tile layer (MAP_TILE_URL empty), except one that points the tiles at
the live server, where they are missing, as when a tile server cannot be reached.
"""

import json
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core.models import LocationPrecision
from tests.factories import HistoricalEventFactory, MemorialFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

HAGUE = {"latitude": 52.0799, "longitude": 4.3113}
CLUSTER_LABEL = "4 memorials: zoom in to see them"


@pytest.fixture(autouse=True)
def _no_tiles(settings):
    settings.MAP_TILE_URL = ""


@pytest.fixture
def page_errors(page):
    """Uncaught errors and failed promises in the page's scripts."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def memorials():
    """Six located memorials: one in The Hague, one in Istanbul, four close together in
    Baku (one cluster at any zoom that shows all six); and two that no map shows."""
    khojaly = HistoricalEventFactory(name="Khojaly massacre", slug="khojaly-massacre")
    hague = MemorialFactory(
        name="Khojaly Memorial, The Hague",
        latitude=Decimal("52.087000"),
        longitude=Decimal("4.263000"),
        historical_events=[khojaly],
    )
    istanbul = MemorialFactory(
        name="Istanbul Memorial",
        city="Istanbul",
        country="TR",
        latitude=Decimal("41.008000"),
        longitude=Decimal("28.978000"),
    )
    baku = [
        MemorialFactory(
            name=f"Baku Memorial {n}",
            city="Baku",
            country="AZ",
            latitude=Decimal("40.370000") + Decimal(n) / 100,
            longitude=Decimal("49.830000") + Decimal(n) / 100,
            historical_events=[khojaly],
        )
        for n in range(4)
    ]
    MemorialFactory(name="Unpublished Memorial", is_published=False)
    MemorialFactory(name="Memorial without coordinates", latitude=None, longitude=None)
    return {"hague": hague, "istanbul": istanbul, "baku": baku}


def wait_for_map(page, state="ready"):
    page.wait_for_selector(f"[data-map][data-map-state={state}]", state="attached")
    return page.locator("[data-map]")


def markers_shown(page) -> int:
    """Memorials on the map: single markers plus the count inside each cluster."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("[data-map] .leaflet-marker-icon"))
            .reduce((sum, icon) => sum + (icon.classList.contains("marker-cluster")
                ? Number(icon.querySelector("[aria-hidden]").textContent) : 1), 0)"""
    )


# --- GeoJSON maps ------------------------------------------------------------------------
def test_the_home_map_shows_every_located_memorial_with_clusters(page, memorials, page_errors):
    page.goto("/")

    the_map = wait_for_map(page)

    expect(the_map).to_have_attribute("data-feature-count", "6")
    assert markers_shown(page) == 6
    cluster = page.get_by_role("button", name=CLUSTER_LABEL)
    expect(cluster).to_be_visible()
    expect(cluster).to_have_attribute("tabindex", "0")
    expect(page.get_by_role("button", name="Khojaly Memorial, The Hague")).to_be_visible()
    expect(page.get_by_role("button", name="Unpublished Memorial")).to_have_count(0)
    assert page_errors == []


def test_clicking_a_marker_opens_a_popup_linking_to_the_memorial_page(page, memorials):
    page.goto("/")
    wait_for_map(page)

    page.get_by_role("button", name="Istanbul Memorial").click()

    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("Istanbul Memorial")
    # The API's web_url: the page's absolute address.
    expect(link).to_have_attribute(
        "href", re.compile(re.escape(memorials["istanbul"].get_absolute_url()) + "$")
    )
    link.click()
    expect(page.locator("h1")).to_have_text("Istanbul Memorial")


def test_a_marker_opens_its_popup_and_the_link_from_the_keyboard(page, memorials):
    page.goto("/")
    wait_for_map(page)

    page.get_by_role("button", name="Khojaly Memorial, The Hague").focus()
    page.keyboard.press("Enter")

    link = page.locator(".leaflet-popup-content a")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{memorials['hague'].get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Khojaly Memorial, The Hague")


def test_a_cluster_opens_to_its_memorials_from_the_keyboard(page, memorials):
    page.goto("/")
    wait_for_map(page)

    page.get_by_role("button", name=CLUSTER_LABEL).focus()
    page.keyboard.press("Enter")

    for memorial in memorials["baku"]:
        expect(page.get_by_role("button", name=memorial.name)).to_be_visible()


def test_a_historical_event_map_shows_only_the_memorials_to_it(page, memorials):
    page.goto("/history/khojaly-massacre/")

    the_map = wait_for_map(page)

    expect(the_map).to_have_attribute("data-feature-count", "5")
    expect(page.get_by_role("button", name="Istanbul Memorial")).to_have_count(0)


def test_the_map_follows_the_geojson_pages(page, memorials, settings):
    settings.API_GEOJSON_MAX_PAGE_SIZE = 4
    requested: list[str] = []
    page.on(
        "request",
        lambda request: requested.append(request.url) if "format=geojson" in request.url else None,
    )

    page.goto("/")

    expect(wait_for_map(page)).to_have_attribute("data-feature-count", "6")
    assert len(requested) == 2
    assert "page_size=4" in requested[0]
    assert "page=2" in requested[1]


def test_the_map_draws_at_most_5000_memorials_and_says_so(page, memorials):
    """Two API pages of 3,000 (made up here, in the API's shape) are more than the cap."""

    def geojson_page(route):
        url = route.request.url
        second = "page=2" in url
        features = [
            {
                "type": "Feature",
                "id": f"m-{second}-{n}",
                "geometry": {"type": "Point", "coordinates": [4 + n / 1000, 52 + n / 3000]},
                "properties": {"name": f"Memorial {n}", "slug": f"m-{second}-{n}"},
            }
            for n in range(3000)
        ]
        body = {
            "type": "FeatureCollection",
            "features": features,
            "next": None if second else url + "&page=2",
            "previous": None,
        }
        route.fulfill(content_type="application/geo+json", body=json.dumps(body))

    page.route("**/api/v1/memorials/?format=geojson*", geojson_page)
    page.goto("/")

    expect(wait_for_map(page)).to_have_attribute("data-feature-count", "5000")
    expect(page.locator(".map__note")).to_have_text(
        "The map shows the first 5000 memorials. Narrow the search to see the others."
    )


def test_a_map_whose_memorials_cannot_be_loaded_says_so(page, memorials, page_errors):
    page.route(
        "**/api/v1/memorials/?format=geojson*",
        lambda route: route.fulfill(status=503, body="{}"),
    )
    page.goto("/")

    wait_for_map(page, state="failed")

    expect(page.locator(".map__note")).to_contain_text("could not load the memorials")
    assert page_errors == []


def test_the_memorial_list_shows_the_memorials_found_on_a_map(page, memorials):
    page.goto("/memorials/?view=map&country=AZ")

    expect(wait_for_map(page)).to_have_attribute("data-feature-count", "4")


# --- one point --------------------------------------------------------------------------
def test_a_memorial_page_shows_its_one_marker(page, memorials, page_errors):
    page.goto(memorials["hague"].get_absolute_url())
    wait_for_map(page)

    marker = page.locator("[data-map] .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("alt", "Khojaly Memorial, The Hague")
    expect(page.locator("[data-map] .map__approximate")).to_have_count(0)
    marker.click()
    expect(page.locator(".leaflet-popup-content")).to_have_text("Khojaly Memorial, The Hague")
    assert page_errors == []


def test_an_approximate_location_is_drawn_as_an_area_and_said_to_be_approximate(page):
    memorial = MemorialFactory(name="Memorial in Ganja", location_precision=LocationPrecision.CITY)

    page.goto(memorial.get_absolute_url())
    wait_for_map(page)

    expect(page.locator("[data-map] .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("[data-map] path.map__approximate")).to_have_count(1)
    expect(page.locator("[data-map] .map__note")).to_have_text(
        "Approximate location: the memorial is somewhere in the circle."
    )


# --- tiles ------------------------------------------------------------------------------
def test_markers_and_controls_work_when_the_tiles_cannot_be_loaded(
    page, memorials, settings, live_server, page_errors
):
    settings.MAP_TILE_URL = f"{live_server.url}/no-tiles/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_TILE_ATTRIBUTION = "Tiles by nobody"
    missing_tiles: list[str] = []
    page.on(
        "response",
        lambda response: (
            missing_tiles.append(response.url)
            if "/no-tiles/" in response.url and response.status == 404
            else None
        ),
    )

    page.goto(memorials["hague"].get_absolute_url())
    wait_for_map(page)

    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Tiles by nobody")
    page.get_by_role("button", name="Zoom out").click()
    page.locator("[data-map] .leaflet-marker-icon").click()
    expect(page.locator(".leaflet-popup-content")).to_have_text("Khojaly Memorial, The Hague")
    assert missing_tiles
    # Tile servers such as OpenStreetMap's want a Referer; they get our origin only.
    expect(page.locator("[data-map] img.leaflet-tile").first).to_have_attribute(
        "referrerpolicy", "strict-origin-when-cross-origin"
    )
    assert page_errors == []


# --- "Use my location" ------------------------------------------------------------------
def test_use_my_location_fills_near_clears_place_and_searches(page, memorials):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(HAGUE)
    page.goto("/memorials/?place=Nowhere")

    page.get_by_role("button", name="Use my location").click()

    page.wait_for_url("**/memorials/?*near=*")
    expect(page.locator("#filter-near")).to_have_value("52.07990,4.31130")
    expect(page.locator("#filter-place")).to_have_value("")
    assert "near=52.07990%2C4.31130" in page.url
    expect(page.locator(".cards .card").first).to_contain_text("Khojaly Memorial, The Hague")


def test_a_refused_location_asks_for_a_city_or_coordinates(page, memorials):
    page.context.clear_permissions()
    page.goto("/memorials/")

    button = page.get_by_role("button", name="Use my location")
    button.click()

    expect(page.get_by_role("status").filter(has_text="Type a city")).to_have_text(
        "Your browser did not share your location. Type a city from the directory, "
        "or coordinates, instead."
    )
    expect(page.locator("#filter-near")).to_have_value("")
    assert "near=" not in page.url
    expect(button).to_be_focused()


def test_use_my_location_stays_hidden_without_geolocation(page, memorials):
    page.add_init_script("delete Navigator.prototype.geolocation;")
    page.goto("/memorials/")

    expect(page.locator("button[data-near-me]")).to_be_hidden()
