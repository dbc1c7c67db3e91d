"""How pages describe themselves to search engines and link previews: the title,
description, canonical URL, Open Graph and Twitter card tags, and schema.org JSON-LD
(Place / LandmarksOrHistoricalBuildings, Event, Article, BreadcrumbList).

Views build a `PageMeta` with the function for their record; the template
`directory/includes/meta.html` renders it.
"""

import json
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from directory.pages import Crumb

SITE_NAME = "Commemorate"
DESCRIPTION_WORDS = 40


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    image: str = ""
    image_alt: str = ""
    og_type: str = "website"
    structured_data: list[dict] = field(default_factory=list)

    @property
    def json_ld(self) -> str:
        """The structured data as JSON safe inside a `<script>` element."""
        data = self.structured_data[0] if len(self.structured_data) == 1 else self.structured_data
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def summary(*texts: str) -> str:
    """The first non-empty text, as plain text of at most DESCRIPTION_WORDS words."""
    text = next((t for t in texts if t and t.strip()), "")
    return Truncator(" ".join(strip_tags(text).split())).words(DESCRIPTION_WORDS)


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def breadcrumb_list(request: HttpRequest, crumbs: list[Crumb]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": absolute(request, crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def page_meta(
    request: HttpRequest, crumbs: list[Crumb], *, title: str, description: str
) -> PageMeta:
    """A list or home page: its canonical URL keeps only the page number."""
    page = request.GET.get("page", "")
    query = f"?page={page}" if page.isdigit() and page != "1" else ""
    return PageMeta(
        title=title,
        description=description,
        canonical=absolute(request, request.path + query),
        structured_data=[breadcrumb_list(request, crumbs)] if len(crumbs) > 1 else [],
    )


def geo(latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": float(latitude), "longitude": float(longitude)}


def postal_address(street: str, city: str, country) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": str(country.code if country else "")}
    if street:
        address["streetAddress"] = street
    if city:
        address["addressLocality"] = city
    return address


def memorial_place(request: HttpRequest, memorial) -> dict:
    place = {
        "@type": "LandmarksOrHistoricalBuildings",
        "name": memorial.name,
        "url": absolute(request, memorial.get_absolute_url()),
        "address": postal_address(memorial.address, memorial.city, memorial.country),
    }
    if memorial.other_names:
        place["alternateName"] = memorial.other_names
    coordinates = geo(memorial.latitude, memorial.longitude)
    if coordinates:
        place["geo"] = coordinates
    return place


def memorial_meta(request: HttpRequest, memorial, photos, crumbs: list[Crumb]) -> PageMeta:
    place = {"@context": "https://schema.org", **memorial_place(request, memorial)}
    description = summary(
        memorial.description,
        _("%(name)s, a memorial in %(place)s.")
        % {"name": memorial.name, "place": memorial.city or memorial.country.name},
    )
    place["description"] = description
    if memorial.wikidata_id:
        place["sameAs"] = [f"https://www.wikidata.org/wiki/{memorial.wikidata_id}"]
    image = absolute(request, photos[0].image.url) if photos else ""
    if image:
        place["image"] = image
    return PageMeta(
        title=memorial.name,
        description=description,
        canonical=absolute(request, memorial.get_absolute_url()),
        image=image,
        image_alt=photos[0].alt_text if photos else "",
        og_type="place",
        structured_data=[place, breadcrumb_list(request, crumbs)],
    )


def historical_event_meta(request: HttpRequest, historical_event, crumbs) -> PageMeta:
    description = summary(historical_event.summary, historical_event.description)
    thing = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": historical_event.name,
        "url": absolute(request, historical_event.get_absolute_url()),
        "startDate": historical_event.start_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "description": description,
    }
    if historical_event.end_date:
        thing["endDate"] = historical_event.end_date.isoformat()
    if historical_event.place_name:
        thing["location"] = {
            "@type": "Place",
            "name": historical_event.place_name,
            **(
                {"geo": g}
                if (g := geo(historical_event.latitude, historical_event.longitude))
                else {}
            ),
        }
    if historical_event.wikidata_id:
        thing["sameAs"] = [f"https://www.wikidata.org/wiki/{historical_event.wikidata_id}"]
    return PageMeta(
        title=historical_event.name,
        description=description,
        canonical=absolute(request, historical_event.get_absolute_url()),
        og_type="article",
        structured_data=[thing, breadcrumb_list(request, crumbs)],
    )


EVENT_STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "published": "https://schema.org/EventScheduled",
}


def event_meta(request: HttpRequest, event, crumbs: list[Crumb]) -> PageMeta:
    description = summary(
        event.cancellation_note if event.status == "cancelled" else "",
        event.description,
        _("A commemoration of %(name)s.") % {"name": event.historical_event.name},
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(request, event.get_absolute_url()),
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": EVENT_STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "description": description,
        "organizer": {
            "@type": "Organization",
            "name": event.organisation.name,
            "url": absolute(request, event.organisation.get_absolute_url()),
        },
    }
    locations = []
    if event.memorial_id and event.memorial_is_visible:
        locations.append(memorial_place(request, event.memorial))
    elif event.venue_name or event.venue_address or event.venue_city:
        venue = {
            "@type": "Place",
            "name": event.venue_name or event.venue_city,
            "address": postal_address(event.venue_address, event.venue_city, event.venue_country),
        }
        if coordinates := geo(event.venue_latitude, event.venue_longitude):
            venue["geo"] = coordinates
        locations.append(venue)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    data["eventAttendanceMode"] = (
        "https://schema.org/MixedEventAttendanceMode"
        if len(locations) > 1
        else "https://schema.org/OnlineEventAttendanceMode"
        if event.online_url
        else "https://schema.org/OfflineEventAttendanceMode"
    )
    return PageMeta(
        title=event.title,
        description=description,
        canonical=absolute(request, event.get_absolute_url()),
        structured_data=[data, breadcrumb_list(request, crumbs)],
    )


def article_meta(request: HttpRequest, article, crumbs: list[Crumb]) -> PageMeta:
    description = summary(article.abstract, article.subtitle, article.title)
    authors = sorted(article.author_items or [], key=lambda author: author["position"])
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(article.title).chars(110),
        "name": article.title,
        "url": absolute(request, article.get_absolute_url()),
        "description": description,
        "author": [
            {
                "@type": "Organization" if author["organisation"] else "Person",
                "name": author["name"],
            }
            for author in authors
        ],
    }
    if article.published_on:
        data["datePublished"] = article.published
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.language:
        data["inLanguage"] = article.language
    if article.url:
        data["sameAs"] = article.url
    if article.container_title:
        data["isPartOf"] = {"@type": "CreativeWork", "name": article.container_title}
    return PageMeta(
        title=article.title,
        description=description,
        canonical=absolute(request, article.get_absolute_url()),
        og_type="article",
        structured_data=[data, breadcrumb_list(request, crumbs)],
    )


def organisation_meta(request: HttpRequest, organisation, crumbs: list[Crumb]) -> PageMeta:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(request, organisation.get_absolute_url()),
    }
    if organisation.website:
        data["sameAs"] = organisation.website
    description = _("Commemorations organised by %(name)s.") % {"name": organisation.name}
    return PageMeta(
        title=organisation.name,
        description=description,
        canonical=absolute(request, organisation.get_absolute_url()),
        structured_data=[data, breadcrumb_list(request, crumbs)],
    )
