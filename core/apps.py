from django.apps import AppConfig

from core.roles import ALL, EDITORS


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    roles = {EDITORS: ALL}

    def ready(self):
        from corsheaders.signals import check_request_enabled

        # core.api.parameters registers the schema extension that documents query
        # parameters from the FilterSets (drf-spectacular finds extensions by import).
        import core.api.parameters  # noqa: F401
        from core.cors import cors_allow_request

        # django-cors-headers' documented hook for per-request CORS decisions.
        check_request_enabled.connect(cors_allow_request, dispatch_uid="core.cors")
