import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import every view now (the URLconf imports them all; no database work), then take
# what lives for the whole process out of the garbage collector's full collections:
# with the ~100,000 objects of a loaded project in them, every few GeoJSON pages
# paused a worker for about 85 ms, the p99 of that answer. Frozen, a full collection
# looks at what requests allocate only (about 25 ms at worst).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
