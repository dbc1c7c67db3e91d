"""Fixtures for tests that drive a real headless Chromium against `live_server`.

`browser` is started once per session from the system Chromium (never a downloaded
build); `page` is a fresh browser context per test that fails the test if the page
asks for anything from a host other than the live server. Mark such tests with
`@pytest.mark.browser` and use `transactional_db`, since the server runs in another
thread and must see the test's data.
"""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the rest of the session.

    Playwright's sync API keeps an asyncio loop running in the test thread from here
    on, and Django then refuses database calls in that thread (in tests and in the
    database teardown alike). No real async code runs in it, so the check is switched
    off until the browser is stopped.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS,
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A new page whose requests must all go to the live server."""
    server = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def only_live_server(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).netloc == server:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context = browser.new_context(base_url=live_server.url)
    context.route("**/*", only_live_server)
    browser_page = context.new_page()
    yield browser_page
    context.close()
    if foreign:
        pytest.fail(f"The page requested other hosts: {foreign}")


@pytest.fixture
def admin_login(page):
    """Log in through the real admin login form: `admin_login(username, password)`."""

    def log_in(username: str, password: str) -> None:
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("input[type=submit]")
        page.wait_for_load_state()

    return log_in
