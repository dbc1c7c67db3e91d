"""The public site works with the keyboard alone: a skip link first, the main menu in
order, a visible focus ring on every stop, and the whole search journey on a phone."""

import pytest

from tests.browser.keyboard import focus_problem, focus_problems, focused, tab, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

MENU = [
    ("Memorials", "/memorials/"),
    ("History", "/history/"),
    ("Events", "/events/"),
    ("Articles", "/articles/"),
]


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, site_data):
    page.goto(f"/memorials/{site_data.memorial}/")

    first = tab(page)

    assert (first["text"], first["href"]) == ("Skip to content", "#content")
    assert focus_problem(first) is None
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside the main content, past the header and breadcrumbs.
    tab(page)
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_visitor_finds_the_khojaly_memorial_by_keyboard_on_a_phone(phone_page, site_data):
    page = phone_page
    page.goto("/")

    on_the_way = tab_until(page, "#site-search-q", limit=10)
    page.keyboard.type("Hocali")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/memorials/?search=Hocali")
    assert page.title().startswith("Memorials matching “Hocali”")
    on_the_way += tab_until(page, "main a[href='/memorials/khojaly-memorial-the-hague/']")
    assert focused(page)["text"] == "Khojaly Memorial, The Hague"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"/memorials/{site_data.memorial}/")
    assert page.locator("h1").inner_text() == "Khojaly Memorial, The Hague"
    assert page.get_by_text("Xocalı soyqırımı abidəsi").is_visible()
    assert focus_problems(on_the_way) == ""
    # Nothing on the way was wider than the phone.
    assert page.evaluate(
        "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )


def test_main_menu_links_come_in_order_and_mark_the_current_page(page, site_data):
    page.goto("/")

    for position, (name, path) in enumerate(MENU):
        # Skip link, site name, then the menu: the link `position` places further on.
        stops = [tab(page) for _ in range(3 + position)]
        link = stops[-1]
        assert (link["text"], link["href"]) == (name, path), stops
        assert focus_problem(link) is None
        with page.expect_navigation():
            page.keyboard.press("Enter")

        assert page.url.endswith(path)
        menu = page.get_by_role("navigation", name="Main")
        assert menu.locator("[aria-current]").all_inner_texts() == [name]
        assert menu.get_by_role("link", name=name).get_attribute("aria-current") == "page"


@pytest.mark.parametrize(
    "path",
    ["/", "/memorials/", "/memorials/{memorial}/", "/events/{cancelled_event}/"],
    ids=["home", "memorial-list", "memorial", "event-cancelled"],
)
def test_every_focus_stop_shows_a_visible_ring(page, site_data, path):
    page.goto(path.format(**vars(site_data)))
    stops = []

    for _ in range(80):
        stop = tab(page)
        if stop["tag"] == "body" or (stops and stop == stops[0]):
            break
        stops.append(stop)

    assert len(stops) > 8
    assert focus_problems(stops) == ""
