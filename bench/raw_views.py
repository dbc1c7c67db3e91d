"""The baseline for the benchmark: the memorial list page as a plain Django view.

Same page as `GET /api/v1/memorials/` for an anonymous client (published memorials in
name order, `page` and `page_size` from the query, the same fields and JSON shape,
commemorated-event summaries included) from `.values()` and `JsonResponse`: one COUNT,
one page query and one query for the summaries. No DRF, no filters, no validators.
"""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse

from core.models import format_partial_date
from memorials.models import Memorial
from memorials.rows import MemorialRows

# The same columns as the API's fast path, so the two pages read the same data.
FIELDS = MemorialRows.fields


def raw_memorial_list(request):
    page_size = min(max(int(request.GET.get("page_size") or 20), 1), 100)
    paginator = Paginator(
        Memorial.objects.published().order_by("sort_name", "id").values(*FIELDS), page_size
    )
    page = paginator.page(int(request.GET.get("page") or 1))
    rows = list(page.object_list)

    links = (
        Memorial.historical_events.through.objects.filter(memorial_id__in=[r["id"] for r in rows])
        .order_by("historicalevent__start_date", "historicalevent__sort_name", "historicalevent_id")
        .values_list("memorial_id", "historicalevent__slug", "historicalevent__name")
    )
    events: dict[int, list[dict]] = {}
    for memorial_id, slug, name in links:
        url = request.build_absolute_uri(reverse("api:historicalevent-detail", args=[slug]))
        events.setdefault(memorial_id, []).append({"slug": slug, "name": name, "url": url})

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    results = [
        {
            "id": r["id"],
            "slug": r["slug"],
            "url": request.build_absolute_uri(reverse("api:memorial-detail", args=[r["slug"]])),
            "web_url": None,
            "name": r["name"],
            "other_names": r["other_names"],
            "kind": r["kind"],
            "status": r["status"],
            "address": r["address"],
            "city": r["city"],
            "country": r["country"],
            "location": {
                "latitude": float(r["latitude"]) if r["latitude"] is not None else None,
                "longitude": float(r["longitude"]) if r["longitude"] is not None else None,
                "precision": r["location_precision"],
            },
            "unveiled": format_partial_date(r["unveiled_on"], r["unveiled_on_precision"]) or None,
            "unveiled_precision": r["unveiled_on_precision"],
            "historical_events": events.get(r["id"], []),
            "is_published": r["is_published"],
            "created": r["created"],
            "updated": r["updated"],
            "distance_km": None,
        }
        for r in rows
    ]
    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
    )
