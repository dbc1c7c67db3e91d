"""Page-number pagination with a strict `page_size` and a bounded count."""

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


def parse_page_size(request, default: int, maximum: int) -> int:
    """`page_size` from the query: a whole number 1..maximum, else a 400 naming it."""
    raw = request.query_params.get("page_size")
    if raw in (None, ""):
        return default
    try:
        size = int(raw)
    except ValueError:
        raise ValidationError({"page_size": ["Enter a whole number."]}) from None
    if not 1 <= size <= maximum:
        raise ValidationError({"page_size": [f"Ensure this value is between 1 and {maximum}."]})
    return size


# paginate_queryset(count=COUNT_IT): no count at hand, Django's paginator counts.
COUNT_IT = object()


class UncountedPaginator(Paginator):
    """Pages of a list too long to count: a page reads one row more than it shows to
    know whether another follows."""

    count = None

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise InvalidPage("That page contains no results")
        page = Page(rows[: self.per_page], number, self)
        page.has_next = lambda: len(rows) > self.per_page
        return page

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise InvalidPage("That page number is not an integer") from None
        if number < 1:
            raise InvalidPage("That page number is less than 1")
        return number


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 100 (larger is a 400).

    `paginate_queryset(..., count=n)` reuses the count the view read with its validators
    (`core.api.conditional`), so a list costs no separate COUNT query. `count=None` means
    more than API_COUNT_LIMIT rows match: the page is read without counting and `count`
    is null.
    """

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return parse_page_size(request, self.page_size, self.max_page_size)

    def check_query(self, request) -> None:
        """Refuses a bad `page_size` (400) or `page` number (404) as `paginate_queryset`
        would, for answers that page nothing (a 304)."""
        paginator = UncountedPaginator([], self.get_page_size(request))
        try:
            paginator.validate_number(request.query_params.get(self.page_query_param) or 1)
        except InvalidPage as exc:
            raise NotFound(f"Invalid page: {exc}") from None

    def paginate_queryset(self, queryset, request, view=None, count=COUNT_IT):
        self.request = request
        page_size = self.get_page_size(request)
        if count is None:
            paginator = UncountedPaginator(queryset, page_size)
        else:
            paginator = Paginator(queryset, page_size)
            if count is not COUNT_IT:
                paginator.count = count  # cached_property: set it and Django never counts
        page_number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(f"Invalid page: {exc}") from None
        if paginator.count is not None and paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    count_description = (
        "Matching records, exact up to API_COUNT_LIMIT (10,000 by default); null when "
        "more match: follow `next` until it is null."
    )

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        page["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": self.count_description,
        }
        return page

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
                parameter["examples"] = {"Fifty": {"value": 50}}
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["examples"] = {"SecondPage": {"value": 2, "summary": "Second page"}}
        return parameters
