from django.urls import include, path

from bench.raw_views import raw_memorial_list

urlpatterns = [
    path("bench/raw/memorials/", raw_memorial_list, name="bench-raw-memorials"),
    path("", include("config.urls")),
]
