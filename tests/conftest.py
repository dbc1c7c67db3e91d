"""Fixtures shared by every test module. Factories live in tests/factories.py."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads go to a temporary folder, never to the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A deliberately slow hasher protects real passwords; tests only need a hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests serve static files from the finders; only production collects a manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages do not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: once Chromium starts, Playwright keeps an event loop in the
    test thread and Django's async-safety check has to be switched off (see
    tests/browser/conftest.py). Every other test runs before that, with the check on."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
