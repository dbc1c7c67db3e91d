"""Small mixins the apps' viewsets share: who the viewer is, the server-owned
`created_by`, and a 409 instead of a 500 when a protected record is deleted."""

from django.db.models import ProtectedError
from django.utils.functional import cached_property

from core.api.errors import StillInUse
from core.roles import is_editor


class SlugLookupMixin:
    """Items are addressed by slug; anything that cannot be a slug is a 404 at routing,
    before it reaches the database (PostgreSQL refuses a NUL byte with an error)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


class EditorCheckMixin:
    @cached_property
    def is_editor(self) -> bool:
        """Whether the user sees and manages everything. One query, once per request."""
        return is_editor(self.request.user)


class CreatedByMixin:
    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class ProtectedDestroyMixin:
    """Deleting a record that PROTECT foreign keys still point to answers 409 with
    `still_in_use_detail`."""

    still_in_use_detail = StillInUse.default_detail

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise StillInUse(self.still_in_use_detail) from None
