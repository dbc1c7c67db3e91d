"""API viewsets of this app, registered on the `api/v1/` router by `register_routes`.

Lists and items answer with `ETag`/`Last-Modified` and honour `If-None-Match` and
`If-Modified-Since` (304); writes honour `If-Match` (412 when the record changed).
A list costs at most 3 queries whatever the page size (validators and count in one
aggregate, the page, and for articles their authors); an item at most 4; a 304 one.
Signed-in clients add what authentication costs (a token: 1; a session: 2) and one
query for the editor check.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from core.api.conditional import ConditionalRequestMixin
from core.api.viewsets import (
    CreatedByMixin,
    EditorCheckMixin,
    ProtectedDestroyMixin,
    SlugLookupMixin,
)
from events import services
from events.filters import AnniversaryEventFilterSet, ArticleFilterSet, OrganisationFilterSet
from events.models import AnniversaryEvent, Article, ArticleAuthor, Organisation
from events.serializers import (
    AnniversaryEventSerializer,
    AnniversaryEventWriteSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
)
from memorials.models import HistoricalEvent, Memorial

WRITE_ACTIONS = frozenset({"create", "update", "partial_update"})


def read_write_schema(*, write, read):
    """Documents that writes take `write` and answer with `read`."""
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: read}),
        update=extend_schema(request=write, responses={200: read}),
        partial_update=extend_schema(request=write, responses={200: read}),
    )


class ReadWriteResourceMixin(EditorCheckMixin, CreatedByMixin):
    """Validates writes with `write_serializer_class` and answers with the read shape.

    POST answers 201 with `Location`; the stored record is read back through
    `get_queryset()` so the answer shows exactly what a later GET shows.
    """

    read_serializer_class = None
    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return self.write_serializer_class
        return self.read_serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "is_editor": self.is_editor}

    def read_back(self, instance) -> dict:
        stored = self.get_queryset().get(pk=instance.pk)
        return self.read_serializer_class(stored, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.read_back(serializer.instance)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.read_back(serializer.instance))


class ResourceViewSet(
    SlugLookupMixin,
    ConditionalRequestMixin,
    ReadWriteResourceMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    def audience(self) -> str:
        """As ConditionalRequestMixin.audience, reusing the cached editor check."""
        user = self.request.user
        if not user.is_authenticated:
            return "public"
        return "editor" if self.is_editor else f"user:{user.pk}"


class OrganisersEditOwnDrafts(permissions.BasePermission):
    """Editors change any event; an organiser only draft or submitted events of the
    organisations they belong to (as in the back office)."""

    message = "Only editors can change this event."

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS or view.is_editor:
            return True
        if not services.is_member(user=request.user, organisation_id=obj.organisation_id):
            self.message = "You can only change events of organisations you belong to."
            return False
        if obj.status not in services.ORGANISER_STATUSES:
            self.message = "Only editors can change a published or cancelled event."
            return False
        return True


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

    queryset = AnniversaryEvent.objects.all()
    read_serializer_class = AnniversaryEventSerializer
    write_serializer_class = AnniversaryEventWriteSerializer
    filterset_class = AnniversaryEventFilterSet
    permission_classes = [
        permissions.DjangoModelPermissionsOrAnonReadOnly,
        OrganisersEditOwnDrafts,
    ]
    etag_related_fields = (
        "historical_event__updated",
        "memorial__updated",
        "organisation__updated",
    )
    etag_related_models = (HistoricalEvent, Memorial, Organisation)

    def get_queryset(self):
        return AnniversaryEvent.objects.visible_to(
            self.request.user, sees_all=self.is_editor
        ).with_summaries()


@read_write_schema(write=ArticleWriteSerializer, read=ArticleSerializer)
class ArticleViewSet(ResourceViewSet):
    """Articles about memorials, historical events and anniversary events.

    - `GET /api/v1/articles/`: 200, filtered by `memorial`, `commemorates`, `event`,
      `author`, `kind`, `language`, `published_after`, `published_before`, ordered by
      `ordering`; 400 naming a malformed parameter; 304.
    - `GET /api/v1/articles/{slug}/`: 200; 304; 404 when missing or unpublished.
    - `POST /api/v1/articles/`: 201 with `Location`; 400; 401; 403 (editors only).
    - `PUT`/`PATCH /api/v1/articles/{slug}/`: 200; 400; 401; 403; 404; 412.
    - `DELETE /api/v1/articles/{slug}/`: 204; 401; 403; 404; 412.

    Lists and items show the same fields: the related summaries are computed inside
    the article query and the authors are one prefetch, so a page costs 3 queries.
    Readers who are not editors see only published articles, memorials and events in
    the summaries.
    """

    queryset = Article.objects.all()
    read_serializer_class = ArticleSerializer
    write_serializer_class = ArticleWriteSerializer
    filterset_class = ArticleFilterSet
    etag_related_fields = (
        "memorials__updated",
        "historical_events__updated",
        "anniversary_events__updated",
        "cites__updated",
        "cited_by__updated",
    )
    etag_related_models = (Memorial, HistoricalEvent, AnniversaryEvent, Article)

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user, sees_all=self.is_editor)
            .with_summaries(include_unpublished=self.is_editor)
            .prefetch_related(
                Prefetch(
                    "authors",
                    queryset=ArticleAuthor.objects.only(
                        "article_id", "position", "given_name", "family_name", "organisation_name"
                    ),
                )
            )
        )


@read_write_schema(write=OrganisationWriteSerializer, read=OrganisationSerializer)
class OrganisationViewSet(ProtectedDestroyMixin, ResourceViewSet):
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

    queryset = Organisation.objects.all()
    read_serializer_class = OrganisationSerializer
    write_serializer_class = OrganisationWriteSerializer
    filterset_class = OrganisationFilterSet
    still_in_use_detail = "The organisation still holds events; delete those first."

    def get_queryset(self):
        return Organisation.objects.all()


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("events", AnniversaryEventViewSet, basename="anniversaryevent")
    router.register("articles", ArticleViewSet, basename="article")
    router.register("organisations", OrganisationViewSet, basename="organisation")
