"""The anniversaries in the API: "on this day" and the coming days, registered on the
`api/v1/` router by `register_routes`. What they list comes from `events.anniversaries`,
the same functions the public pages call.
"""

from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response

from core.api.conditional import ConditionalRequestMixin, list_state, make_etag
from core.api.fields import ApiUrlField, CountryField, WebUrlField
from core.api.schema import AutoSchema
from core.api.serializers import ProblemSerializer
from core.models import DatePrecision
from events.anniversaries import (
    MAX_DAYS,
    OnThisDayParameters,
    UpcomingParameters,
    on_this_day,
    upcoming,
)
from events.models import AnniversaryEvent, Organisation
from events.serializers import ZonedDateTimeField
from memorials.models import HistoricalEvent, Memorial

# A change to any of these may change an answer (deletions included, see `list_state`).
WATCHED_MODELS: tuple[type[Model], ...] = (
    HistoricalEvent,
    Memorial,
    AnniversaryEvent,
    Organisation,
)


# --- shapes --------------------------------------------------------------------------------
class RememberedEventSerializer(serializers.ModelSerializer):
    """The historical event an anniversary is of, with what is known of its date."""

    url = ApiUrlField("historicalevent")
    web_url = WebUrlField()
    when = serializers.CharField(
        read_only=True, help_text="The start as far as it is known: 1992, 1992-02 or 1992-02-26."
    )
    start_date_precision = serializers.ChoiceField(choices=DatePrecision.choices, read_only=True)

    class Meta:
        model = HistoricalEvent
        fields = ["slug", "url", "web_url", "name", "when", "start_date_precision", "place_name"]
        read_only_fields = fields


class AnniversaryMemorialSerializer(serializers.ModelSerializer):
    """A memorial that commemorates the historical event."""

    url = ApiUrlField("memorial")
    web_url = WebUrlField()
    country = CountryField(read_only=True)

    class Meta:
        model = Memorial
        fields = ["slug", "url", "web_url", "name", "city", "country"]
        read_only_fields = fields


class PlannedEventSerializer(serializers.ModelSerializer):
    """An anniversary event on the day of the anniversary, in its own time zone."""

    url = ApiUrlField("anniversaryevent")
    web_url = WebUrlField()
    starts_at = ZonedDateTimeField(read_only=True)
    ends_at = ZonedDateTimeField(read_only=True)

    class Meta:
        model = AnniversaryEvent
        fields = ["slug", "url", "web_url", "title", "status", "starts_at", "ends_at", "time_zone"]
        read_only_fields = fields


class AnniversarySerializer(serializers.Serializer):
    date = serializers.DateField(source="day", help_text="The day of the anniversary.")
    number = serializers.IntegerField(help_text="Which anniversary: 23 in 2015 for 1992.")
    ordinal = serializers.CharField(help_text="The number in words of the language: 23rd.")
    historical_event = RememberedEventSerializer()
    events = PlannedEventSerializer(
        many=True,
        help_text="Events commemorating it that take place on that day in their own time zone.",
    )


class OnThisDayAnniversarySerializer(AnniversarySerializer):
    memorials = AnniversaryMemorialSerializer(many=True, help_text="Memorials that commemorate it.")


class MonthAnniversarySerializer(serializers.Serializer):
    month = serializers.DateField(
        format="%Y-%m", help_text="The month of the anniversary (YYYY-MM): its day is not known."
    )
    number = serializers.IntegerField()
    ordinal = serializers.CharField()
    historical_event = RememberedEventSerializer()


class OnThisDaySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    anniversaries = OnThisDayAnniversarySerializer(
        many=True, help_text="Historical events known to the day, remembered on it."
    )
    known_to_the_month = MonthAnniversarySerializer(
        many=True, help_text="Historical events known only to the month, in this month."
    )


class UpcomingSerializer(serializers.Serializer):
    """`from` and `to` are the days listed (`to` included), as asked or by default."""

    first = serializers.DateField(source="first", help_text="The first day.")
    last = serializers.DateField(source="last", help_text="The last day (included).")
    days = serializers.IntegerField(help_text="How many days are listed.")
    anniversaries = AnniversarySerializer(
        many=True, help_text="In date order, then by historical event name."
    )
    known_to_the_month = MonthAnniversarySerializer(
        many=True,
        help_text="Historical events known only to the month, in each month the days touch.",
    )

    def get_fields(self):
        # `from` is a Python keyword: the fields are renamed here.
        fields = super().get_fields()
        return {"from": fields.pop("first"), "to": fields.pop("last"), **fields}


# --- parameters ----------------------------------------------------------------------------
TZ = OpenApiParameter(
    "tz",
    OpenApiTypes.STR,
    description=(
        "An IANA time zone: which day is today. Default: the site's time zone. An unknown "
        "zone is a 400 naming `tz`."
    ),
    pattern=r"^([A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*)?$",
    examples=[OpenApiExample("Baku", value="Asia/Baku")],
)
# An empty value is the default, as if the parameter were absent (HTML forms send empty
# fields), so every documented form admits it; the same for the filters of the lists.
A_DATE_OR_EMPTY = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "enum": [""]}]
}

