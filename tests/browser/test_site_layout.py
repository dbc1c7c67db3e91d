"""The public site fits a 360 px phone without sideways scrolling, prints what a visitor
needs at the memorial, shows right-to-left names right to left, and leaves screenshots
of its key pages for a reviewer (test-artifacts/screenshots/, not committed)."""

from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.site_pages import KEY_PAGES, PAGE_IDS, PAGES, address

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# The elements that reach past the right edge of the viewport, for the failure message.
WIDER_THAN_THE_VIEWPORT = """() => {
    const width = document.scrollingElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string"
                ? "." + el.className.trim().split(/\\s+/).join(".") : "")
            + " right=" + Math.round(el.getBoundingClientRect().right))
        .slice(0, 10);
}"""


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=PAGE_IDS)
def test_no_page_scrolls_sideways_on_a_phone(phone_page, site_data, path):
    page = phone_page
    page.goto(address(path, site_data))

    # 360 px, our smallest phone, then 320 px: WCAG 1.4.10 (reflow) asks for content
    # that fits 320 CSS pixels without scrolling in two directions.
    for width in [PHONE["width"], 320]:
        page.set_viewport_size({**PHONE, "width": width})
        widths = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )

        assert widths[1] == width
        assert widths[0] <= widths[1], (width, page.evaluate(WIDER_THAN_THE_VIEWPORT))


def test_a_printed_memorial_page_shows_where_and_how_to_visit(page, site_data):
    page.goto(f"/memorials/{site_data.memorial}/")
    page.emulate_media(media="print")

    visit = page.locator(".visit")
    for text in [
        "Nieuw Eykenduynen, Den Haag",
        "The Hague, Netherlands",
        "52.087000, 4.263000",
        "approximate",
        "people gather at the monument every year on 26 February",
    ]:
        assert visit.get_by_text(text).first.is_visible(), text
    assert page.locator("h1").is_visible()
    for hidden in [".site-header", ".site-search", "nav[aria-label=Main]", ".breadcrumbs"]:
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator(".skip-link").is_hidden()
    # Screen-only controls: the directions button (a link to a route planner) and the map.
    assert page.get_by_role("link", name="Directions").is_hidden()
    assert page.locator("[data-map]").is_hidden()
    # The printout itself, for a reviewer.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=SCREENSHOTS / "memorial-print.pdf", format="A4")
    page.screenshot(path=SCREENSHOTS / "memorial-print.png", full_page=True)


def test_names_in_right_to_left_scripts_read_right_to_left(page, site_data):
    page.goto(f"/memorials/{site_data.rtl_memorial}/")

    heading = page.locator("h1")
    assert heading.inner_text() == site_data.rtl_name
    assert heading.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    inscription = page.locator("blockquote.inscription")
    assert inscription.get_attribute("lang") == "ar"
    assert inscription.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    crumb = page.get_by_role("navigation", name="Breadcrumb").locator("[aria-current=page]")
    assert crumb.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    # The page around the name stays left to right.
    assert page.locator("main").evaluate("(el) => getComputedStyle(el).direction") == "ltr"

    page.goto(f"/history/{site_data.historical_event}/")
    card = page.get_by_role("link", name=site_data.rtl_name)
    assert card.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    latin = page.get_by_role("link", name="Khojaly Memorial, The Hague").first
    assert latin.evaluate("(el) => getComputedStyle(el).direction") == "ltr"


def test_screenshots_of_the_key_pages_at_phone_and_desktop_widths(page, site_data):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    taken = []

    for name, path in KEY_PAGES:
        # Maps fetch their markers after the load event.
        page.goto(address(path, site_data), wait_until="networkidle")
        for viewport in [PHONE, DESKTOP]:
            page.set_viewport_size(viewport)
            target = SCREENSHOTS / f"{name}-{viewport['width']}.png"
            page.screenshot(path=target, full_page=True, animations="disabled")
            taken.append(target)

    assert all(path.stat().st_size > 1000 for path in taken)
