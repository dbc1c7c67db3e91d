"""Page-number pagination with a strict `page_size`, plus keyset paging for walkers."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
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


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 100 (larger is a 400).

    `paginate_queryset(..., count=n)` reuses a count the view already has (the
    conditional-request aggregate), so a list costs no separate COUNT query.
    """

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return parse_page_size(request, self.page_size, self.max_page_size)

    def check_query(self, request, count: int) -> None:
        """Refuses a bad `page_size` (400) or `page` (404) of a list of `count` records as
        `paginate_queryset` would, for answers that page nothing (a 304)."""
        paginator = Paginator(range(count), self.get_page_size(request))
        try:
            paginator.validate_number(request.query_params.get(self.page_query_param) or 1)
        except InvalidPage as exc:
            raise NotFound(f"Invalid page: {exc}") from None

    def paginate_queryset(self, queryset, request, view=None, count: int | None = None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = Paginator(queryset, page_size)
        if count is not None:
            paginator.count = count  # cached_property: set it and Django never counts
        page_number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(f"Invalid page: {exc}") from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

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
