"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page type of the
public site, on a desktop and on a phone."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_report
from tests.browser.site_pages import PAGE_IDS, PAGES, address

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=PAGE_IDS)
def test_axe_finds_no_violations(page, axe, site_data, path):
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
