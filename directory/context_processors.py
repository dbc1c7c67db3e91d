"""Template context for every page rendered with a request."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def map_settings(request: HttpRequest) -> dict:
    """`map_config`: what templates/directory/includes/map.html writes into the map's data
    attributes for directory/map.js. No query; one URL reversal."""
    memorial_page = reverse("site:memorial", kwargs={"slug": "slug"})
    return {
        "map_config": {
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "geojson_page_size": settings.API_GEOJSON_MAX_PAGE_SIZE,
            # For GeoJSON features without `web_url`: the page is this prefix + slug + "/".
            "memorial_url_prefix": memorial_page[: -len("slug/")],
        }
    }
