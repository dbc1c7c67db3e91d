"""Keyboard helpers for the browser tests: where the focus is, and whether a visitor can
see it."""

import re

from playwright.sync_api import Page

# What the focused element is and how its focus ring looks. The ring's background is
# whatever is painted under the ring itself (just outside the element's box), since an
# absolutely positioned element such as the skip link sits over other boxes than its
# parents; translucent layers are blended as a browser paints them, and a ring drawn on
# the element's own halo is seen against the halo.
FOCUSED = r"""() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
    const x = Math.max(0, box.left - reach), y = box.top + box.height / 2;
    // Translucent layers (a map's marker clusters) are blended over what lies beneath,
    // down to the first opaque one (or the white page).
    const layers = [];
    for (const under of document.elementsFromPoint(x, y)) {
        if (under === el || el.contains(under)) continue;
        const parts = (getComputedStyle(under).backgroundColor.match(/[\d.]+/g) || []).map(Number);
        const alpha = parts.length > 3 ? parts[3] : 1;
        if (parts.length < 3 || alpha === 0) continue;
        layers.push([parts[0], parts[1], parts[2], alpha]);
        if (alpha === 1) break;
    }
    let [red, green, blue] = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
        red = r * a + red * (1 - a);
        green = g * a + green * (1 - a);
        blue = b * a + blue * (1 - a);
    }
    let background = `rgb(${Math.round(red)}, ${Math.round(green)}, ${Math.round(blue)})`;
    // A ring drawn on the element's own opaque halo (a box-shadow spread wider than the
    // ring, as map markers have) is seen against the halo, whatever lies beneath.
    const halo = style.boxShadow.match(/^(rgb\([^)]*\)) 0px 0px 0px ([\d.]+)px$/);
    if (halo && parseFloat(halo[2]) >= reach + parseFloat(style.outlineWidth) / 2) {
        background = halo[1];
    }
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim(),
        href: el.getAttribute("href"),
        focusVisible: el.matches(":focus-visible"),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outlineColour: style.outlineColor,
        background: background,
        inViewport: box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth && box.width > 0,
    };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab(page: Page) -> dict:
    """Press Tab once; the newly focused element."""
    page.keyboard.press("Tab")
    return focused(page)


def tab_until(page: Page, selector: str, *, limit: int = 40) -> list[dict]:
    """Press Tab until the focused element matches `selector`; every element focused on
    the way, the match last. Fails after `limit` presses."""
    passed = []
    for _ in range(limit):
        passed.append(tab(page))
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return passed
    raise AssertionError(
        f"{selector} not reached after {limit} Tabs; focus went through "
        + ", ".join(f"{f['tag']}#{f['id']} {f['text']!r}" for f in passed)
    )


def luminance(css_colour: str) -> float:
    red, green, blue = (int(c) / 255 for c in re.findall(r"[\d.]+", css_colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two opaque CSS `rgb(...)` colours."""
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problem(element: dict) -> str | None:
    """Why a visitor could not see where the focus is (WCAG 2.4.7 and 1.4.11: a ring of
    at least 2 px with 3:1 contrast against what is under it), or None."""
    name = element["tag"] + (f"#{element['id']}" if element["id"] else "")
    name += f" {element['text'] or element['href']!r}"
    if not element["focusVisible"]:
        return f"{name} is focused but does not match :focus-visible"
    if element["outlineStyle"] == "none" or element["outlineWidth"] < 2:
        return f"{name} has no visible focus ring ({element['outlineStyle']})"
    ratio = contrast(element["outlineColour"], element["background"])
    if ratio < 3:
        return (
            f"{name}'s focus ring {element['outlineColour']} has {ratio:.2f}:1 contrast "
            f"against {element['background']}"
        )
    if not element["inViewport"]:
        return f"{name} is focused outside the viewport"
    return None


def focus_problems(elements: list[dict]) -> str:
    """Every `focus_problem` of `elements`, one a line ("" when none)."""
    return "\n".join(problem for element in elements if (problem := focus_problem(element)))
