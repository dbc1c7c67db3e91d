from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api import router

# The back office is the service's, not "Django administration".
admin.site.site_header = _("Commemorate back office")
admin.site.site_title = _("Commemorate back office")
admin.site.index_title = _("Memorials, events and articles")

urlpatterns = [
    path("", include("core.urls")),
    path("", include("directory.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

# JSON problem details under /api/, the templates elsewhere.
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
