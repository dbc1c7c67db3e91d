"""API viewsets of anniversary events and organisations, registered on the `api/v1/`
router by `register_routes`.

The event list answers from `.values()` rows (`events.rows`); every other answer goes
through the serializers. Lists and items answer with `ETag`/`Last-Modified` and honour
`If-None-Match` and `If-Modified-Since` (304); writes honour `If-Match` (412 when the
record changed).
A list costs at most 2 queries whatever the page size (validators and count in one
aggregate, the page); an item at most 4; a 304 one. Signed-in clients add what
authentication costs (a token: 1; a session: 2) and one query for the editor check.
"""

from core.api.schema import read_write_schema
from core.api.viewsets import ResourceViewSet
from events.filters import AnniversaryEventFilterSet, OrganisationFilterSet
from events.models import AnniversaryEvent, Organisation
from events.rows import EventRows
from events.serializers import (
    AnniversaryEventSerializer,
    AnniversaryEventWriteSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
)
from memorials.models import HistoricalEvent, Memorial


@read_write_schema(write=AnniversaryEventWriteSerializer, read=AnniversaryEventSerializer)
class AnniversaryEventViewSet(ResourceViewSet):
    """Anniversary events.

    - `GET /api/v1/events/`: 200, filtered by `commemorates`, `memorial`,
      `organisation`, `country`, `starts_after`, `starts_before`, `upcoming`, `status`,
      ordered by `ordering`; 400 naming a malformed parameter; 304.
    - `GET /api/v1/events/{slug}/`: 200; 304; 404 when missing or not visible.
    - `POST /api/v1/events/`: 201 with `Location`; 400 naming fields; 401; 403.
    - `PUT`/`PATCH /api/v1/events/{slug}/`: 200; 400; 401; 403; 404; 412 (If-Match).
    - `DELETE /api/v1/events/{slug}/`: 204; 401; 403; 404; 412.

    Anonymous clients read published and cancelled events. Organisers also read their
    own organisations' events, and create and change them as draft or submitted.
    Editors read and manage every event.
    """

    model = AnniversaryEvent
    read_serializer_class = AnniversaryEventSerializer
    write_serializer_class = AnniversaryEventWriteSerializer
    filterset_class = AnniversaryEventFilterSet
    etag_related_fields = (
        "historical_event__updated",
        "memorial__updated",
        "organisation__updated",
    )
    etag_related_models = (HistoricalEvent, Memorial, Organisation)

    def get_queryset(self):
        return super().get_queryset().with_summaries(self.request.user)

    # A page from `.values()` rows (events.rows), in the serializer's shape.
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = EventRows(request)
        return self.conditional_page(queryset, rows=rows.values, render=rows.render)


@read_write_schema(write=OrganisationWriteSerializer, read=OrganisationSerializer)
class OrganisationViewSet(ResourceViewSet):
    """Organisations that hold anniversary events.

    - `GET /api/v1/organisations/`: 200, filtered by `country`, ordered by `ordering`;
      400 naming a malformed parameter; 304.
    - `GET /api/v1/organisations/{slug}/`: 200; 304; 404.
    - `POST /api/v1/organisations/`: 201 with `Location`; 400; 401; 403 (editors only).
    - `PUT`/`PATCH /api/v1/organisations/{slug}/`: 200; 400; 401; 403; 404; 412.
    - `DELETE /api/v1/organisations/{slug}/`: 204; 401; 403; 404; 409 while it still
      holds events; 412.

    Organisations have no publication status: everyone reads all of them, including
    the contact address, which is their published contact.
    """

    model = Organisation
    read_serializer_class = OrganisationSerializer
    write_serializer_class = OrganisationWriteSerializer
    filterset_class = OrganisationFilterSet
    still_in_use_detail = "The organisation still holds events; delete those first."


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("events", AnniversaryEventViewSet, basename="anniversaryevent")
    router.register("organisations", OrganisationViewSet, basename="organisation")
