"""Every page type of the public site, as addresses filled in from `site_data`."""

# (id, address): every page type, with the records `site_data` makes.
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
PAGE_IDS = [name for name, _ in PAGES]

# The pages a reviewer looks at in the screenshots.
KEY_PAGES = [
    (name, path)
    for name, path in PAGES
    if name
    in {
        "home",
        "memorial-list-search",
        "memorial-list-map",
        "memorial",
        "memorial-rtl",
        "history",
        "event-list-upcoming",
        "event-cancelled",
        "article",
        "organisation",
        "not-found",
    }
]


def address(path: str, site_data) -> str:
    return path.format(**vars(site_data))
