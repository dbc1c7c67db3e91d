from django.urls import include, path

from bench.raw_views import plain_events, plain_memorials

urlpatterns = [
    path("bench/plain/memorials/", plain_memorials, name="bench-plain-memorials"),
    path("bench/plain/events/", plain_events, name="bench-plain-events"),
    path("", include("config.urls")),
]
