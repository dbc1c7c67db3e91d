"""Admin building blocks shared by every app, and the API token admin.

`HistoryAdmin` is the base of every model admin with history: it applies the model's
access policy (`core.access`: `visible_to`, `editable_by`, `can_create`, `can_publish`)
on top of Django's model permissions, records who created a record, shows timestamps
read-only, and closes a gap in django-simple-history, whose revert page saves a POST for
anyone who may merely view the record.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.models import ApiToken
from core.roles import is_editor

TIMESTAMP_FIELDS = ("created", "updated", "created_by")


class FoldedSearchMixin:
    """Admin search and autocomplete through the model's full-text `search()` (the same
    index and folding as the API), so `Xocali` finds `Xocalı` and any other name, and a
    search does not scan the table."""

    search_fields = ("search_document",)  # shows the search box and allows autocomplete

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


class OtherNamesField(forms.CharField):
    """A JSON list of names, edited as one name per line.

    A value pasted as a JSON list (`["A", "B"]`) is read as that list.
    """

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        # JSONField.formfield() passes these; lines need neither.
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(name) for name in value)
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if text.startswith("["):
            try:
                names = json.loads(text)
            except ValueError:
                names = None
            if isinstance(names, list) and all(isinstance(n, str) for n in names):
                return [n.strip() for n in names if n.strip()]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)


class NotFoundMixin:
    """A record outside the user's queryset answers 404 (Django's admin would redirect
    to the index), on the change, delete and history pages alike."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record, or not yours to see."))
        return obj


class AccessPolicyAdmin(NotFoundMixin):
    """Django's model permissions (the role) narrowed by the model's access policy (the
    rows): a record outside `visible_to` is a 404, one outside `editable_by` read-only.

    A write by a role that may not change or delete this kind of record at all is refused
    (403) before the record is looked up, as the API refuses it before its lookup: the
    answer then says nothing about whether the record exists.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self.model.can_create(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_editable_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.is_editable_by(request.user))

    def has_publish_permission(self, request):
        return self.model.can_publish(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        editing = object_id is not None and request.method == "POST"
        if editing and not self.has_change_permission(request):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)


class HistoryAdmin(AccessPolicyAdmin, SimpleHistoryAdmin):
    """Base admin: access policy, history with revert, created_by, read-only timestamps."""

    readonly_fields = TIMESTAMP_FIELDS
    list_per_page = 50
    formfield_overrides = {models.JSONField: {"form_class": OtherNamesField}}

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical version of a row that is not
        # in the queryset (to show deleted records); only editors get that.
        if not is_editor(request.user):
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by_id"):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """New inline rows (a memorial's photos) are created by the user too."""
        instances = formset.save(commit=False)
        for instance in instances:
            if instance.pk is None and hasattr(instance, "created_by_id"):
                instance.created_by = request.user
            instance._history_user = request.user
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The page that shows an earlier version and reverts to it on POST.

        django-simple-history checks only view permission before saving; reverting is a
        change, so it needs change permission on the record as it is now, and the record
        must be within the user's queryset.
        """
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied  # the role may not change such records: before the lookup
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404(_("No such record, or not yours to see."))
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)


def set_published(*, queryset: models.QuerySet, published: bool, by) -> int:
    """Publish or unpublish each record, one history entry per changed record."""
    changed = 0
    with transaction.atomic():
        for record in queryset.select_for_update().exclude(is_published=published):
            record.is_published = published
            record._history_user = by
            record._change_reason = "Published" if published else "Unpublished"
            record.save(update_fields=["is_published", "updated"])
            changed += 1
    return changed


class PublishActionsMixin:
    """Publish and unpublish actions for models with an `is_published` flag."""

    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish the selected records"), permissions=("publish",))
    def publish(self, request, queryset):
        count = set_published(queryset=queryset, published=True, by=request.user)
        self.message_user(
            request, ngettext("%d record published.", "%d records published.", count) % count
        )

    @admin.action(description=_("Unpublish the selected records"), permissions=("publish",))
    def unpublish(self, request, queryset):
        count = set_published(queryset=queryset, published=False, by=request.user)
        self.message_user(
            request,
            ngettext("%d record unpublished.", "%d records unpublished.", count) % count,
        )


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name")


@admin.register(ApiToken)
class ApiTokenAdmin(NotFoundMixin, admin.ModelAdmin):
    """Editors issue tokens for anyone; everyone else sees and issues only their own.

    The key is made by `ApiToken.issue()` and shown once in the success message; only
    its digest is stored, and the digest is never shown. Tokens are revoked, not deleted,
    so that the record of who had access stays.
    """

    form = ApiTokenForm
    list_display = ("name", "prefix", "user", "created", "last_used", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "created")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    actions = ("revoke",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ("name", "user", "prefix", "created", "last_used", "revoked_at")
        return ("user", "name") if is_editor(request.user) else ("name",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("user", "prefix", "created", "last_used", "revoked_at")
        return ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        user = obj.user if is_editor(request.user) else request.user
        token, key = ApiToken.issue(user=user, name=obj.name, by=request.user)
        # The admin goes on with `obj` (log entry, redirect): make it the issued row.
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state = token._state
        self.message_user(
            request,
            _(
                "The new key for “%(name)s” is %(key)s — copy it now: it is not stored "
                "and will not be shown again."
            )
            % {"name": token.name, "key": key},
            messages.SUCCESS,
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=("change",))
    def revoke(self, request, queryset):
        tokens = list(queryset.active())
        for token in tokens:
            token.revoke()
        count = len(tokens)
        self.message_user(
            request, ngettext("%d token revoked.", "%d tokens revoked.", count) % count
        )
