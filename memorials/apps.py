from django.apps import AppConfig

from core.roles import ALL, EDITORS


class MemorialsConfig(AppConfig):
    name = "memorials"
    verbose_name = "Memorials"

    roles = {EDITORS: ALL}
