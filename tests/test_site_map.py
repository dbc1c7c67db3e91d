"""The site's maps seen from the server: the map include's data attributes, the tile
settings and the Content-Security-Policy they open, and the vendored Leaflet files.
What the script draws is tested in a browser (tests/browser/test_site_map.py)."""

import re
from decimal import Decimal
from html.parser import HTMLParser
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config.settings import tile_origin
from core.models import LocationPrecision
from tests.factories import HistoricalEventFactory, MemorialFactory
from tests.test_settings import run_in_clean_process, settings_in_clean_process

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OTHER_TILES = "https://tiles.example.org/styles/{z}/{x}/{y}@2x.png"
VENDORED = {
    "vendor/leaflet/leaflet.js": "Leaflet 1.9.4",
    "vendor/leaflet/leaflet.css": ".leaflet-pane",
    "vendor/leaflet/images/marker-icon.png": None,
    "vendor/leaflet/images/marker-icon-2x.png": None,
    "vendor/leaflet/images/marker-shadow.png": None,
    "vendor/leaflet/images/layers.png": None,
    "vendor/leaflet/images/layers-2x.png": None,
    "vendor/leaflet.markercluster/leaflet.markercluster.js": "MarkerClusterGroup",
    "vendor/leaflet.markercluster/MarkerCluster.css": ".leaflet-cluster-anim",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css": ".marker-cluster-small",
}
LICENCES = {
    "vendor/leaflet/LICENSE": "BSD 2-Clause License",
    "vendor/leaflet.markercluster/MIT-LICENCE.txt": "Permission is hereby granted, free of charge",
}


class _MapFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.maps: list[dict[str, str | None]] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-map" in attributes:
            self.maps.append(attributes)
        if tag == "script":
            self.scripts.append(attributes)


def parse(response) -> _MapFinder:
    finder = _MapFinder()
    finder.feed(response.content.decode())
    return finder


def the_map(response) -> dict[str, str | None]:
    (attributes,) = parse(response).maps
    return attributes


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


# --- the include ------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_home_map_reads_the_memorial_geojson_with_the_configured_tiles(client, settings):
    settings.MAP_TILE_URL = OTHER_TILES
    settings.MAP_TILE_ATTRIBUTION = '&copy; <a href="https://example.org/">Example</a> & co'

    attributes = the_map(client.get("/"))

    assert attributes["data-geojson-url"] == "/api/v1/memorials/?format=geojson"
    assert attributes["data-geojson-page-size"] == str(settings.API_GEOJSON_MAX_PAGE_SIZE)
    assert attributes["data-memorial-url-prefix"] == "/memorials/"
    assert attributes["data-tile-url"] == OTHER_TILES
    # Escaped in the HTML, handed to Leaflet unchanged through the dataset.
    assert attributes["data-tile-attribution"] == (
        '&copy; <a href="https://example.org/">Example</a> & co'
    )
    assert attributes["aria-label"] == "Map of all memorials"
    assert attributes["data-text-cluster"] == "%(count)s memorials: zoom in to see them"
    assert "%(count)s" in attributes["data-text-capped"]
    assert "data-latitude" not in attributes


@pytest.mark.django_db
def test_a_historical_event_map_reads_only_the_memorials_that_commemorate_it(client):
    event = HistoricalEventFactory(slug="khojaly-massacre")
    MemorialFactory(historical_events=[event])

    attributes = the_map(client.get(event.get_absolute_url()))

    assert attributes["data-geojson-url"] == (
        "/api/v1/memorials/?format=geojson&commemorates=khojaly-massacre"
    )


@pytest.mark.django_db
def test_the_memorial_list_map_reads_the_same_filters_as_the_list(client):
    response = client.get("/memorials/", {"view": "map", "country": "NL", "page": "2"})

    url = the_map(response)["data-geojson-url"]
    assert url.startswith("/api/v1/memorials/?format=geojson&")
    assert "country=NL" in url
    assert "page=" not in url
    assert "view=" not in url


@pytest.mark.django_db
def test_a_memorial_map_is_one_point_with_its_name(client):
    memorial = MemorialFactory(
        name="Khojaly Memorial, The Hague",
        latitude=Decimal("52.087000"),
        longitude=Decimal("4.263000"),
    )

    attributes = the_map(client.get(memorial.get_absolute_url()))

    assert attributes["data-latitude"] == "52.087000"
    assert attributes["data-longitude"] == "4.263000"
    assert attributes["data-marker-label"] == "Khojaly Memorial, The Hague"
    assert "data-approximate" not in attributes
    assert "data-text-approximate" not in attributes
    assert "data-geojson-url" not in attributes


@pytest.mark.django_db
@pytest.mark.parametrize("precision", [LocationPrecision.APPROXIMATE, LocationPrecision.CITY])
def test_an_approximate_memorial_map_says_how_approximate(client, precision):
    memorial = MemorialFactory(location_precision=precision)

    attributes = the_map(client.get(memorial.get_absolute_url()))

    assert attributes["data-approximate"] == precision
    assert "approximate" in attributes["data-text-approximate"].lower()


@pytest.mark.django_db
def test_an_empty_tile_url_draws_no_tile_layer(client, settings):
    settings.MAP_TILE_URL = ""

    attributes = the_map(client.get("/"))

    assert "data-tile-url" not in attributes
    assert "data-tile-attribution" not in attributes


