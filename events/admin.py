"""Back office for organisations, anniversary events and articles.

Who sees what (enforced here, on the server, not by hiding buttons):

- Editors (`core.roles.is_editor`) see and change every record and publish.
- Anyone else with event permissions (Organisers) sees only the events of the
  organisations they belong to; any other event answers 404 on its change, delete,
  history and revert pages. They may edit and delete those events while draft or
  submitted, choose only draft or submitted as status, and choose only their own
  organisations. Published and cancelled events are read-only to them.

Status changes from the list page go through `events.services`; the change form
checks the same rules with `services.allowed_statuses`.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import (
    TIMESTAMP_FIELDS,
    FoldedSearchMixin,
    HistoryAdmin,
    NotFoundMixin,
    PublishActionsMixin,
    request_is_editor,
)
from events import services
from events.models import AnniversaryEvent, Article, ArticleAuthor, Membership, Organisation

Status = AnniversaryEvent.Status


def organisation_ids(request) -> frozenset[int]:
    """Ids of the organisations `request.user` belongs to; one query per request."""
    if not hasattr(request, "_organisation_ids"):
        request._organisation_ids = frozenset(
            request.user.memberships.values_list("organisation_id", flat=True)
        )
    return request._organisation_ids


# --- Organisations ---------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "created")
    readonly_fields = ("created",)


@admin.register(Organisation)
class OrganisationAdmin(FoldedSearchMixin, HistoryAdmin):
    list_display = ("name", "country", "member_count", "event_count", "website")
    list_filter = ("country",)
    inlines = (MembershipInline,)
    fields = ("name", "slug", "website", "contact_email", "country", *TIMESTAMP_FIELDS)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", distinct=True),
                event_count=Count("anniversary_events", distinct=True),
            )
        )

    @admin.display(description=gettext_lazy("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description=gettext_lazy("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created")
    list_filter = ("role", ("organisation", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__email", "organisation__name")
    autocomplete_fields = ("organisation",)
    fields = ("user", "organisation", "role", *TIMESTAMP_FIELDS)
    readonly_fields = TIMESTAMP_FIELDS

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Anniversary events ----------------------------------------------------------------


class AnniversaryEventAdminForm(forms.ModelForm):
    """The change form; `user` and `is_editor` are set per request by the admin."""

    user = None
    is_editor = False

    class Meta:
        model = AnniversaryEvent
        fields = (
            "title",
            "slug",
            "status",
            "cancellation_note",
            "organisation",
            "historical_event",
            "memorial",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue_name",
            "venue_address",
            "venue_city",
            "venue_country",
            "venue_latitude",
            "venue_longitude",
            "online_url",
            "registration_url",
            "language",
            "description",
        )

    def stored_status(self) -> str:
        """The status in the database (not the form's instance, which on the revert page
        is an old version). One query for an existing event."""
        if self.instance.pk is None:
            return Status.DRAFT
        stored = (
            AnniversaryEvent.objects.filter(pk=self.instance.pk)
            .values_list("status", flat=True)
            .first()
        )
        return stored or Status.DRAFT

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and status not in services.allowed_statuses(
            by=self.user, current=self.stored_status()
        ):
            self.add_error("status", _("Only editors can publish or cancel an event."))
        organisation = cleaned.get("organisation")
        if (
            organisation is not None
            and not self.is_editor
            and not services.is_member(user=self.user, organisation_id=organisation.pk)
        ):
            self.add_error("organisation", _("You can only choose an organisation you belong to."))
        return cleaned


class CancelEventsForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Public cancellation note"),
        help_text=gettext_lazy("Shown with each event: say why it is cancelled."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


@admin.register(AnniversaryEvent)
class AnniversaryEventAdmin(NotFoundMixin, FoldedSearchMixin, HistoryAdmin):
    form = AnniversaryEventAdminForm
    list_display = (
        "title",
        "starts_at",
        "status",
        "organisation",
        "historical_event",
        "venue_city",
        "venue_country",
    )
    list_filter = (
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("historical_event", admin.RelatedOnlyFieldListFilter),
        "venue_country",
        "starts_at",
    )
    list_select_related = ("organisation", "historical_event")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("historical_event", "memorial")
    actions = ("submit_events", "publish_events", "unpublish_events", "cancel_events")
    fieldsets = (
        (None, {"fields": ("title", "slug", "organisation", "status", "cancellation_note")}),
        (gettext_lazy("Commemorates"), {"fields": ("historical_event", "memorial")}),
        (gettext_lazy("When"), {"fields": ("starts_at", "ends_at", "time_zone")}),
        (
            gettext_lazy("Where"),
            {
                "fields": (
                    "venue_name",
                    "venue_address",
                    "venue_city",
                    "venue_country",
                    "venue_latitude",
                    "venue_longitude",
                    "online_url",
                )
            },
        ),
        (
            gettext_lazy("About"),
            {"fields": ("description", "registration_url", "language")},
        ),
        (gettext_lazy("Record"), {"fields": TIMESTAMP_FIELDS, "classes": ("collapse",)}),
    )

    # Scope: the rows a user may see at all.

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request_is_editor(request):
            return queryset
        return queryset.of_organisations_of(request.user)

    def _is_own(self, request, obj) -> bool:
        return request_is_editor(request) or obj.organisation_id in organisation_ids(request)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._is_own(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._may_edit(request, obj))

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def _may_edit(self, request, obj) -> bool:
        if request_is_editor(request):
            return True
        return self._is_own(request, obj) and obj.status in services.ORGANISER_STATUSES

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical version of a row that is not
        # in the queryset (to show deleted records); only editors get that.
        if not request_is_editor(request):
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    # The form: choices narrowed for organisers, and checked again on save.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        form.is_editor = request_is_editor(request)
        return form

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not services.can_publish(request.user):
            readonly = (*readonly, "cancellation_note")
        return readonly

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        # The organisation autocomplete searches every organisation: editors only.
        return (*fields, "organisation") if request_is_editor(request) else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request_is_editor(request):
            kwargs["queryset"] = Organisation.objects.filter(memberships__user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not services.can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Status.choices
                if value in services.ORGANISER_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form has checked these; a save that skips the form must not skip them.
        if not request_is_editor(request) and obj.organisation_id not in organisation_ids(request):
            raise PermissionDenied
        if obj.status not in services.allowed_statuses(
            by=request.user, current=form.stored_status()
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    # Actions: each event goes through the service that owns the change.

    def _apply(self, request, queryset, change, done_message, **kwargs) -> None:
        done, refused = 0, []
        for event in queryset:
            try:
                change(event=event, by=request.user, **kwargs)
            except ValidationError as error:
                refused.append(f"{event}: {' '.join(error.messages)}")
            except PermissionDenied as error:
                refused.append(f"{event}: {error}")
            else:
                done += 1
        self.message_user(request, done_message(done))
        if refused:
            self.message_user(request, _("Not changed: %s") % "; ".join(refused), level="warning")

    @admin.action(description=gettext_lazy("Submit the selected drafts for review"))
    def submit_events(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.event_submit,
            lambda n: ngettext("%d event submitted.", "%d events submitted.", n) % n,
        )

    @admin.action(description=gettext_lazy("Publish the selected events"), permissions=("publish",))
    def publish_events(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.event_publish,
            lambda n: ngettext("%d event published.", "%d events published.", n) % n,
        )

    @admin.action(
        description=gettext_lazy("Unpublish the selected events (back to draft)"),
        permissions=("publish",),
    )
    def unpublish_events(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.event_unpublish,
            lambda n: ngettext("%d event unpublished.", "%d events unpublished.", n) % n,
        )

    @admin.action(description=gettext_lazy("Cancel the selected events…"), permissions=("publish",))
    def cancel_events(self, request, queryset):
        """Asks for the public note on a page of its own, then cancels."""
        form = CancelEventsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request,
                queryset,
                services.event_cancel,
                lambda n: ngettext("%d event cancelled.", "%d events cancelled.", n) % n,
                note=form.cleaned_data["note"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cancel events"),
            "opts": self.opts,
            "events": queryset,
            "form": form,
            "action_name": "cancel_events",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/events/anniversaryevent/cancel_events.html", context
        )


# --- Articles --------------------------------------------------------------------------


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    fields = ("position", "given_name", "family_name", "organisation_name")
    ordering = ("position", "id")


@admin.register(Article)
class ArticleAdmin(PublishActionsMixin, FoldedSearchMixin, HistoryAdmin):
    list_display = ("title", "kind", "published", "publisher", "language", "is_published")
    list_filter = ("is_published", "kind", "language", "published_on", "historical_events")
    autocomplete_fields = ("memorials", "historical_events", "anniversary_events", "cites")
    inlines = (ArticleAuthorInline,)
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "slug", "kind", "is_published")}),
        (
            gettext_lazy("Publication"),
            {
                "fields": (
                    "publisher",
                    "publisher_place",
                    "container_title",
                    "number",
                    "pages",
                    ("published_on", "published_on_precision"),
                    "url",
                    "accessed_on",
                    "language",
                )
            },
        ),
        (gettext_lazy("Abstract"), {"fields": ("abstract",)}),
        (
            gettext_lazy("About"),
            {"fields": ("memorials", "historical_events", "anniversary_events", "cites")},
        ),
        (gettext_lazy("Record"), {"fields": TIMESTAMP_FIELDS, "classes": ("collapse",)}),
    )

    @admin.display(description=gettext_lazy("published on"), ordering="published_on")
    def published(self, obj):
        return obj.published
