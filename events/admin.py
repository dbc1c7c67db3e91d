"""Back office for organisations, memberships and anniversary events.

Who sees and changes what is the events' access policy (`events.models`), applied by
`core.admin.HistoryAdmin` and enforced on the server, not by hiding buttons: organisers
see public events and their own organisations' events (any other answers 404), change
their own while draft or submitted, choose only those statuses and only their own
organisations. Status changes from the list page go through `events.services`, and so
does planning next year's edition of an event (`event_copy_to_next_anniversary`).

The form fits an organiser: their organisation is preselected when they have only one,
the time zone is typed with the IANA names offered as they type and, left empty, is the
chosen memorial's; it says which anniversary the event's start is.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import TIMESTAMP_FIELDS, FoldedSearchMixin, HistoryAdmin
from core.roles import is_editor
from core.timezones import time_zone_names
from events import services
from events.forms import TimeZoneInput
from events.models import AnniversaryEvent, Membership, Organisation

Status = AnniversaryEvent.Status


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
    """The change form; `user` is set per request by the admin."""

    user = None

    time_zone = forms.CharField(
        label=gettext_lazy("Time zone"),
        max_length=64,
        required=False,
        widget=TimeZoneInput,
        help_text=gettext_lazy(
            "The IANA time zone of the venue, such as Europe/Amsterdam: type a city to "
            "find it. Left empty, it is the chosen memorial's."
        ),
    )

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
        if status and status not in AnniversaryEvent.allowed_statuses(
            self.user, current=self.stored_status()
        ):
            self.add_error("status", _("Only editors can publish or cancel an event."))
        organisation = cleaned.get("organisation")
        if (
            organisation is not None
            and not Organisation.objects.choosable_by(self.user).filter(pk=organisation.pk).exists()
        ):
            self.add_error("organisation", _("You can only choose an organisation you belong to."))
        if not cleaned.get("time_zone") and "time_zone" not in self.errors:
            memorial = cleaned.get("memorial")
            if memorial is None:
                self.add_error("time_zone", _("Choose the time zone of the venue."))
            elif not memorial.time_zone:
                self.add_error(
                    "time_zone", _("Choose the time zone of the venue: the memorial has none.")
                )
            else:
                cleaned["time_zone"] = memorial.time_zone
        return cleaned


class CancelEventsForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Public cancellation note"),
        help_text=gettext_lazy("Shown with each event: say why it is cancelled."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


@admin.register(AnniversaryEvent)
class AnniversaryEventAdmin(FoldedSearchMixin, HistoryAdmin):
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
    actions = (
        "submit_events",
        "publish_events",
        "unpublish_events",
        "cancel_events",
        "plan_next_editions",
    )
    readonly_fields = (*TIMESTAMP_FIELDS, "anniversary_text")
    fieldsets = (
        (None, {"fields": ("title", "slug", "organisation", "status", "cancellation_note")}),
        (gettext_lazy("Commemorates"), {"fields": ("historical_event", "memorial")}),
        (
            gettext_lazy("When"),
            {"fields": ("starts_at", "ends_at", "time_zone", "anniversary_text")},
        ),
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

    # The form: choices narrowed for organisers, and checked again on save.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def get_changeform_initial_data(self, request):
        """An organiser of a single organisation finds it chosen; the time zone starts
        empty (the memorial's, see the form's `clean`) rather than the model's UTC."""
        initial = {"time_zone": "", **super().get_changeform_initial_data(request)}
        if "organisation" not in initial:
            choosable = list(Organisation.objects.choosable_by(request.user).only("pk")[:2])
            if len(choosable) == 1:
                initial["organisation"] = choosable[0].pk
        return initial

    @admin.display(description=gettext_lazy("anniversary"))
    def anniversary_text(self, event: AnniversaryEvent) -> str:
        """Which anniversary the start is, on the venue's calendar (`anniversary`): on
        the add page once a start has been entered. Reads event.historical_event: a
        query if it is not loaded."""
        if not (
            event.starts_at and event.historical_event_id and event.time_zone in time_zone_names()
        ):
            return _("Shown once the event has a start, a time zone and what it commemorates.")
        historical_event = event.historical_event
        remembered = (
            date_format(historical_event.remembrance_date)
            if historical_event.has_day
            else historical_event.when
        )
        names = {"event": historical_event.name, "remembered": remembered}
        if not event.anniversary:
            return _("The year of %(event)s itself (%(remembered)s).") % names
        return _("The %(ordinal)s anniversary of %(event)s (%(remembered)s).") % {
            **names,
            "ordinal": event.anniversary_ordinal,
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not AnniversaryEvent.can_publish(request.user):
            readonly = (*readonly, "cancellation_note")
        return readonly

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        # The organisation autocomplete searches every organisation: editors only.
        return (*fields, "organisation") if is_editor(request.user) else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.choosable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = AnniversaryEvent.allowed_statuses(request.user, current=Status.DRAFT)
            kwargs["choices"] = [(v, label) for v, label in Status.choices if v in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form has checked these; a save that skips the form must not skip them.
        if not Organisation.objects.choosable_by(request.user).filter(pk=obj.organisation_id):
            raise PermissionDenied
        if obj.status not in AnniversaryEvent.allowed_statuses(
            request.user, current=form.stored_status()
        ):
            raise PermissionDenied
        if change:  # a status change or a new cancellation note says so in the history
            stored = AnniversaryEvent.objects.get(pk=obj.pk)
            obj._change_reason = stored.change_reason(
                status=obj.status, cancellation_note=obj.cancellation_note
            )
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

    @admin.action(description=gettext_lazy("Plan next year's commemoration"), permissions=("add",))
    def plan_next_editions(self, request, queryset):
        """A draft of each selected event on the next anniversary, at the same local time
        (`services.event_copy_to_next_anniversary`); the message links to each draft."""
        planned, refused = [], []
        for event in queryset.select_related("organisation"):
            try:
                planned.append(
                    services.event_copy_to_next_anniversary(event=event, user=request.user)
                )
            except ValidationError as error:
                refused.append(f"{event}: {' '.join(error.messages)}")
            except PermissionDenied as error:
                refused.append(f"{event}: {error}")
        if planned:
            links = format_html_join(
                "; ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:events_anniversaryevent_change", args=[draft.pk]),
                        draft.title,
                        date_format(draft.local_start_date),
                    )
                    for draft in planned
                ),
            )
            count = len(planned)
            self.message_user(
                request,
                format_html(
                    ngettext("Planned %(count)d draft: {}", "Planned %(count)d drafts: {}", count)
                    % {"count": count},
                    links,
                ),
            )
        if refused:
            self.message_user(request, _("Not planned: %s") % "; ".join(refused), level="warning")