DATE = OpenApiParameter(
    "date",
    A_DATE_OR_EMPTY,
    description="The day (YYYY-MM-DD). Default: today in `tz`.",
    examples=[OpenApiExample("26 February 2015", value="2015-02-26")],
)
FROM = OpenApiParameter(
    "from",
    A_DATE_OR_EMPTY,
    description="The first day (YYYY-MM-DD). Default: today in `tz`.",
    examples=[OpenApiExample("1 February 2026", value="2026-02-01")],
)
DAYS = OpenApiParameter(
    "days",
    {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
    description=f"How many days, 1 to {MAX_DAYS}. Default: 30.",
    examples=[OpenApiExample("A week", value=7)],
)


class Validators(ConditionalRequestMixin):
    """The conditional-request machinery of the resource viewsets (validators, 304,
    headers) for a view that is not a resource: inheriting the mixin would also bring its
    list and item actions, which the router would route."""

    def __init__(self, view):
        self.request = view.request
        self.basename = view.basename


class AnniversarySchema(AutoSchema):
    """The resource viewsets' schema: these answers are conditional too (304, validators)."""

    def is_conditional(self) -> bool:
        return True


class AnniversaryViewSet(viewsets.GenericViewSet):
    """Anniversaries of the historical events.

    - `GET /api/v1/anniversaries/on-this-day/?date=YYYY-MM-DD` (or `?tz=Asia/Baku` for
      today there): 200 with the historical events known to the day remembered on it
      (29 February events on 28 February in common years, or 1 March as each says), each
      with its number, memorials and the events on that day; and those known only to the
      month; 400 naming `date` or `tz`; 304.
    - `GET /api/v1/anniversaries/upcoming/?from=YYYY-MM-DD&days=N`: 200 with the
      anniversaries of N days (default 30, at most 366) in date order, each with the
      events on its day; 400 naming `from`, `days` or `tz`; 304.

    An event goes with an anniversary when it takes place on that day in its own time
    zone. Everyone reads these; drafts appear to those who may see them. Each answer costs
    one statement of validators and at most 4 queries.
    """

    permission_classes = [permissions.AllowAny]
    pagination_class = None
    schema = AnniversarySchema()

    def parameters(self, form_class):
        """The query parameters, validated by the same form the pages use; a 400 naming
        each invalid one."""
        form = form_class(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {
                    name: [ErrorDetail(error["message"], error["code"]) for error in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        return form.cleaned_data

    def conditional(self, key: tuple, answer) -> Response:
        """`answer()` with validators naming `key` (the resolved parameters: "today"
        changes with the date), or a 304 after one statement."""
        validators = Validators(self)
        last = list_state(HistoricalEvent.objects.none(), WATCHED_MODELS, count_limit=None)[1]
        etag = make_etag(validators.representation_variant(), validators.audience(), key, last)
        not_modified = validators.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        return validators.with_validators(answer(), etag, last)

    @extend_schema(
        operation_id="anniversaries_on_this_day",
        summary="On this day",
        description=(
            "The historical events known to the day whose anniversary falls on `date` "
            "(today in `tz` by default), each with its number, the memorials that "
            "commemorate it and the events on that day; and those known only to the "
            "month, with their number for this month. A 29 February event is on 28 "
            "February in common years, or on 1 March when it says so."
        ),
        parameters=[DATE, TZ],
        responses={200: OnThisDaySerializer, 400: ProblemSerializer},
    )
    @action(detail=False, methods=["get"], url_path="on-this-day", url_name="on-this-day")
    def on_this_day(self, request):
        day = self.parameters(OnThisDayParameters)["day"]

        def answer():
            found = on_this_day(request.user, day)
            return Response(OnThisDaySerializer(found, context=self.get_serializer_context()).data)

        return self.conditional(("on-this-day", day), answer)

    @extend_schema(
        operation_id="anniversaries_upcoming",
        summary="Upcoming anniversaries",
        description=(
            "The anniversaries of `days` days from `from` (today in `tz` by default), in "
            "date order, each with its number and the events on its day; and the events "
            "known only to the month in the months those days touch."
        ),
        parameters=[FROM, DAYS, TZ],
        responses={200: UpcomingSerializer, 400: ProblemSerializer},
    )
    @action(detail=False, methods=["get"])
    def upcoming(self, request):
        window = self.parameters(UpcomingParameters)
        first, last = window["first"], window["last"]

        def answer():
            found = upcoming(request.user, first, last)
            return Response(UpcomingSerializer(found, context=self.get_serializer_context()).data)

        return self.conditional(("upcoming", first, last), answer)


def register_routes(router) -> None:
    """Add the anniversaries to `router`."""
    router.register("anniversaries", AnniversaryViewSet, basename="anniversary")