@pytest.mark.django_db
def test_map_pages_load_the_map_script_with_the_vendored_files_and_no_inline_script(client):
    memorial = MemorialFactory()

    for path in ["/", "/memorials/", memorial.get_absolute_url()]:
        scripts = parse(client.get(path)).scripts
        (map_script,) = [s for s in scripts if s.get("src", "").endswith("directory/map.js")]
        assert "defer" in map_script
        assert map_script["data-leaflet"] == "/static/vendor/leaflet/leaflet.js"
        assert map_script["data-markercluster"] == (
            "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"
        )
        assert map_script["data-marker-icon"] == "/static/vendor/leaflet/images/marker-icon.png"
        # Every script runs from our static files; JSON-LD is data, never run.
        runnable = [s for s in scripts if s.get("type") != "application/ld+json"]
        assert all(script.get("src", "").startswith("/static/") for script in runnable)


@pytest.mark.django_db
def test_the_near_me_button_script_carries_its_messages(client):
    scripts = parse(client.get("/memorials/")).scripts

    (site_script,) = [s for s in scripts if s.get("src", "").endswith("directory/site.js")]
    assert "Type a city" in site_script["data-near-me-refused"]
    assert "Type a city" in site_script["data-near-me-failed"]


# --- settings and the Content-Security-Policy -------------------------------------------
@pytest.mark.django_db
def test_the_csp_allows_the_tile_origin_for_images_and_nothing_else_new(client):
    # Settings are read once per process; the tests run with the default tiles.
    directives = csp_directives(client.get("/"))

    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }


def test_the_default_tiles_are_openstreetmaps_with_its_attribution():
    values = settings_in_clean_process(
        "MAP_TILE_URL", "MAP_TILE_ATTRIBUTION", "MAP_TILE_ORIGIN", DEBUG="true"
    )

    assert values["MAP_TILE_URL"] == OSM_TILES
    assert values["MAP_TILE_ORIGIN"] == "https://tile.openstreetmap.org"
    assert "OpenStreetMap" in values["MAP_TILE_ATTRIBUTION"]
    assert 'href="https://www.openstreetmap.org/copyright"' in values["MAP_TILE_ATTRIBUTION"]


def test_other_tiles_open_their_own_origin_in_the_csp():
    values = settings_in_clean_process(
        "SECURE_CSP",
        DEBUG="true",
        MAP_TILE_URL="https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png?key=abc",
        MAP_TILE_ATTRIBUTION="Tiles by Example",
    )

    assert values["SECURE_CSP"]["img-src"][1:] == [
        "data:",
        "blob:",
        "https://*.tiles.example.org:8443",
    ]
    assert values["SECURE_CSP"]["connect-src"] == ["'self'"]


def test_an_empty_tile_url_opens_nothing_in_the_csp():
    values = settings_in_clean_process("SECURE_CSP", "MAP_TILE_URL", DEBUG="true", MAP_TILE_URL="")

    assert values["MAP_TILE_URL"] == ""
    assert values["SECURE_CSP"]["img-src"][1:] == ["data:", "blob:"]


def test_a_tile_url_that_is_not_a_template_stops_the_start_up():
    result = run_in_clean_process(
        "-c", "import django; django.setup()", DEBUG="true", MAP_TILE_URL="tiles.example.org"
    )

    assert result.returncode != 0
    assert "MAP_TILE_URL='tiles.example.org' is not a tile URL template" in result.stderr


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        (OSM_TILES, "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}{r}.png", "https://*.tile.example.org"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
    ],
)
def test_the_tile_origin_is_the_scheme_and_host_of_the_template(url, origin):
    assert tile_origin(url) == origin


@pytest.mark.parametrize(
    "url",
    [
        "tile.openstreetmap.org/{z}/{x}/{y}.png",
        "javascript:alert(1)//{z}/{x}/{y}",
        "https://tile.openstreetmap.org/tiles.png",
        "https://{z}.example.org/{x}/{y}.png",
        "https://user@tiles.example.org/{z}/{x}/{y}.png",
        "data:image/png;base64,{z}{x}{y}",
    ],
)
def test_a_tile_url_that_is_not_an_http_template_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL"):
        tile_origin(url)


# --- the vendored libraries -------------------------------------------------------------
@pytest.mark.parametrize("path", [*VENDORED, *LICENCES])
def test_the_vendored_files_are_static_files(path):
    assert finders.find(path), path


def test_the_vendored_libraries_keep_their_licences():
    for path, words in LICENCES.items():
        with open(finders.find(path), encoding="utf-8") as licence:
            assert words in licence.read(), path


def test_the_vendored_files_are_served_with_their_licences(live_server):
    server = HTTPConnection(urlsplit(live_server.url).netloc, timeout=10)
    for path, words in {**VENDORED, **LICENCES}.items():
        server.request("GET", f"/static/{path}")
        response = server.getresponse()
        body = response.read()
        assert response.status == 200, path
        if words:
            assert words.encode() in body, path


def test_collectstatic_hashes_the_vendored_files_and_their_references(settings, tmp_path):
    """Production's manifest storage follows leaflet.css's images and each script's
    source map; a missing file would stop `collectstatic`."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    (css,) = (tmp_path / "vendor/leaflet").glob("leaflet.*.css")
    assert re.search(r"url\(\"?images/marker-icon\.[0-9a-f]{12}\.png", css.read_text())
    (script,) = (tmp_path / "vendor/leaflet").glob("leaflet.*.js")
    assert re.search(r"sourceMappingURL=leaflet\.js\.[0-9a-f]{12}\.map", script.read_text())
