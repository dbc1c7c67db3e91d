"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page type of the
public site, on a desktop and on a phone."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_report

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# (id, address): every page type, with the data `site_data` makes.
PAGES = [
    ("home", "/"),
    ("memorial-list", "/memorials/"),
    ("memorial-list-search", "/memorials/?search=Hocali"),
    ("memorial-list-error", "/memorials/?country=XX"),
    ("memorial-list-map", "/memorials/?view=map"),
    ("memorial", "/memorials/{memorial}/"),
    ("memorial-rtl", "/memorials/{rtl_memorial}/"),
    ("history-list", "/history/"),
    ("history", "/history/{historical_event}/"),
    ("event-list-upcoming", "/events/"),
    ("event-list-past", "/events/?upcoming=false"),
    ("event-past", "/events/{past_event}/"),
    ("event-upcoming", "/events/{upcoming_event}/"),
    ("event-cancelled", "/events/{cancelled_event}/"),
    ("article-list", "/articles/"),
    ("article", "/articles/{citing_article}/"),
    ("organisation", "/organisations/{organisation}/"),
    ("not-found", "/no-such-page/"),
]


def address(template: str, site_data) -> str:
    return template.format(**vars(site_data))


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_axe_finds_no_violations(page, axe, site_data, name, path):
    page.goto(address(path, site_data))
    found = {}

    # One page load serves both widths: the layout (and so contrast, target sizes and
    # what is hidden) changes with the viewport, the document does not.
    for width, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(viewport)
        if violations := axe.violations(page):
            found[width] = violations

    assert not found, "\n".join(
        f"axe-core at {width} width on {page.url}:\n{axe_report(violations)}"
        for width, violations in found.items()
    )
