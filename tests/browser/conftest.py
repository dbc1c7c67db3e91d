"""Fixtures for tests that drive a real headless Chromium against `live_server`.

`browser` is started once per session from the system Chromium (never a downloaded
build), and a missing Chromium fails the tests rather than skipping them. `page` (and
`phone_page`, a 360×740 touch screen) is a fresh browser context per test that fails the
test if the page asks for anything from a host other than the live server. Mark such
tests with `@pytest.mark.browser` and use `transactional_db`, since the server runs in
another thread and must see the test's data.

`axe` runs the vendored axe-core (tests/browser/vendor/) in a page; `site_data` loads
the demo records plus the few records the public pages need to show every state.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# The page's Content Security Policy allows scripts from its own origin only (plus
# nonces), so `add_script_tag(path=...)`, which inlines the file, would be refused. The
# file is answered from this address on the live server's origin by a route instead:
# the policy stays on while axe runs.
AXE_URL_PATH = "/__tests__/axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices. (axe-core has
# no "wcag22a" tag: WCAG 2.2 added no level A criterion it tests.)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the rest of the session.

    Fails (never skips) when Chromium is missing: a CI run without a browser must not
    look green. Playwright's sync API keeps an asyncio loop running in the test thread
    from here on, and Django then refuses database calls in that thread (in tests and
    in the database teardown alike). No real async code runs in it, so the check is
    switched off until the browser is stopped.
    """
    executable = chromium_path()
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {executable}: run `make browser` "
            "(Debian: apt-get install chromium) or set CHROMIUM_PATH.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _maps_without_tiles(settings):
    """Maps draw no tile layer (MAP_TILE_URL, directory/includes/map.html): the default
    tiles come from openstreetmap.org, which the `page` fixture refuses. A test that
    wants tiles sets the setting itself."""
    settings.MAP_TILE_URL = ""


def live_page(browser, live_server, **context_options):
    """A page in a new context whose requests must all go to the live server; fails
    the test afterwards if any did not."""
    server = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def only_live_server(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).netloc == server:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context = browser.new_context(base_url=live_server.url, **context_options)
    # A local page answers in well under a second: a missing element fails fast.
    context.set_default_timeout(10_000)
    context.route("**/*", only_live_server)
    context.route(
        f"{live_server.url}{AXE_URL_PATH}",
        lambda route: route.fulfill(path=AXE_SCRIPT, content_type="text/javascript"),
    )
    yield context.new_page()
    context.close()
    if foreign:
        pytest.fail(f"The page requested other hosts: {foreign}")


@pytest.fixture
def page(browser, live_server):
    """A new desktop-sized page (1280×800) whose requests must all go to the live server."""
    yield from live_page(browser, live_server, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser, live_server):
    """Like `page`, on a 360×740 touch screen that honours the viewport meta tag."""
    yield from live_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)


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


def axe_run(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.0–2.2 A and AA and best
    practices), each with its id, impact, help and the target of every node."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL_PATH)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "), summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.fixture
def axe():
    """`axe(page)` fails the test listing every axe-core violation on the page (id,
    impact, help and target nodes); `axe.violations(page)` returns them instead."""

    class Axe:
        violations = staticmethod(axe_run)

        def __call__(self, page: Page) -> None:
            violations = axe_run(page)
            if violations:
                pytest.fail(
                    f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
                    + axe_report(violations),
                    pytrace=False,
                )

    return Axe()


@dataclass(frozen=True)
class SiteData:
    """The slugs of the records the public-site tests open."""

    memorial: str
    historical_event: str
    organisation: str
    past_event: str
    upcoming_event: str
    cancelled_event: str
    cancellation_note: str
    citing_article: str
    rtl_memorial: str
    rtl_name: str


@pytest.fixture
def site_data(transactional_db) -> SiteData:
    """The demo records (the Khojaly memorial in The Hague, at an approximate location,
    its historical event, an example organisation and past event, articles that cite
    each other), an upcoming and a cancelled commemoration with its note, and a
    memorial whose name is in Arabic script (right to left)."""
    from django.utils import timezone

    from directory import demo
    from events.models import AnniversaryEvent, Organisation
    from memorials.models import HistoricalEvent, Memorial
    from tests.factories import AnniversaryEventFactory, MemorialFactory

    demo.demo_load()
    memorial = Memorial.objects.get(slug=demo.KHOJALY_MEMORIAL)
    historical_event = HistoricalEvent.objects.get(slug=demo.KHOJALY_MASSACRE)
    organisation = Organisation.objects.get(slug=demo.EXAMPLE_ORGANISATION)
    soon = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    common = {"historical_event": historical_event, "memorial": memorial}
    upcoming = AnniversaryEventFactory(
        title="Wreath-laying at the Khojaly Memorial (test entry)",
        starts_at=soon + datetime.timedelta(days=30),
        organisation=organisation,
        **common,
    )
    note = "Cancelled because of a storm warning; the wreath-laying moves to the next week."
    cancelled = AnniversaryEventFactory(
        title="Evening vigil at the Khojaly Memorial (test entry)",
        starts_at=soon + datetime.timedelta(days=40),
        organisation=organisation,
        status=AnniversaryEvent.Status.CANCELLED,
        cancellation_note=note,
        **common,
    )
    rtl_name = "نصب تذكاري لضحايا خوجالي"
    rtl = MemorialFactory(
        name=rtl_name,
        other_names=["Memorial to the victims of Khojaly (test entry)"],
        city="Amman",
        country="JO",
        inscription="في ذكرى ضحايا خوجالي",
        inscription_language="ar",
        historical_events=[historical_event],
    )
    return SiteData(
        memorial=memorial.slug,
        historical_event=historical_event.slug,
        organisation=organisation.slug,
        past_event=demo.EXAMPLE_EVENT,
        upcoming_event=upcoming.slug,
        cancelled_event=cancelled.slug,
        cancellation_note=note,
        citing_article=demo.AVIM_2015,
        rtl_memorial=rtl.slug,
        rtl_name=rtl_name,
    )
