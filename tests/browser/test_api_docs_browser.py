"""The interactive API documentation renders in a real browser without the internet."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_swagger_ui_renders_the_operations_from_local_files(page):
    page.goto("/api/docs/")

    page.wait_for_selector(".opblock-summary", timeout=20_000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/memorials/" in paths
    assert "/api/v1/historical-events/{slug}/" in paths
    assert page.locator(".opblock-summary-method").first.inner_text() in {
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
    }
    groups = page.locator(".opblock-tag").evaluate_all("tags => tags.map(t => t.dataset.tag)")
    assert groups == [
        "memorials",
        "historical events",
        "events",
        "articles",
        "organisations",
        "anniversaries",
    ]
    # The `page` fixture fails the test if anything came from another host.
