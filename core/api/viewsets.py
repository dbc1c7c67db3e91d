"""The one viewset base every resource uses, and the permission that applies the access
policy (`core.access`) to the API.

`ResourceViewSet` reads through `read_serializer_class` and validates writes with
`write_serializer_class` (answering with the read shape), scopes every request with the
model's `visible_to(user)`, checks writes with Django's model permissions (the role) and
the model's `can_create` / `is_editable_by` (the rows), answers items and lists with
validators (`core.api.conditional`), sets `created_by`, and turns a delete that PROTECT
foreign keys refuse into a 409.
"""

from django.db.models import ProtectedError
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from core.api.conditional import ConditionalRequestMixin
from core.api.errors import StillInUse

WRITE_ACTIONS = frozenset({"create", "update", "partial_update"})


class AccessPolicyPermission(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anonymous clients read; writing needs the role's model permission and the
    model's access policy: `can_create(user)` to add, `is_editable_by(user)` to change or
    delete a record (one query unless the user is an editor)."""

    message = "You may not change this record."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            # Reading needs no model permission (DRF would build the view's queryset
            # only to learn its model); visible_to(user) narrows the rows.
            return True
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) == "create":
            self.message = "You may not add this kind of record."
            return view.get_queryset().model.can_create(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.is_editable_by(request.user)


class SlugLookupMixin:
    """Items are addressed by slug; anything that cannot be a slug is a 404 at routing,
    before it reaches the database (PostgreSQL refuses a NUL byte with an error)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


class ProtectedDestroyMixin:
    """Deleting a record that PROTECT foreign keys still point to answers 409 with
    `still_in_use_detail`."""

    still_in_use_detail = StillInUse.default_detail

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise StillInUse(self.still_in_use_detail) from None


class ReadWriteMixin:
    """Reads through `read_serializer_class`; validates writes with
    `write_serializer_class` and answers with the read shape. The stored record is read
    back through `get_queryset()`, so a write answers exactly what a later GET shows."""

    read_serializer_class = None
    write_serializer_class = None

    def get_serializer_class(self):
        # OPTIONS describes what POST and PUT take: DRF's metadata asks for the
        # serializer with the request cloned to that method.
        describing_a_write = self.action == "metadata" and self.request.method in ("POST", "PUT")
        if self.action in WRITE_ACTIONS or describing_a_write:
            return self.write_serializer_class
        return self.read_serializer_class

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def read_back(self, instance) -> dict:
        stored = self.get_queryset().get(pk=instance.pk)
        return self.read_serializer_class(stored, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.read_back(serializer.instance)
        # The new record is now the one the URL would name: its validators follow.
        self.kwargs[self.lookup_url_kwarg or self.lookup_field] = data[self.lookup_field]
        response = Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": str(data["url"])}
        )
        return self.after_write(response)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.read_back(serializer.instance))


class ResourceViewSet(
    SlugLookupMixin,
    ProtectedDestroyMixin,
    ConditionalRequestMixin,
    ReadWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A resource addressed by slug: list, read, create, replace, change, delete.

    Subclasses set `model`, `read_serializer_class`, `write_serializer_class` and
    `filterset_class`, and may extend `get_queryset()` (which starts from the model's
    `visible_to(user)`) with what their read shape needs.
    """

    model = None
    permission_classes = [AccessPolicyPermission]

    def get_queryset(self):
        return self.model._default_manager.visible_to(self.request.user)
