"""The `api/v1/` router: each app registers its viewsets in its own `api.py`."""

from rest_framework.routers import DefaultRouter

from articles.api import register_routes as register_articles
from events.anniversaries_api import register_routes as register_anniversaries
from events.api import register_routes as register_events
from memorials.api import register_routes as register_memorials

router = DefaultRouter()
register_memorials(router)
register_events(router)
register_articles(router)
register_anniversaries(router)
