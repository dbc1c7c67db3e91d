from django.apps import AppConfig


class MemorialsConfig(AppConfig):
    name = "memorials"
    verbose_name = "Memorials"
